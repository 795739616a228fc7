/**
 * Where Japanese phrases start, from BudouX's Japanese model (the `budoux` npm package,
 * Apache 2.0): `ハイパーバイザ上で動くゲストカーネル` → `ハイパーバイザ上で / 動く /
 * ゲストカーネル`. Line breaking prefers these boundaries, so a katakana word such as
 * ゲストカーネル stays whole whenever the box can hold it.
 *
 * Only the parser and the model are loaded, through the package's CommonJS build: its
 * index also loads linkedom for its HTML processor (~150 ms of start-up against ~5 ms).
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Parser, jaModel } from 'budoux'
import type { PhraseModel } from './line-break.ts'

const require = createRequire(import.meta.url)

type Model = typeof jaModel

let loaded: { readonly parser: Parser; readonly model: Model } | undefined

function load(): { readonly parser: Parser; readonly model: Model } {
  const dist = dirname(require.resolve('budoux'))
  const { Parser: BudouxParser } = require(join(dist, 'parser.js')) as { Parser: typeof Parser }
  const { model } = require(join(dist, 'data/models/ja.js')) as { model: Model }
  return { parser: new BudouxParser(model), model }
}

// Labels repeat across a diagram's renders, its steps and the dev server's re-renders.
const cache = new Map<string, readonly number[]>()
const CACHE_LIMIT = 10_000

/** Has something BudouX can split: kana or kanji. Latin text breaks at spaces only. */
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u

/**
 * UTF-16 offsets in `text` where a new phrase starts (0 excluded), in increasing order.
 * Deterministic: the model is fixed by the pinned package version.
 */
export function phraseStarts(text: string): readonly number[] {
  if (!JAPANESE.test(text)) return []
  let starts = cache.get(text)
  if (starts === undefined) {
    loaded ??= load()
    starts = loaded.parser.parseBoundaries(text)
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(text, starts)
  }
  return starts
}

/**
 * The model's features around a boundary before `text[i]`: the characters, pairs and
 * triples at these offsets from `i`, as BudouX's parser reads them (`substring`, whose
 * negative starts read as 0, included).
 */
const FEATURES: readonly (readonly [name: string, from: number, to: number])[] = [
  ['UW1', -3, -2],
  ['UW2', -2, -1],
  ['UW3', -1, 0],
  ['UW4', 0, 1],
  ['UW5', 1, 2],
  ['UW6', 2, 3],
  ['BW1', -2, 0],
  ['BW2', -1, 1],
  ['BW3', 0, 2],
  ['TW1', -3, 0],
  ['TW2', -2, 1],
  ['TW3', -1, 2],
  ['TW4', 0, 3],
]

/**
 * How strongly the model leans to a boundary before `text[offset]`, up to a constant
 * (BudouX draws one where the score with its base is positive). The parser keeps its
 * scores to itself; inside a word too wide for its box (ゲストカーネル), the likeliest
 * non-boundary is still the best place to break it: ゲスト / カーネル.
 */
export function boundaryScore(text: string, offset: number): number {
  loaded ??= load()
  let score = 0
  for (const [name, from, to] of FEATURES) {
    score += loaded.model[name]?.[text.substring(offset + from, offset + to)] ?? 0
  }
  return score
}

/** BudouX's Japanese phrases, for `breakLines`. */
export const japanesePhrases: PhraseModel = { starts: phraseStarts, score: boundaryScore }
