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

const require = createRequire(import.meta.url)

let parser: Parser | undefined

function loadParser(): Parser {
  const dist = dirname(require.resolve('budoux'))
  const { Parser: BudouxParser } = require(join(dist, 'parser.js')) as { Parser: typeof Parser }
  const { model } = require(join(dist, 'data/models/ja.js')) as { model: typeof jaModel }
  return new BudouxParser(model)
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
    parser ??= loadParser()
    starts = parser.parseBoundaries(text)
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(text, starts)
  }
  return starts
}
