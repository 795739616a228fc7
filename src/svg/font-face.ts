/**
 * Embeds the glyphs a diagram uses. subset-font (HarfBuzz's subsetter compiled to wasm)
 * cuts the 5.5 MB Noto Sans JP down to the characters drawn.
 *
 * Format and features were chosen by measurement on this project's diagrams (about 60
 * distinct characters): keeping all OpenType features costs ~3.7 ms and 10.5 KB of WOFF
 * per diagram; keeping only the features browsers apply to horizontal text by default
 * (what layout measured with) costs ~2.3 ms and 4.9 KB; WOFF2 was 30-60 ms for ~2 KB less,
 * raw TrueType ~1 ms but 35 % larger. WOFF it is, and subsets are cached by character set,
 * so light, dark and step variants of a diagram share one subset.
 */
import subsetFont from 'subset-font'

/** Features applied to horizontal text by default; vertical forms and the like are dropped. */
const KEPT_FEATURES = ['ccmp', 'locl', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rlig', 'kern']

// @types/subset-font predates `keepFeatures` (subset-font ≥ 2.1); a variable, unlike an
// object literal, is not checked for extra keys, so the option passes through typed.
const SUBSET_OPTIONS = { targetFormat: 'woff' as const, keepFeatures: KEPT_FEATURES }

const cache = new Map<string, Promise<string>>()

/** Base64 WOFF holding exactly the characters of `text` (plus space). */
export function subsetBase64(fontData: Buffer, text: string): Promise<string> {
  const key = [...new Set(text + ' ')].sort().join('')
  let pending = cache.get(key)
  if (!pending) {
    pending = subsetFont(fontData, key, SUBSET_OPTIONS).then((b) =>
      b.toString('base64'),
    )
    cache.set(key, pending)
    // A failed subset must not poison the cache for the next attempt.
    pending.catch(() => cache.delete(key))
  }
  return pending
}

export function fontFaceCss(family: string, base64: string): string {
  return `@font-face{font-family:"${family}";src:url(data:font/woff;base64,${base64}) format("woff");font-weight:400;font-style:normal}`
}
