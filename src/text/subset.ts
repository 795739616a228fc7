/**
 * Font subsetting for both diagrams and decks. subset-font (HarfBuzz's subsetter compiled
 * to wasm) cuts the 5.5 MB Noto Sans JP down to the characters used.
 *
 * Format and features were chosen by measurement here (numbers per call, best of 3):
 * - a diagram (~60 distinct characters): all OpenType features kept, WOFF 10.5 KB in
 *   3.7 ms; only the features browsers apply to horizontal text by default, WOFF 4.9 KB in
 *   2.3 ms; WOFF2 30–60 ms for ~2 KB less; raw TrueType ~1 ms but 35 % larger.
 * - a deck (~470 characters): WOFF2 107 KB in 590 ms (61 KB / 340 ms with few features);
 *   WOFF with the default features 76 KB in 10 ms.
 * WOFF with the default horizontal features wins both: small enough, fast enough to
 * redo on every save in the dev server. Results are cached by character set.
 */
import subsetFont from 'subset-font'

/** Features browsers apply to horizontal HTML text by default; vertical forms and the like are dropped. */
export const TEXT_FEATURES: readonly string[] = [
  'ccmp',
  'locl',
  'mark',
  'mkmk',
  'calt',
  'clig',
  'liga',
  'rlig',
  'kern',
]

/**
 * Diagram text keeps kerning only. Chromium prints text inside an SVG <img> into a PDF
 * with only the font's character map to say which glyph is which character: a glyph that
 * a feature substituted (Noto Sans JP's `locl` swaps the digits, `liga` joins "fi") has no
 * entry there, and "Type 2" would be extracted and searched as "Type \0". Layout measures
 * with the same features (see text/font.ts).
 */
export const DIAGRAM_FEATURES: readonly string[] = ['kern']

const cache = new Map<string, Promise<string>>()

/** Sorted distinct characters of `text`, plus a space: the cache key and the subset's content. */
export function characterSet(text: string): string {
  return [...new Set(`${text} `)]
    .filter((c) => c !== '\n' && c !== '\r')
    .sort()
    .join('')
}

/**
 * Base64 WOFF of `fontData` holding exactly the characters of `text` and the OpenType
 * `features`. `fontId` tells fonts apart in the cache (the file path is fine).
 */
export function subsetWoffBase64(
  fontId: string,
  fontData: Buffer,
  text: string,
  features: readonly string[],
): Promise<string> {
  const chars = characterSet(text)
  const key = `${fontId}\u0000${features.join(',')}\u0000${chars}`
  let pending = cache.get(key)
  if (!pending) {
    // @types/subset-font predates `keepFeatures` (subset-font ≥ 2.1); a variable, unlike an
    // object literal, is not checked for extra keys, so the option passes through typed.
    const options = { targetFormat: 'woff' as const, keepFeatures: [...features] }
    pending = subsetFont(fontData, chars, options).then((b) => b.toString('base64'))
    cache.set(key, pending)
    // A failed subset must not poison the cache for the next attempt.
    pending.catch(() => cache.delete(key))
  }
  return pending
}
