/**
 * Text in a box: every label, detail, caption and brace note goes through `wrapText`, which
 * checks that the font draws it, breaks it into lines at phrase boundaries (BudouX, with
 * kinsoku rules inside a phrase too wide for the box) and enforces the readable limits.
 */
import { StackdeckError } from '../errors.ts'
import type { TextMeasurer } from '../text/font.ts'
import { breakLines, type BreakResult } from '../text/line-break.ts'
import { japanesePhrases } from '../text/phrases.ts'
import type { LayoutWarning } from './geometry.ts'

/** One text field as wrapped: what was asked (text, room, size) and the lines it got. */
export interface WrappedText {
  /** Field path: `layers[2].label`. */
  readonly field: string
  readonly text: string
  /** Room for the lines, in px. */
  readonly width: number
  readonly size: number
  readonly lines: readonly string[]
  /** Phrases wider than `width` that break inside a word. */
  readonly brokenPhrases: readonly string[]
}

/** More lines than this in one box stop being read as a label. */
const MAX_LINES = 4

/** Wraps one field. Throws a LAYOUT StackdeckError when the text cannot be drawn or fit. */
export function wrapText(
  font: TextMeasurer,
  text: string,
  width: number,
  size: number,
  field: string,
): WrappedText {
  checkGlyphs(font, text, field)
  // Room for two characters at least, or the columns are simply too narrow to say more.
  if (width < 2 * size) {
    throw new StackdeckError(
      'LAYOUT',
      `this box is too narrow for text (${Math.max(0, Math.floor(width))} px inside): use fewer columns or less nesting, give the column more weight, or widen the diagram`,
      { field },
    )
  }
  const measure = (s: string) => font.width(s, size)
  const phrased = breakLines(text, width, measure, japanesePhrases)
  // Breaking at phrases can cost a line; never the label itself, when kinsoku rules alone
  // fit it in the lines a box may have (the phrase it breaks is still reported).
  const result =
    phrased.ok && phrased.lines.length > MAX_LINES
      ? withBrokenPhrases(breakLines(text, width, measure), phrased.brokenPhrases)
      : phrased
  if (!result.ok) {
    throw new StackdeckError(
      'LAYOUT',
      `'${result.tooWide}' is ${Math.ceil(font.width(result.tooWide, size))} px wide at ${size} px but the box leaves ${Math.floor(width)} px; shorten it, add a space or \\n where it may break, or give the column more weight or the diagram more width`,
      { field },
    )
  }
  if (result.lines.length > MAX_LINES) {
    throw new StackdeckError(
      'LAYOUT',
      `text needs ${result.lines.length} lines in a ${Math.floor(width)} px box (at most ${MAX_LINES} stay readable); shorten it or give the column more room`,
      { field },
    )
  }
  return { field, text, width, size, lines: result.lines, brokenPhrases: result.brokenPhrases }
}

function withBrokenPhrases(result: BreakResult, brokenPhrases: readonly string[]): BreakResult {
  return result.ok ? { ...result, brokenPhrases } : result
}

/** A warning per field that breaks inside a word, saying where it broke and what to do. */
export function wrapWarnings(
  texts: readonly WrappedText[],
  font: TextMeasurer,
): readonly LayoutWarning[] {
  return texts
    .filter((t) => t.brokenPhrases.length > 0)
    .map((t) => {
      const phrase = t.brokenPhrases[0]!
      const wide = Math.ceil(font.width(phrase, t.size))
      return {
        field: t.field,
        message: `'${phrase}' is ${wide} px wide at ${t.size} px but the box leaves ${Math.floor(t.width)} px, so it breaks inside a word (${t.lines.map((l) => `'${l}'`).join(' / ')}); give the column more weight or the diagram more width, shorten it, or put \\n where it should break`,
      }
    })
}

/**
 * Every drawn character must be in the embedded font: a viewer would otherwise draw it
 * with a font of its own (or not at all, as Chromium does with emoji in an SVG image),
 * and the box was sized for a width nobody draws.
 */
function checkGlyphs(font: TextMeasurer, text: string, field: string): void {
  for (const ch of text) {
    if (/[\s\p{M}\p{Cf}]/u.test(ch) || font.covers(ch.codePointAt(0)!)) continue
    const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
    const emoji = /\p{Extended_Pictographic}/u.test(ch)
    throw new StackdeckError(
      'LAYOUT',
      `'${ch}' (${code}) cannot be drawn: the bundled font has no glyph for it${emoji ? ' (diagrams draw no emoji; put it on the slide, where emoji are drawn)' : '; use a character the font has (e.g. × for ✕)'}`,
      { field },
    )
  }
}
