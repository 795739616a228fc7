import type { RenderContext } from '../../src/diagrams/render-diagram.ts'
import { loadFont } from '../../src/text/font.ts'
import { loadPalettes } from '../../src/theme/palette.ts'
import { THEME_FILE } from './paths.ts'

let context: RenderContext | undefined

/** The real theme palettes and the bundled font, loaded once per test file. */
export function realContext(): RenderContext {
  context ??= { palettes: loadPalettes(THEME_FILE), font: loadFont() }
  return context
}
