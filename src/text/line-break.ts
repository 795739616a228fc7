/**
 * Line breaking for mixed Japanese and Latin labels, after the rules Japanese typesetting
 * uses (JIS X 4051 kinsoku, simplified): a line may break between most Japanese
 * characters, but never before closing brackets, 、。 or small kana, never after opening
 * brackets, and never inside a Latin word. Pure: measuring is passed in.
 *
 * Where those rules allow a break, some breaks are better than others. With phrase starts
 * (BudouX, see phrases.ts) lines break between phrases and at spaces; a phrase wider than
 * the box breaks between the words inside it (where kanji, katakana and Latin meet, or at a
 * bracket); only a word wider than the box breaks at any kinsoku point. Each level is
 * filled greedily, so text that fits breaks exactly as a reader would split it.
 */

/** Characters that must not start a line. */
const NO_LINE_START = new Set([
  ...')]}）〕］｝〉》」』】〙〗〟’”｠»',
  ...'、。，．,.:;!?！？：；・‥…',
  ...'ーｰ〜～ヽヾゝゞ々〻゛゜',
  ...'ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿｧｨｩｪｫｯｬｭｮ',
])
/** Characters that must not end a line. */
const NO_LINE_END = new Set([...'([{（〔［｛〈《「『【〘〖〝‘“｟«'])

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\u3000'
}

/** Japanese and other scripts where a break between any two characters is allowed. */
function isIdeographic(ch: string): boolean {
  const cp = ch.codePointAt(0)!
  return (
    (cp >= 0x2e80 && cp <= 0x9fff) || // CJK radicals, punctuation, kana, ideographs
    (cp >= 0xf900 && cp <= 0xfaff) || // compatibility ideographs
    (cp >= 0xff00 && cp <= 0xffef) || // full-width forms
    (cp >= 0x20000 && cp <= 0x3ffff) // supplementary ideographs
  )
}

const COMBINING = /^\p{M}$/u

/**
 * `before` is the last character that is not a space, so `（ Windows` and `Server ）`
 * keep their brackets with their words even with spaces in between.
 */
function canBreakBetween(before: string, prev: string, next: string): boolean {
  if (isSpace(next)) return false // break after the spaces, not before them
  // Combining marks (゙ ゚, accents) belong to the character before them.
  if (COMBINING.test(next)) return false
  if (NO_LINE_START.has(next) || NO_LINE_END.has(before)) return false
  if (isSpace(prev)) return true
  if (isIdeographic(prev) || isIdeographic(next)) return true
  // Inside Latin text only after a slash, so `VMware/vSphere` can wrap but words stay whole.
  return prev === '/'
}

/** Splits text into the smallest pieces that may stand at the start of a line. */
export function segments(text: string): string[] {
  const chars = [...text]
  const out: string[] = []
  let current = ''
  let before: string | undefined
  chars.forEach((ch, i) => {
    const prev = chars[i - 1]
    if (prev !== undefined && before !== undefined && canBreakBetween(before, prev, ch)) {
      out.push(current)
      current = ''
    }
    current += ch
    if (!isSpace(ch)) before = ch
  })
  if (current) out.push(current)
  return out
}

/** A Japanese script, for finding the words inside a phrase (`仮想 / マシン / モニタ`). */
function scriptOf(ch: string): 'kanji' | 'katakana' | 'latin' | 'other' {
  if (/[\p{Script=Han}々〆]/u.test(ch)) return 'kanji'
  if (/[\p{Script=Katakana}ー]/u.test(ch)) return 'katakana'
  if (/[\p{L}\p{N}]/u.test(ch) && !isIdeographic(ch)) return 'latin'
  return 'other' // hiragana (okurigana and particles belong to the word before), punctuation
}

/**
 * Whether a piece boundary is also a word boundary inside a phrase: where kanji, katakana
 * and Latin meet (`準仮想化 / ドライバ`, `KVM / モジュール`), before an opening bracket and
 * after a closing one.
 */
function isWordBoundary(before: string, after: string): boolean {
  const last = [...before.trimEnd()].at(-1)
  const first = [...after][0]
  if (last === undefined || first === undefined) return false
  if (NO_LINE_END.has(first) || '）)］」』】〕'.includes(last)) return true
  const a = scriptOf(last)
  const b = scriptOf(first)
  return a !== b && a !== 'other' && b !== 'other'
}

/**
 * Where phrases start in a paragraph: UTF-16 offsets, 0 excluded (`phraseStarts` in
 * phrases.ts gives BudouX's).
 */
export type PhraseStarts = (paragraph: string) => readonly number[]

/** Pieces grouped as a reader groups them: a paragraph of phrases, of words, of pieces. */
type Unit = string | readonly Unit[]

const textOf = (unit: Unit): string => (typeof unit === 'string' ? unit : unit.map(textOf).join(''))

/** Splits consecutive pieces where `startsHere(previous, next, offset)` says so. */
function groupPieces(
  pieces: readonly string[],
  startsHere: (previous: string, next: string, offset: number) => boolean,
): string[][] {
  const groups: string[][] = []
  let offset = 0
  pieces.forEach((piece, i) => {
    const previous = pieces[i - 1]
    if (previous === undefined || startsHere(previous, piece, offset)) groups.push([piece])
    else groups.at(-1)!.push(piece)
    offset += piece.length
  })
  return groups
}

/**
 * The paragraph as phrases of words of pieces. A phrase ends at a phrase start, after a
 * space (Latin words) or after a slash (`VMware/vSphere`). Without phrase starts every
 * piece is its own phrase: kinsoku rules alone, as before BudouX.
 */
function phrasesOf(paragraph: string, starts: PhraseStarts | undefined): Unit[] {
  const pieces = segments(paragraph)
  if (starts === undefined) return pieces
  const at = new Set(starts(paragraph))
  const phrases = groupPieces(
    pieces,
    (previous, _next, offset) => at.has(offset) || /[\s/]$/u.test(previous),
  )
  return phrases.map((phrase) => groupPieces(phrase, isWordBoundary))
}

interface Filled {
  readonly lines: readonly string[]
  /** Phrases that had to break inside: wider than the box on their own. */
  readonly brokenPhrases: readonly string[]
}

const pieceCount = (unit: Unit): number =>
  typeof unit === 'string' ? 1 : unit.reduce((n: number, part) => n + pieceCount(part), 0)

/**
 * Greedy filling, one level at a time: a unit goes on the current line if it fits, else on
 * a new line. A phrase that does not fit on a line of its own starts a new line and is
 * filled with its words, a word too wide for a line with its pieces, continuing the line
 * (the phrase is broken already; a new line per word would only add lines). Spaces at the
 * ends of lines are dropped (spaces end pieces, so only a paragraph's first piece can start
 * with one).
 */
function fillParagraph(phrases: readonly Unit[], fits: (line: string) => boolean): Filled {
  const lines: string[] = []
  const brokenPhrases: string[] = []
  let line = ''
  const fill = (unit: Unit, isPhrase: boolean): void => {
    const text = textOf(unit)
    if (fits(line + text)) {
      line += text
      return
    }
    const whole = typeof unit === 'string' || fits(text)
    if ((whole || isPhrase) && line !== '') {
      lines.push(line.trimEnd())
      line = ''
    }
    if (whole) {
      line += text // a piece wider than the box is reported by the caller
      return
    }
    if (isPhrase && pieceCount(unit) > 1) brokenPhrases.push(text.trim())
    for (const part of unit) fill(part, false)
  }
  for (const phrase of phrases) fill(phrase, true)
  lines.push(line.trimEnd())
  return { lines, brokenPhrases }
}

export type BreakResult =
  | {
      readonly ok: true
      readonly lines: readonly string[]
      /** Phrases wider than the box, which had to break inside a word (see phrasesOf). */
      readonly brokenPhrases: readonly string[]
    }
  | { readonly ok: false; readonly tooWide: string }

/**
 * Fills lines up to `maxWidth`. `\n` forces a break. With `phraseStarts` lines break
 * between phrases where they can; without, at any kinsoku point. Fails with the piece that
 * is wider than `maxWidth` on its own (a word that cannot be broken).
 */
export function breakLines(
  text: string,
  maxWidth: number,
  measure: (s: string) => number,
  phraseStarts?: PhraseStarts,
): BreakResult {
  const fits = (line: string) => measure(line.trimEnd()) <= maxWidth
  const lines: string[] = []
  const brokenPhrases: string[] = []
  for (const paragraph of text.split('\n')) {
    // Most labels fit on one line: no segmenting, no phrase model.
    if (fits(paragraph)) {
      lines.push(paragraph.trimEnd())
      continue
    }
    const filled = fillParagraph(phrasesOf(paragraph, phraseStarts), fits)
    lines.push(...filled.lines)
    brokenPhrases.push(...filled.brokenPhrases)
  }
  const tooWide = lines.find((l) => measure(l) > maxWidth)
  if (tooWide !== undefined) {
    return { ok: false, tooWide: tooWide.length > 0 ? tooWide : text }
  }
  return { ok: true, lines, brokenPhrases }
}
