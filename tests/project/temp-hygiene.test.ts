/**
 * Nothing piles up: builds killed with SIGKILL at random moments never leave a damaged
 * output, and the next build removes what they left (temps in dist/ and assets/diagrams/,
 * browser profiles in the temp folder); Ctrl-C removes a build's own temps at once. Each
 * build gets a private TMPDIR so the "system temp folder" can be inspected.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureProject, type TempProject } from '../fixtures/decks/project.ts'
import { pidsUsing } from '../../src/util/process-tree.ts'
import { REPO_ROOT } from '../support/paths.ts'

let project: TempProject
let systemTemp: string

beforeAll(async () => {
  project = await fixtureProject('temp-hygiene')
  systemTemp = await mkdtemp(join(tmpdir(), 'stackdeck-hygiene-tmp-'))
  const first = await project.build([], { TMPDIR: systemTemp })
  expect(first.code, first.stderr).toBe(0)
}, 120_000)

afterAll(async () => {
  await project?.remove()
  if (systemTemp) await rm(systemTemp, { recursive: true, force: true })
})

/** Every file under `dir`, relative. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

/**
 * The temp folder's entries, less tsx's compile cache (`tsx-<uid>`, one folder per user)
 * and the TypeScript compiler's code cache (one file per installed compiler): reused by
 * every run, they do not grow with runs.
 */
const systemTemps = async () =>
  (await readdir(systemTemp)).filter(
    (e) => !/^tsx-\d+$/.test(e) && !/^stackdeck-typescript-[\w-]+\.v8cache$/.test(e),
  )

const temps = async (dir: string) => (await files(dir)).filter((f) => /\.tmp-\d+-/.test(f))

/** Whether an export is whole: HTML ends, the PDF has its trailer, the PPTX unzips. */
async function whole(file: string): Promise<boolean> {
  const data = await readFile(file)
  if (file.endsWith('.html')) return /<\/html>\s*$/i.test(data.toString('utf8'))
  if (file.endsWith('.pdf'))
    return data.subarray(0, 5).toString() === '%PDF-' && data.subarray(-1024).includes('%%EOF')
  if (file.endsWith('.pptx')) {
    const zip = await JSZip.loadAsync(data).catch(() => undefined)
    return zip?.file('ppt/presentation.xml') != null
  }
  return true
}

/** Starts a build and kills it with `signal` after `ms`; resolves when it has exited. */
function killBuildAfter(ms: number, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'stackdeck.mjs'), 'build', '--root', project.root],
      { env: { ...process.env, TMPDIR: systemTemp, NO_COLOR: '1' }, stdio: 'ignore' },
    )
    const timer = setTimeout(() => child.kill(signal), ms)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

describe('killed builds', () => {
  it('never leave a damaged output, and the next build leaves no temp behind', async () => {
    const outputs = ['extra', 'showcase'].flatMap((d) =>
      (['html', 'pdf', 'pptx'] as const).map((f) => project.output(d, f)),
    )
    // Moments spread over the whole build: diagrams, check, each export, the renames.
    for (const ms of [150, 400, 800, 1300, 1900, 2600, 3400, 4300, 5500, 7000]) {
      await killBuildAfter(ms, 'SIGKILL')
      for (const file of outputs)
        expect(await whole(file), `${file} after kill at ${ms} ms`).toBe(true)
    }
    const next = await project.build([], { TMPDIR: systemTemp })
    expect(next.code, next.stderr).toBe(0)
    expect(await temps(project.root)).toEqual([])
    // Killed runs' browser profiles were in their run folders; the next build removed them,
    // and stopped the browsers the killed runs had left running.
    expect(await systemTemps()).toEqual([])
    expect(pidsUsing(systemTemp)).toEqual([])
  }, 240_000)

  it('Ctrl-C and SIGTERM remove the run’s own temps and profiles at once', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const code = await killBuildAfter(3000, signal)
      expect(code === 130 || code === 143 || code === 0).toBe(true)
      expect(await temps(project.root)).toEqual([])
      expect(await systemTemps()).toEqual([])
    }
  }, 60_000)
})
