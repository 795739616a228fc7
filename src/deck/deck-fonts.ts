/**
 * Slide text is set in the bundled Noto Sans JP, embedded in every export as a subset of
 * the characters the deck uses, so a machine without Japanese fonts shows the same slides
 * (Chromium draws HTML, PDF and PPTX pages from these @font-face rules).
 *
 * WOFF2 here, unlike diagrams: a deck's subset is hundreds of glyphs, where WOFF2's
 * ~30 % smaller output is worth its slower compression, and it is made once per build.
 */
import subsetFont from 'subset-font'
import { readFileSync } from 'node:fs'
import { FONT_FILES } from '../text/font.ts'

/** Family name the theme uses; distinct from the system-installed "Noto Sans JP". */
export const DECK_FONT_FAMILY = 'Stackdeck Sans'

/** Always embedded: ASCII (page numbers, code, URLs) and common Japanese punctuation. */
const BASE_CHARACTERS =
  Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') + '、。・「」『』（）：？！ー〜…―'

const fontData = new Map<string, Buffer>()
const cache = new Map<string, Promise<string>>()

function characterKey(text: string): string {
  return [...new Set(BASE_CHARACTERS + text)].filter((c) => c !== '\n' && c !== '\r').sort().join('')
}

async function face(weight: 400 | 700, chars: string): Promise<string> {
  const file = weight === 400 ? FONT_FILES.regular : FONT_FILES.bold
  let data = fontData.get(file)
  if (!data) {
    data = readFileSync(file)
    fontData.set(file, data)
  }
  const woff2 = await subsetFont(data, chars, { targetFormat: 'woff2' })
  return `@font-face{font-family:"${DECK_FONT_FAMILY}";font-style:normal;font-weight:${weight};font-display:block;src:url(data:font/woff2;base64,${woff2.toString('base64')}) format("woff2")}`
}

/** @font-face rules (regular and bold) covering every character of `text`. Cached by character set. */
export function deckFontCss(text: string): Promise<string> {
  const chars = characterKey(text)
  let pending = cache.get(chars)
  if (!pending) {
    pending = Promise.all([face(400, chars), face(700, chars)]).then((faces) => faces.join('\n'))
    cache.set(chars, pending)
    pending.catch(() => cache.delete(chars))
  }
  return pending
}
