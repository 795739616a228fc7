/**
 * Child process for the engine suite's cold-start measurement: renders one diagram with
 * one tool, writes the SVG(s) and exits, the way a one-shot CLI run would.
 *
 *   node --import tsx bench/engine/cold-one.ts <stackdeck|d2|d2-noto|baseline> <pair> <out-dir>
 *
 * `baseline` only starts (node + tsx) and exits: the floor both tools stand on.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PAIRS } from './pairs.ts'

const [tool, pairName, outDir] = process.argv.slice(2)
const pair = PAIRS.find((p) => p.name === pairName)
if (!tool || !pair || !outDir) {
  console.error('usage: cold-one.ts <stackdeck|d2|d2-noto|baseline> <pair> <out-dir>')
  process.exit(2)
}
const themeFile = new URL('../../themes/stackdeck.css', import.meta.url).pathname

if (tool === 'stackdeck') {
  const { renderDiagram } = await import('../../src/diagrams/render-diagram.ts')
  const { loadPalettes } = await import('../../src/theme/palette.ts')
  const { loadFont } = await import('../../src/text/font.ts')
  const rendered = await renderDiagram(pair.define(''), pair.name, {
    palettes: loadPalettes(themeFile),
    font: loadFont(),
  })
  await Promise.all(rendered.map((r) => writeFile(join(outDir, r.fileName), r.svg)))
} else if (tool === 'd2' || tool === 'd2-noto') {
  const { D2 } = await import('@terrastruct/d2')
  const { loadPalettes } = await import('../../src/theme/palette.ts')
  const { stackToD2 } = await import('./d2-text.ts')
  const { d2FontOptions } = await import('./d2-client.ts')
  const source = stackToD2(pair.define(''), loadPalettes(themeFile).light)
  const d2 = new D2()
  const compiled = await d2.compile({
    fs: { index: source },
    options: tool === 'd2-noto' ? d2FontOptions() : {},
  })
  const svg = await d2.render(compiled.diagram, compiled.renderOptions)
  await writeFile(join(outDir, `${pair.name}.svg`), svg)
  // D2 keeps a worker thread alive; a CLI would exit here.
  process.exit(0)
} else if (tool !== 'baseline') {
  console.error(`unknown tool '${tool}'`)
  process.exit(2)
}
