/**
 * Where a wrapped text broke, and which of those breaks split a word. Shared by the wrap
 * benchmark and the line-breaking tests.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const PHRASES_FILE = fileURLToPath(
  new URL('../../tests/fixtures/text/phrases-ja.txt', import.meta.url),
)

/** A phrase from the fixture: its text, and the offsets where a reader accepts a break. */
export interface AnnotatedPhrase {
  readonly text: string
  readonly wordStarts: ReadonlySet<number>
}

/** Reads `phrases-ja.txt`: one phrase a line, `|` between words, `#` comments. */
export function readPhrases(file = PHRASES_FILE): AnnotatedPhrase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const starts = new Set<number>()
      let text = ''
      for (const part of line.trim().split('|')) {
        if (text !== '') starts.add(text.length)
        text += part
      }
      return { text, wordStarts: starts }
    })
}

/**
 * UTF-16 offsets in `paragraph` where each line after the first starts (the spaces dropped
 * at a break belong to neither line). `lines` must be the paragraph's lines, in order.
 */
export function breakOffsets(paragraph: string, lines: readonly string[]): number[] {
  const offsets: number[] = []
  let at = 0
  lines.forEach((line, i) => {
    const start = paragraph.indexOf(line, at)
    if (i > 0) offsets.push(start)
    at = start + line.length
  })
  return offsets
}

type Script = 'kanji' | 'katakana' | 'hiragana' | 'latin' | 'other'

function scriptOf(ch: string | undefined): Script {
  if (ch === undefined) return 'other'
  if (/[\p{Script=Han}々]/u.test(ch)) return 'kanji'
  if (/[\p{Script=Katakana}ー]/u.test(ch)) return 'katakana'
  if (/\p{Script=Hiragana}/u.test(ch)) return 'hiragana'
  if (/[A-Za-z0-9]/.test(ch)) return 'latin'
  return 'other'
}

/** At a space, or after a slash: a break between words in any script. */
function atSpaceOrSlash(text: string, offset: number): boolean {
  return /[\s/]/u.test(text[offset - 1] ?? '') || /\s/u.test(text[offset] ?? '')
}

/**
 * Heuristic for text nobody annotated: a break between two characters of the same script
 * (katakana–katakana as in ゲストカー / ネル, kanji–kanji, Latin–Latin, kana–kana) is
 * inside a word. It also counts splits of kanji compounds (仮想 / 化), so it overcounts.
 */
export function isSameScriptBreak(text: string, offset: number): boolean {
  if (atSpaceOrSlash(text, offset)) return false
  const before = scriptOf(text[offset - 1])
  return before !== 'other' && before === scriptOf(text[offset])
}

/** For an annotated phrase: a break where the fixture marks no word boundary. */
export function isAnnotatedWordBreak(phrase: AnnotatedPhrase, offset: number): boolean {
  return !phrase.wordStarts.has(offset) && !atSpaceOrSlash(phrase.text, offset)
}
