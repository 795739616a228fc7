/**
 * The font families stackdeck ships (npm packages, SIL OFL) and embeds in every export as
 * subsets of the deck's characters. A theme may name them as it knows them ('Lato',
 * 'Noto Sans JP', 'Roboto Mono': what gaia and common web-font themes ask a CDN for);
 * portable-css.ts rewrites those names to stackdeck's own family names, so the embedded
 * face is used even where a system font of the same name exists, and one subset serves
 * every alias.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { FONT_FILES } from '../text/font.ts'
import { TEXT_FEATURES, subsetWoffBase64 } from '../text/subset.ts'

const require = createRequire(import.meta.url)

export interface BundledFace {
  readonly weight: number
  readonly style: 'normal' | 'italic'
  readonly file: string
}

export interface BundledFamily {
  /** The family name stackdeck declares with @font-face. */
  readonly family: string
  /** Names themes use for the same design (lower case), rewritten to `family`. */
  readonly aliases: readonly string[]
  readonly monospace: boolean
  readonly faces: readonly BundledFace[]
}

/** Text, Japanese included: Noto Sans JP. The fallback of every text font stack. */
export const DECK_FONT_FAMILY = 'Stackdeck Sans'
/** Code: Roboto Mono (gaia's code font); Japanese in code falls back to Stackdeck Sans. */
export const DECK_MONO_FAMILY = 'Stackdeck Mono'

const lato = (weight: number, italic: boolean): BundledFace => {
  const name = `${weight}${{ 400: 'Regular', 700: 'Bold', 900: 'Black' }[weight] ?? ''}`
  const dir = `${name}${italic ? '_Italic' : ''}`
  return {
    weight,
    style: italic ? 'italic' : 'normal',
    file: require.resolve(`@expo-google-fonts/lato/${dir}/Lato_${dir}.ttf`),
  }
}

export const BUNDLED_FAMILIES: readonly BundledFamily[] = [
  {
    family: DECK_FONT_FAMILY,
    aliases: ['stackdeck sans', 'noto sans jp', 'noto sans cjk jp', 'noto sans japanese'],
    monospace: false,
    faces: [
      { weight: 400, style: 'normal', file: FONT_FILES.regular },
      { weight: 700, style: 'normal', file: FONT_FILES.bold },
    ],
  },
  {
    family: DECK_MONO_FAMILY,
    aliases: ['stackdeck mono', 'roboto mono'],
    monospace: true,
    faces: [
      { weight: 400, style: 'normal', file: FONT_FILES.mono },
      { weight: 700, style: 'normal', file: FONT_FILES.monoBold },
    ],
  },
  {
    family: 'Stackdeck Lato',
    aliases: ['stackdeck lato', 'lato'],
    monospace: false,
    faces: [400, 700, 900].flatMap((w) => [lato(w, false), lato(w, true)]),
  },
]

const byAlias = new Map(
  BUNDLED_FAMILIES.flatMap((f) => f.aliases.map((alias) => [alias, f] as const)),
)

/** The bundled family a theme's family name stands for, if stackdeck ships it. */
export function bundledFamily(name: string): BundledFamily | undefined {
  return byAlias.get(name.trim().toLowerCase())
}

/** Always embedded: ASCII (page numbers, code, URLs) and common Japanese punctuation. */
const BASE_CHARACTERS =
  Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') +
  '、。・「」『』（）：？！ー〜…―'

const fontData = new Map<string, Buffer>()

function data(file: string): Buffer {
  let buffer = fontData.get(file)
  if (!buffer) {
    buffer = readFileSync(file)
    fontData.set(file, buffer)
  }
  return buffer
}

function fontFace(family: string, face: BundledFace, text: string): string {
  // HarfBuzz keeps only the characters the font has: Lato and Roboto Mono get the Latin ones.
  const base64 = subsetWoffBase64(face.file, data(face.file), BASE_CHARACTERS + text, TEXT_FEATURES)
  return `@font-face{font-family:"${family}";font-style:${face.style};font-weight:${face.weight};font-display:block;src:url(data:font/woff;base64,${base64}) format("woff")}`
}

/**
 * @font-face rules for `families` (default: text and code), each face subset to the
 * characters of `text`.
 */
export function bundledFontCss(
  text: string,
  families: ReadonlySet<string> = new Set([DECK_FONT_FAMILY, DECK_MONO_FAMILY]),
): string {
  return BUNDLED_FAMILIES.filter((f) => families.has(f.family))
    .flatMap((f) => f.faces.map((face) => fontFace(f.family, face, text)))
    .join('\n')
}
