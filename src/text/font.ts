/**
 * The bundled font: Noto Sans JP Regular from the `@expo-google-fonts/noto-sans-jp` npm
 * package (SIL OFL 1.1, which allows embedding subsets). Layout measures text with this
 * exact file and the SVG embeds a subset of it, so a label is as wide in every viewer as
 * it was when its box was sized.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import * as fontkit from 'fontkit'

const require = createRequire(import.meta.url)

export const FONT_FAMILY = 'Noto Sans JP'
export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
  /** Roboto Mono (Apache 2.0), gaia's own code font, which gaia would fetch from a CDN. */
  mono: require.resolve('@expo-google-fonts/roboto-mono/400Regular/RobotoMono_400Regular.ttf'),
  monoBold: require.resolve('@expo-google-fonts/roboto-mono/700Bold/RobotoMono_700Bold.ttf'),
} as const

/** Measures text set in the bundled font. Widths in CSS px. */
export interface TextMeasurer {
  /** Advance width of `text` at `size` px, with the font's kerning applied. */
  width(text: string, size: number): number
  /** Distance from the top of a line's content box to its baseline, per px of font size. */
  readonly ascent: number
  /** Height of a line's content box (ascent + descent), per px of font size. */
  readonly contentHeight: number
  /** Whether the font draws this character (emoji and rare symbols fall back elsewhere). */
  covers(codePoint: number): boolean
}

export interface BundledFont extends TextMeasurer {
  readonly file: string
  /** The whole font file, for subsetting. */
  readonly data: Buffer
}

/**
 * Kerning only, as the embedded diagram subset has (see DIAGRAM_FEATURES in subset.ts):
 * fontkit would otherwise apply its defaults (ligatures, localized forms) and measure
 * glyphs the browser never draws.
 */
const MEASURED_FEATURES: Record<string, boolean> = {
  kern: true,
  liga: false,
  clig: false,
  calt: false,
  rlig: false,
  locl: false,
  ccmp: false,
}

let cached: BundledFont | undefined

/** Loads the bundled font once per process; later calls return the same parsed font. */
export function loadFont(): BundledFont {
  cached ??= openFont(FONT_FILES.regular)
  return cached
}

function openFont(file: string): BundledFont {
  const data = readFileSync(file)
  const parsed = fontkit.create(data)
  if (!('layout' in parsed)) throw new Error(`${file} is a font collection, expected one font`)
  const font = parsed
  const unitsPerEm = font.unitsPerEm
  // Widths per distinct string at 1 px: labels repeat across diagrams, renders and steps.
  const widths = new Map<string, number>()
  const fallbackAdvance = 1 // em; a missing glyph is drawn by some other font, about 1em wide
  return {
    file,
    data,
    ascent: font.ascent / unitsPerEm,
    contentHeight: (font.ascent - font.descent) / unitsPerEm,
    covers: (codePoint) => font.hasGlyphForCodePoint(codePoint),
    width(text, size) {
      let perPx = widths.get(text)
      if (perPx === undefined) {
        const run = font.layout(text, MEASURED_FEATURES)
        perPx = run.advanceWidth / unitsPerEm
        for (const glyph of run.glyphs) {
          if (glyph.id === 0) perPx += fallbackAdvance
        }
        widths.set(text, perPx)
      }
      return perPx * size
    },
  }
}
