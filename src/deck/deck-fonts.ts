/**
 * Slide text is set in the bundled Noto Sans JP, embedded in every export as a subset of
 * the characters the deck uses, so a machine without Japanese fonts shows the same slides
 * (Chromium draws HTML, PDF and PPTX pages from these @font-face rules).
 */
import { readFileSync } from 'node:fs'
import { FONT_FILES } from '../text/font.ts'
import { TEXT_FEATURES, subsetWoffBase64, woffFontFace } from '../text/subset.ts'

/** Family names the theme uses; distinct from system-installed fonts of the same design. */
export const DECK_FONT_FAMILY = 'Stackdeck Sans'
export const DECK_MONO_FAMILY = 'Stackdeck Mono'

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

function face(family: string, file: string, weight: 400 | 700, text: string): string {
  // HarfBuzz keeps only the characters the font has: Roboto Mono gets the Latin ones.
  const base64 = subsetWoffBase64(file, data(file), BASE_CHARACTERS + text, TEXT_FEATURES)
  return woffFontFace(family, base64, weight)
}

/** @font-face rules (text and code, regular and bold) covering every character of `text`. */
export function deckFontCss(text: string): string {
  return [
    face(DECK_FONT_FAMILY, FONT_FILES.regular, 400, text),
    face(DECK_FONT_FAMILY, FONT_FILES.bold, 700, text),
    face(DECK_MONO_FAMILY, FONT_FILES.mono, 400, text),
    face(DECK_MONO_FAMILY, FONT_FILES.monoBold, 700, text),
  ].join('\n')
}
