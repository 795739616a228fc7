/**
 * Line breaking for mixed Japanese and Latin labels, after the rules Japanese typesetting
 * uses (JIS X 4051 kinsoku, simplified): a line may break between most Japanese
 * characters, but never before closing brackets, 、。 or small kana, never after opening
 * brackets, and never inside a Latin word. Pure: measuring is passed in.
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

export type BreakResult =
  | { readonly ok: true; readonly lines: readonly string[] }
  | { readonly ok: false; readonly tooWide: string }

/**
 * Greedy line filling. `\n` forces a break; spaces at the ends of lines are dropped. Fails
 * with the piece that is wider than `maxWidth` on its own (a word that cannot be broken).
 */
export function breakLines(
  text: string,
  maxWidth: number,
  measure: (s: string) => number,
): BreakResult {
  const lines: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const piece of segments(paragraph)) {
      const candidate = line + piece
      if (line === '' || measure(candidate.trimEnd()) <= maxWidth) {
        line = candidate
        continue
      }
      lines.push(line.trimEnd())
      line = piece.trimStart()
    }
    lines.push(line.trimEnd())
  }
  const tooWide = lines.find((l) => measure(l) > maxWidth)
  if (tooWide !== undefined) {
    return { ok: false, tooWide: tooWide.length > 0 ? tooWide : text }
  }
  return { ok: true, lines }
}
