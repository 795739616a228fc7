/**
 * The GitHub Pages workflow runs exactly the README's install and build commands and
 * publishes dist/ with the official Pages actions.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT } from '../support/paths.ts'

interface Step {
  readonly uses?: string
  readonly run?: string
  readonly with?: Record<string, unknown>
  readonly env?: Record<string, unknown>
}
interface Job {
  readonly 'runs-on': string
  readonly needs?: string
  readonly steps: readonly Step[]
  readonly environment?: { readonly name: string }
}
interface Workflow {
  readonly on: { readonly push: { readonly branches: readonly string[] } }
  readonly permissions: Record<string, string>
  readonly concurrency: { readonly group: string }
  readonly jobs: Record<string, Job>
}

/** The commands of the README's quick start: `npm ci && npm run build     # comment`. */
async function readmeCommands(): Promise<string[]> {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8')
  const quickStart = readme.slice(readme.indexOf('## Quick start'))
  const block = /```sh\n([^\n]*)\n/.exec(quickStart)?.[1]
  if (block === undefined) throw new Error('README: no sh block under Quick start')
  return block
    .replace(/#.*$/, '')
    .split('&&')
    .map((c) => c.trim())
}

const workflow = async () =>
  parse(await readFile(join(REPO_ROOT, '.github', 'workflows', 'slides.yml'), 'utf8')) as Workflow

describe('.github/workflows/slides.yml', () => {
  it("runs exactly the README's install and build commands, in order, on a stock runner", async () => {
    const { jobs, on } = await workflow()
    expect(on.push.branches).toEqual(['main'])
    const runs = Object.values(jobs).flatMap((job) => job.steps.flatMap((s) => s.run ?? []))
    expect(runs).toEqual(await readmeCommands())
    expect(await readmeCommands()).toEqual(['npm ci', 'npm run build'])
    for (const job of Object.values(jobs)) expect(job['runs-on']).toBe('ubuntu-latest')
  })

  it('uploads dist/ and deploys it with the official Pages actions', async () => {
    const { jobs, permissions, concurrency } = await workflow()
    const steps = Object.values(jobs).flatMap((job) => job.steps)
    const upload = steps.filter((s) => s.uses?.startsWith('actions/upload-pages-artifact@'))
    expect(upload).toHaveLength(1)
    expect(upload[0]!.with).toEqual({ path: 'dist' })
    const deployJob = Object.values(jobs).find((job) =>
      job.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@')),
    )
    expect(deployJob?.environment?.name).toBe('github-pages')
    // The upload happens after the build, in the job the deployment waits for.
    const buildJob = Object.entries(jobs).find(([, job]) => job.steps.includes(upload[0]!))
    expect(deployJob?.needs).toBe(buildJob?.[0])
    const order = buildJob![1].steps.map((s) => s.run ?? s.uses)
    expect(order.indexOf('npm run build')).toBeLessThan(order.indexOf(upload[0]!.uses))
    expect(permissions).toMatchObject({ pages: 'write', 'id-token': 'write' })
    expect(concurrency.group).toBe('pages')
  })
})
