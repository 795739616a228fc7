/**
 * Font subsetting for both diagrams and decks, with HarfBuzz's subsetter (the
 * `harfbuzzjs` wasm build that subset-font wraps). It cuts the 5.5 MB Noto Sans JP down to
 * the characters used.
 *
 * HarfBuzz is driven directly rather than through subset-font because subset-font copies
 * the whole font into wasm memory and parses it again on every call, and converts to WOFF
 * with pure-JavaScript zlib: ~9 ms per diagram under load, which alone would eat the
 * render budget. Here each font is loaded into HarfBuzz once per process and WOFF is
 * written with Node's zlib (woff.ts).
 *
 * Format and features, measured here: a diagram (~60 characters) is ~5 KB of WOFF; WOFF2
 * would save ~2 KB for 30–60 ms of Brotli. A deck (~470 characters) is ~76 KB of WOFF
 * against 61–107 KB of WOFF2 at 340–590 ms. WOFF is small enough and fast enough to redo
 * on every save in the dev server. Results are cached by character set.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { sfntToWoff } from './woff.ts'

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

/** The HarfBuzz C API calls used here, as the wasm module exports them (pointers are numbers). */
interface HarfBuzz {
  readonly memory: WebAssembly.Memory
  _initialize(): void
  malloc(size: number): number
  free(pointer: number): void
  hb_blob_create(
    data: number,
    length: number,
    mode: number,
    userData: number,
    destroy: number,
  ): number
  hb_blob_destroy(blob: number): void
  hb_blob_get_data(blob: number, length: number): number
  hb_blob_get_length(blob: number): number
  hb_face_create(blob: number, index: number): number
  hb_face_destroy(face: number): void
  hb_face_reference_blob(face: number): number
  hb_set_add(set: number, value: number): void
  hb_set_clear(set: number): void
  hb_subset_input_create_or_fail(): number
  hb_subset_input_destroy(input: number): void
  hb_subset_input_set(input: number, setType: number): number
  hb_subset_input_unicode_set(input: number): number
  hb_subset_or_fail(face: number, input: number): number
}

const HB_MEMORY_MODE_READONLY = 1
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6

let harfbuzz: HarfBuzz | undefined

function loadHarfBuzz(): HarfBuzz {
  if (!harfbuzz) {
    const require = createRequire(import.meta.url)
    const module = new WebAssembly.Module(
      readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')),
    )
    harfbuzz = new WebAssembly.Instance(module).exports as unknown as HarfBuzz
    harfbuzz._initialize()
  }
  return harfbuzz
}

/** HarfBuzz faces by font id: each font file is copied into wasm memory and parsed once. */
const faces = new Map<string, number>()

function faceFor(hb: HarfBuzz, fontId: string, fontData: Uint8Array): number {
  let face = faces.get(fontId)
  if (face === undefined) {
    const pointer = hb.malloc(fontData.byteLength)
    new Uint8Array(hb.memory.buffer).set(fontData, pointer)
    const blob = hb.hb_blob_create(pointer, fontData.byteLength, HB_MEMORY_MODE_READONLY, 0, 0)
    face = hb.hb_face_create(blob, 0)
    hb.hb_blob_destroy(blob) // the face holds its own reference; the bytes stay for the process
    faces.set(fontId, face)
  }
  return face
}

const tag = (name: string) =>
  [...name].reduce((value, ch) => (value << 8) + ch.charCodeAt(0), 0) >>> 0

/** TrueType subset of the face holding the code points of `chars` and the given features. */
function subsetSfnt(
  hb: HarfBuzz,
  face: number,
  chars: string,
  features: readonly string[],
): Buffer {
  const input = hb.hb_subset_input_create_or_fail()
  if (input === 0) throw new Error('HarfBuzz could not create a subset input')
  let subset = 0
  try {
    const layout = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG)
    hb.hb_set_clear(layout)
    for (const feature of features) hb.hb_set_add(layout, tag(feature))
    const unicodes = hb.hb_subset_input_unicode_set(input)
    for (const ch of chars) hb.hb_set_add(unicodes, ch.codePointAt(0)!)
    subset = hb.hb_subset_or_fail(face, input)
  } finally {
    hb.hb_subset_input_destroy(input)
  }
  if (subset === 0) throw new Error('HarfBuzz failed to subset the font')
  const blob = hb.hb_face_reference_blob(subset)
  try {
    const data = hb.hb_blob_get_data(blob, 0)
    const length = hb.hb_blob_get_length(blob)
    if (length === 0) throw new Error('HarfBuzz produced an empty subset')
    // Copy out: the wasm memory is reused by the next call.
    return Buffer.from(new Uint8Array(hb.memory.buffer, data, length))
  } finally {
    hb.hb_blob_destroy(blob)
    hb.hb_face_destroy(subset)
  }
}

/** Most recent subsets by font, features and characters; bounded for long dev sessions. */
const cache = new Map<string, string>()
const CACHE_LIMIT = 256

/** Sorted distinct characters of `text`, plus a space: the cache key and the subset's content. */
export function characterSet(text: string): string {
  return [...new Set(`${text} `)]
    .filter((c) => c !== '\n' && c !== '\r')
    .sort()
    .join('')
}

/**
 * Base64 WOFF of `fontData` holding exactly the characters of `text` and the OpenType
 * `features`. `fontId` tells fonts apart (the file path is fine). Synchronous: HarfBuzz
 * runs in this thread, in well under a millisecond for a diagram.
 */
export function subsetWoffBase64(
  fontId: string,
  fontData: Uint8Array,
  text: string,
  features: readonly string[],
): string {
  const chars = characterSet(text)
  const key = `${fontId}\u0000${features.join(',')}\u0000${chars}`
  let result = cache.get(key)
  if (result === undefined) {
    const hb = loadHarfBuzz()
    result = sfntToWoff(subsetSfnt(hb, faceFor(hb, fontId, fontData), chars, features)).toString(
      'base64',
    )
    cache.set(key, result)
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!)
  }
  return result
}

/**
 * TrueType bytes of the same subset, for PDFs stackdeck writes itself (the handout's
 * notes, with pdf-lib, whose own fontkit subsetter drops glyphs of Noto Sans JP).
 */
export function subsetTrueType(
  fontId: string,
  fontData: Uint8Array,
  text: string,
  features: readonly string[],
): Buffer {
  const hb = loadHarfBuzz()
  return subsetSfnt(hb, faceFor(hb, fontId, fontData), characterSet(text), features)
}

/**
 * The @font-face rule for a subset from subsetWoffBase64, for diagrams and decks alike.
 * `font-display: block`: text waits for the embedded font (a data URL, so no wait in
 * practice) instead of flashing in a fallback whose widths differ.
 */
export function woffFontFace(family: string, base64: string, weight: 400 | 700 = 400): string {
  return `@font-face{font-family:"${family}";font-style:normal;font-weight:${weight};font-display:block;src:url(data:font/woff;base64,${base64}) format("woff")}`
}
