/**
 * Line breaking for mixed Japanese and Latin labels, after the rules Japanese typesetting
 * uses (JIS X 4051 kinsoku, simplified): a line may break between most Japanese
 * characters, but never before closing brackets, 、。 or small kana, never after opening
 * brackets, and never inside a Latin word. Pure: measuring is passed in.
 *
 * Where those rules allow a break, some breaks are better than others. With a phrase model
 * (BudouX, see phrases.ts) lines break between phrases and at spaces; a phrase wider than
 * the box breaks between the words inside it (where kanji, katakana and Latin meet, or at a
 * bracket); only a word wider than the box breaks at a kinsoku point, the one the model
 * scores likeliest among the last few that fit. Each level is filled greedily.
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

/** A phrase model for a paragraph (`japanesePhrases` in phrases.ts: BudouX's). */
export interface PhraseModel {
  /** Where phrases start: UTF-16 offsets, 0 excluded. */
  starts(paragraph: string): readonly number[]
  /** How likely a phrase boundary before `paragraph[offset]` is: higher, likelier. */
  score(paragraph: string, offset: number): number
}

/** A kinsoku piece and where it starts in its paragraph. */
interface Piece {
  readonly text: string
  readonly offset: number
}
/** Pieces a reader keeps together: `カーネル`, `準仮想化`, `Linux`. */
type Word = readonly Piece[]
/** Words between phrase starts: `ゲストOSの`, `準仮想化ドライバ`. */
type Phrase = readonly Word[]

const textOf = (pieces: readonly Piece[]): string => pieces.map((p) => p.text).join('')

/** Splits consecutive items where `startsHere(previous, next)` says so. */
function groupWhere<T>(items: readonly T[], startsHere: (previous: T, next: T) => boolean): T[][] {
  const groups: T[][] = []
  items.forEach((item, i) => {
    const previous = items[i - 1]
    if (previous === undefined || startsHere(previous, item)) groups.push([item])
    else groups.at(-1)!.push(item)
  })
  return groups
}

/**
 * The paragraph as phrases of words of pieces. A phrase ends at a phrase start, after a
 * space (Latin words) or after a slash (`VMware/vSphere`). Without a phrase model every
 * piece is a phrase of its own: kinsoku rules alone, as before BudouX.
 */
function phrasesOf(paragraph: string, model: PhraseModel | undefined): Phrase[] {
  let offset = 0
  const pieces = segments(paragraph).map((text) => {
    const piece = { text, offset }
    offset += text.length
    return piece
  })
  if (model === undefined) return pieces.map((piece) => [[piece]])
  const starts = new Set(model.starts(paragraph))
  return groupWhere(
    pieces,
    (previous, next) => starts.has(next.offset) || /[\s/]$/u.test(previous.text),
  ).map((phrase) => groupWhere(phrase, (a, b) => isWordBoundary(a.text, b.text)))
}

/**
 * Inside a word, how far back from the fullest line a better-placed break may be (in
 * pieces), as long as the line stays at least this full: `ゲスト / カーネル`, never `サー / ビ`.
 */
const LOOKBACK = { pieces: 2, minChars: 3 } as const

interface Filled {
  readonly lines: readonly string[]
  /** Phrases that had to break inside: wider than the box on their own. */
  readonly brokenPhrases: readonly string[]
}

/**
 * Greedy filling, one level at a time. A phrase goes on the current line if it fits, else
 * on a new line; a phrase too wide for a line of its own starts a new line and is filled
 * word by word, and a word too wide for one piece by piece, continuing the line (the phrase
 * is broken already: a new line per word would only add lines). Inside a word the break
 * goes where the model most expects a boundary among the last `LOOKBACK` points that fit
 * (`ゲスト / カーネル` rather than `ゲストカー / ネル`). Spaces at the ends of lines are
 * dropped (spaces end pieces, so only a paragraph's first piece can start with one).
 */
function fillParagraph(
  paragraph: string,
  phrases: readonly Phrase[],
  maxWidth: number,
  measure: (s: string) => number,
  model: PhraseModel | undefined,
): Filled {
  const fits = (candidate: string) => measure(candidate.trimEnd()) <= maxWidth
  const lines: string[] = []
  const brokenPhrases: string[] = []
  let line = ''
  const endLine = () => {
    if (line !== '') lines.push(line.trimEnd())
    line = ''
  }
  const score = (piece: Piece) => (model ? model.score(paragraph, piece.offset) : 0)

  const breakWord = (word: Word) => {
    let rest = word
    while (rest.length > 0 && !fits(line + textOf(rest))) {
      let k = 0 // pieces that fit on the current line
      while (k < rest.length && fits(line + textOf(rest.slice(0, k + 1)))) k++
      if (k === 0) {
        if (line !== '') endLine()
        else [line, rest] = [rest[0]!.text, rest.slice(1)] // wider than the box: reported
        continue
      }
      let cut = k
      for (let j = k - 1; j >= Math.max(1, k - LOOKBACK.pieces); j--) {
        const long = [...textOf(rest.slice(0, j))].length >= LOOKBACK.minChars
        if (long && score(rest[j]!) > score(rest[cut]!)) cut = j
      }
      line += textOf(rest.slice(0, cut))
      rest = rest.slice(cut)
      endLine()
    }
    line += textOf(rest)
  }

  const fillWord = (word: Word) => {
    const text = textOf(word)
    if (fits(line + text)) line += text
    else if (fits(text)) {
      endLine()
      line = text
    } else breakWord(word)
  }

  for (const phrase of phrases) {
    const text = textOf(phrase.flat())
    if (fits(line + text)) {
      line += text
      continue
    }
    endLine()
    if (fits(text) || phrase.flat().length === 1) {
      line = text // a piece wider than the box is reported by the caller
      continue
    }
    brokenPhrases.push(text.trim())
    for (const word of phrase) fillWord(word)
  }
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
 * Fills lines up to `maxWidth`. `\n` forces a break. With a phrase model lines break
 * between phrases where they can; without, at any kinsoku point. Fails with the piece that
 * is wider than `maxWidth` on its own (a word that cannot be broken).
 */
export function breakLines(
  text: string,
  maxWidth: number,
  measure: (s: string) => number,
  phrases?: PhraseModel,
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
    const filled = fillParagraph(
      paragraph,
      phrasesOf(paragraph, phrases),
      maxWidth,
      measure,
      phrases,
    )
    lines.push(...filled.lines)
    brokenPhrases.push(...filled.brokenPhrases)
  }
  const tooWide = lines.find((l) => measure(l) > maxWidth)
  if (tooWide !== undefined) {
    return { ok: false, tooWide: tooWide.length > 0 ? tooWide : text }
  }
  return { ok: true, lines, brokenPhrases }
}
