/**
 * `stackdeck build` in a project that keeps its diagrams in `public/figures`
 * (`"stackdeck": { "diagramsOutDir": … }` in package.json), run as a user does: the
 * diagrams are written there, and the exported HTML shows the dark variant on the
 * `invert` slide although the deck names the light file.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStackdeck, type CliRun } from '../fixtures/decks/project.ts'
import { inlinedDiagramSvgs, lightAndDarkDeck, rootId } from '../support/diagram-deck.ts'
import { createTempProject, goodStack, type TempProject } from '../support/temp-project.ts'

describe('build with the diagrams folder set in package.json', () => {
  let project: TempProject
  let run: CliRun

  beforeAll(async () => {
    project = await createTempProject({ 'stack.ts': goodStack('Stack') })
    const pkg = JSON.parse(await readFile(join(project.root, 'package.json'), 'utf8')) as object
    await writeFile(
      join(project.root, 'package.json'),
      JSON.stringify({ ...pkg, stackdeck: { diagramsOutDir: 'public/figures' } }),
    )
    await mkdir(join(project.root, 'slides'), { recursive: true })
    await writeFile(
      join(project.root, 'slides', 'deck.md'),
      lightAndDarkDeck('../public/figures/stack.svg'),
    )
    run = await runStackdeck(['build', '--root', project.root, '--only', 'html'])
  })

  afterAll(() => project?.cleanup())

  it('writes the diagrams to the configured folder only', () => {
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(existsSync(join(project.root, 'public', 'figures', 'stack.dark.svg'))).toBe(true)
    expect(existsSync(join(project.root, 'assets'))).toBe(false)
  })

  it('exports the dark variant on the invert slide', async () => {
    const html = await readFile(join(project.root, 'dist', 'deck.html'), 'utf8')
    expect(new Set(inlinedDiagramSvgs(html).map(rootId))).toEqual(
      new Set(['sd-stack', 'sd-stack-dark']),
    )
  })
})
