/**
 * A project whose diagrams go to a folder of its own (`public/figures`, as `diagrams --out`
 * or `stackdeck.diagramsOutDir` set it): dev renders into that folder and re-renders into
 * it on save, the deck shows the dark variant on its `invert` slide, and the HTML export
 * (marp-cli with stackdeck's engine) does the same. Nothing is written to assets/.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/config.ts'
import { runDev, type DevHandle } from '../../src/dev/run-dev.ts'
import { linesWithRole, parseSvg } from '../support/svg.ts'
import { inlinedDiagramSvgs, lightAndDarkDeck, rootId } from '../support/diagram-deck.ts'
import { createTempProject, demoDefinition, waitFor, type TempProject } from './temp-project.ts'

describe('dev with a configured diagrams folder', () => {
  let project: TempProject
  let dev: DevHandle

  beforeAll(async () => {
    project = await createTempProject('diagrams-out')
    await project.write('slides/demo.md', lightAndDarkDeck('../public/figures/demo.svg'))
    dev = await runDev(resolveConfig({ root: project.root, diagramsOutDir: 'public/figures' }), {
      host: '127.0.0.1',
      port: 0,
    })
  })

  afterAll(async () => {
    await dev?.close()
    await project?.dispose()
  })

  it('renders into the folder, and the invert slide shows the dark variant', async () => {
    expect(existsSync(project.path('public/figures/demo.svg'))).toBe(true)
    expect(existsSync(project.path('public/figures/demo.dark.svg'))).toBe(true)
    expect(existsSync(project.path('assets'))).toBe(false)
    expect(dev.session.problems()).toEqual([])
    const view = dev.session.view('demo')!
    expect(view.diagrams).toEqual(['demo'])
    expect(inlinedDiagramSvgs(view.html).map(rootId)).toEqual(['sd-demo', 'sd-demo-dark'])
  })

  it('re-renders into the folder on save and updates the deck', async () => {
    await project.write('slides/diagrams/demo.ts', demoDefinition({ top: 'Edited' }))
    await waitFor('the SVG in public/figures to show the edit', async () =>
      linesWithRole(
        parseSvg(await readFile(project.path('public/figures/demo.dark.svg'), 'utf8')),
        'label',
      ).includes('Edited'),
    )
    await waitFor('the deck to show the edit', () =>
      inlinedDiagramSvgs(dev.session.view('demo')!.html).every((svg) =>
        linesWithRole(parseSvg(svg), 'label').includes('Edited'),
      ),
    )
    expect(inlinedDiagramSvgs(dev.session.view('demo')!.html).map(rootId)).toEqual([
      'sd-demo',
      'sd-demo-dark',
    ])
    expect(existsSync(project.path('assets'))).toBe(false)
  })

  it('exports HTML with the dark variant on the invert slide', async () => {
    const response = await fetch(`${dev.url}demo.html`)
    expect(response.status).toBe(200)
    const html = await response.text()
    // Both variants are inlined once each (repeated assets are stored once).
    expect(new Set(inlinedDiagramSvgs(html).map(rootId))).toEqual(
      new Set(['sd-demo', 'sd-demo-dark']),
    )
  })

  it('deletes only the SVGs it wrote when a definition is deleted', async () => {
    // Named like a step of `demo`, but drawn by hand: not stackdeck's to remove.
    const handMade = '<svg xmlns="http://www.w3.org/2000/svg" id="logo"/>'
    await project.write('public/figures/demo--logo.svg', handMade)
    const source = await readFile(project.path('slides/diagrams/demo.ts'), 'utf8')
    await project.remove('slides/diagrams/demo.ts')
    await waitFor("the deleted diagram's SVGs to go", () =>
      ['demo.svg', 'demo.dark.svg'].every((f) => !existsSync(project.path(`public/figures/${f}`))),
    )
    expect(await readFile(project.path('public/figures/demo--logo.svg'), 'utf8')).toBe(handMade)
    await project.write('slides/diagrams/demo.ts', source)
    await waitFor('the diagram to come back', () =>
      existsSync(project.path('public/figures/demo.dark.svg')),
    )
  })
})
