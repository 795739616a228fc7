/**
 * The handout's pages as positions and sizes only: where each slide goes, every line of
 * notes text with its font face, ruled lines to write on, and the title and page number in
 * the margins. Pure: text is measured through `HandoutFonts`, and handout.ts draws the
 * result with pdf-lib. Units are PDF points, origin at the top left, y downwards.
 *
 *   notes: one slide per page, its notes below (continued on the next page when long),
 *          ruled lines under the last line of notes
 *   2up:   two slides per page, ruled lines under each
 *   4up:   four slides per page, ruled lines beside each
 */
import { segments } from '../text/line-break.ts'
import type { NoteBlock, NoteRun } from './handout-notes.ts'
import { PAPERS, type HandoutLayout, type Paper } from './handout-options.ts'

export type Face = 'regular' | 'bold' | 'mono'

export interface HandoutFonts {
  /** Advance width of `text` in `face` at `size` pt. */
  width(text: string, face: Face, size: number): number
  /** Whether `face` draws the character (code falls back to the text face for Japanese). */
  covers(face: Face, char: string): boolean
}

export interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export type HandoutItem =
  /** Slide `slide` (0-based) of the deck's PDF, scaled into `box`. */
  | { readonly kind: 'slide'; readonly slide: number; readonly box: Box }
  /** A thin frame around a slide. */
  | { readonly kind: 'frame'; readonly box: Box }
  /** Text on one baseline (`y`). */
  | {
      readonly kind: 'text'
      readonly x: number
      readonly y: number
      readonly text: string
      readonly face: Face
      readonly size: number
      readonly italic: boolean
      readonly tone: 'ink' | 'muted'
    }
  /** A horizontal or vertical line: ruled lines to write on, a quote's bar. */
  | {
      readonly kind: 'rule'
      readonly x1: number
      readonly y1: number
      readonly x2: number
      readonly y2: number
      readonly tone: 'writing' | 'quote'
    }
  /** The shaded background of a line of code. */
  | { readonly kind: 'shade'; readonly box: Box }

export interface HandoutPage {
  readonly items: readonly HandoutItem[]
}

export interface Handout {
  readonly width: number
  readonly height: number
  readonly pages: readonly HandoutPage[]
}

export interface HandoutInput {
  readonly layout: HandoutLayout
  readonly paper: Paper
  /** Printed in the top margin of every page. */
  readonly title: string
  /** The deck's language, for the one label the handout prints (`continued`). */
  readonly lang: string | undefined
  /** Width ÷ height of the deck's pages. */
  readonly aspect: number
  /** Notes per slide, one entry per slide (empty when a slide has none). */
  readonly notes: readonly (readonly NoteBlock[])[]
}

/** Margins: title above, page number below. */
export const MARGIN = { top: 56, bottom: 52, side: 48 } as const
const HEADER_BASELINE = 34
const FOOTER_FROM_BOTTOM = 26
const MARGIN_TEXT_SIZE = 8.5

export const TEXT_SIZE = 10.5
export const LINE_HEIGHT = 16.5
const PARAGRAPH_GAP = 5
const INDENT = 16
const CODE_SIZE = 9.5
const CODE_LINE_HEIGHT = 14
const CODE_PADDING = 5
/** Distance between ruled lines: handwriting size. */
export const RULE_SPACING = 22
const SLIDE_TO_NOTES = 18
/** In the notes layout a slide takes at most this share of the page's height. */
const NOTES_SLIDE_SHARE = 0.45

const CONTINUED: Record<string, (slide: number) => string> = {
  ja: (n) => `スライド ${n}（続き）`,
  en: (n) => `Slide ${n} (continued)`,
}

const continuedLabel = (lang: string | undefined, slide: number) =>
  (CONTINUED[(lang ?? 'en').split('-')[0]!] ?? CONTINUED.en!)(slide)

/**
 * Every character the layout may draw besides the notes (the title, labels, page numbers,
 * bullets): the font subset must hold them all.
 */
export function marginText(title: string, lang: string | undefined): string {
  return `${title}${continuedLabel(lang, 0)}0123456789 /…•◦–.`
}

/** The content area of a page: inside the margins. */
export function contentArea(paper: Paper): Box {
  const { width, height } = PAPERS[paper]
  return {
    x: MARGIN.side,
    y: MARGIN.top,
    width: width - 2 * MARGIN.side,
    height: height - MARGIN.top - MARGIN.bottom,
  }
}

export function layoutHandout(input: HandoutInput, fonts: HandoutFonts): Handout {
  const area = contentArea(input.paper)
  const bodies =
    input.layout === 'notes'
      ? notesPages(input, area, fonts)
      : gridPages(input.notes.length, input.aspect, area, input.layout === '2up' ? 2 : 4)
  const { width, height } = PAPERS[input.paper]
  const pages = bodies.map((items, i) => ({
    items: [...items, ...marginItems(input.title, i + 1, bodies.length, width, height, fonts)],
  }))
  return { width, height, pages }
}

// ------------------------------------------------------------------------------ margins

function marginItems(
  title: string,
  page: number,
  pages: number,
  width: number,
  height: number,
  fonts: HandoutFonts,
): HandoutItem[] {
  const number = `${page} / ${pages}`
  const numberWidth = fonts.width(number, 'regular', MARGIN_TEXT_SIZE)
  const muted = { face: 'regular', size: MARGIN_TEXT_SIZE, italic: false, tone: 'muted' } as const
  return [
    {
      kind: 'text',
      x: MARGIN.side,
      y: HEADER_BASELINE,
      text: fitText(title, (width - 2 * MARGIN.side) * 0.8, fonts),
      ...muted,
    },
    {
      kind: 'text',
      x: (width - numberWidth) / 2,
      y: height - FOOTER_FROM_BOTTOM,
      text: number,
      ...muted,
    },
  ]
}

/** `text`, cut with an ellipsis where it would pass `max`. */
function fitText(text: string, max: number, fonts: HandoutFonts): string {
  const width = (t: string) => fonts.width(t, 'regular', MARGIN_TEXT_SIZE)
  if (width(text) <= max) return text
  const chars = [...text]
  while (chars.length > 0 && width(`${chars.join('')}…`) > max) chars.pop()
  return `${chars.join('').trimEnd()}…`
}

// --------------------------------------------------------------------------- 2up / 4up

/**
 * Two slides a page with ruled lines below each, or four with ruled lines beside each:
 * room to write, as printed lecture handouts have.
 */
function gridPages(slides: number, aspect: number, area: Box, perPage: 2 | 4): HandoutItem[][] {
  const pages: HandoutItem[][] = []
  const cellHeight = area.height / perPage
  for (let slide = 0; slide < slides; slide++) {
    if (slide % perPage === 0) pages.push([])
    const top = area.y + (slide % perPage) * cellHeight
    pages
      .at(-1)!
      .push(...(perPage === 2 ? cellBelow : cellBeside)(slide, aspect, area, top, cellHeight))
  }
  return pages
}

function slideBox(aspect: number, x: number, y: number, maxWidth: number, maxHeight: number): Box {
  const width = Math.min(maxWidth, maxHeight * aspect)
  return { x, y, width, height: width / aspect }
}

function slideItems(slide: number, box: Box): HandoutItem[] {
  return [
    { kind: 'slide', slide, box },
    { kind: 'frame', box },
  ]
}

/** Horizontal ruled lines from `top` (exclusive) to `bottom`, `RULE_SPACING` apart. */
function ruledLines(x1: number, x2: number, top: number, bottom: number): HandoutItem[] {
  const lines: HandoutItem[] = []
  for (let y = top + RULE_SPACING; y <= bottom; y += RULE_SPACING) {
    lines.push({ kind: 'rule', x1, y1: y, x2, y2: y, tone: 'writing' })
  }
  return lines
}

function cellBelow(slide: number, aspect: number, area: Box, top: number, height: number) {
  const fitted = slideBox(aspect, area.x, top, area.width, height * 0.6)
  const box = { ...fitted, x: area.x + (area.width - fitted.width) / 2 }
  return [
    ...slideItems(slide, box),
    ...ruledLines(area.x, area.x + area.width, box.y + box.height, top + height - 8),
  ]
}

function cellBeside(slide: number, aspect: number, area: Box, top: number, height: number) {
  const box = slideBox(aspect, area.x, top, area.width * 0.58, height - 14)
  return [
    ...slideItems(slide, box),
    ...ruledLines(box.x + box.width + 16, area.x + area.width, top, top + height - 14),
  ]
}

// ------------------------------------------------------------------------------- notes

/** A laid-out line of notes: what to draw relative to the line's top left. */
interface NoteLine {
  readonly height: number
  /** Space above the line when it does not start a page (between paragraphs). */
  readonly gap: number
  readonly items: (x: number, top: number) => HandoutItem[]
}

function notesPages(input: HandoutInput, area: Box, fonts: HandoutFonts): HandoutItem[][] {
  const pages: HandoutItem[][] = []
  input.notes.forEach((blocks, slide) => {
    const page: HandoutItem[] = []
    pages.push(page)
    const box = slideBox(input.aspect, area.x, area.y, area.width, area.height * NOTES_SLIDE_SHARE)
    // A slide narrower than the page (4:3, or portrait) is centred.
    const centred = { ...box, x: area.x + (area.width - box.width) / 2 }
    page.push(...slideItems(slide, centred))
    let current = page
    let y = centred.y + centred.height + SLIDE_TO_NOTES
    let first = true
    for (const line of blocks.flatMap((block) => blockLines(block, area.width, fonts))) {
      const gap = first ? 0 : line.gap
      if (y + gap + line.height > area.y + area.height) {
        // Continued on a page of its own, under a label naming the slide.
        current = []
        pages.push(current)
        current.push({
          kind: 'text',
          x: area.x,
          y: area.y + TEXT_SIZE,
          text: continuedLabel(input.lang, slide + 1),
          face: 'regular',
          size: MARGIN_TEXT_SIZE,
          italic: false,
          tone: 'muted',
        })
        y = area.y + LINE_HEIGHT + 4
      } else {
        y += gap
      }
      current.push(...line.items(area.x, y))
      y += line.height
      first = false
    }
    current.push(...ruledLines(area.x, area.x + area.width, y, area.y + area.height))
  })
  return pages
}

function blockLines(block: NoteBlock, width: number, fonts: HandoutFonts): NoteLine[] {
  const indent = block.depth * INDENT
  if (block.kind === 'code') return codeLines(block.lines, indent, width - indent, fonts)
  const lines = textLines(block.runs, width - indent, fonts)
  return lines.map((fragments, i) => ({
    height: LINE_HEIGHT,
    gap: i === 0 ? PARAGRAPH_GAP : 0,
    items: (x, top) => {
      const baseline = top + LINE_HEIGHT / 2 + TEXT_SIZE * 0.35
      const items: HandoutItem[] = []
      // The marker first: text is extracted (copied, read aloud) in drawing order.
      if (i === 0 && block.marker !== undefined) {
        items.push({
          kind: 'text',
          x: x + indent - INDENT + 2,
          y: baseline,
          text: block.marker,
          face: 'regular',
          size: TEXT_SIZE,
          italic: false,
          tone: 'ink',
        })
      }
      for (const f of fragments) {
        items.push({
          kind: 'text',
          x: x + indent + f.x,
          y: baseline,
          text: f.text,
          face: f.face,
          size: TEXT_SIZE,
          italic: f.italic,
          tone: 'ink',
        })
      }
      if (block.quote) {
        const bar = x + indent - INDENT / 2
        items.push({
          kind: 'rule',
          x1: bar,
          y1: top,
          x2: bar,
          y2: top + LINE_HEIGHT,
          tone: 'quote',
        })
      }
      return items
    },
  }))
}

interface Fragment {
  readonly x: number
  readonly text: string
  readonly face: Face
  readonly italic: boolean
}

/** One styled character: the unit text is split and measured in. */
interface Glyph {
  readonly char: string
  readonly face: Face
  readonly italic: boolean
}

const faceOf = (run: NoteRun, char: string, fonts: HandoutFonts): Face => {
  if (run.code) return fonts.covers('mono', char) ? 'mono' : 'regular'
  return run.bold ? 'bold' : 'regular'
}

/** Runs as lines of glyphs, split at hard breaks. */
function hardLines(runs: readonly NoteRun[], fonts: HandoutFonts): Glyph[][] {
  const lines: Glyph[][] = [[]]
  for (const run of runs) {
    for (const char of run.text) {
      if (char === '\n') lines.push([])
      else lines.at(-1)!.push({ char, face: faceOf(run, char, fonts), italic: run.italic })
    }
  }
  return lines
}

/**
 * Greedy line filling at the places Japanese and Latin text may break (line-break.ts's
 * kinsoku segments); a piece wider than the line breaks between characters. A line's
 * width is the sum of its pieces' (each measured once), so filling stays linear.
 */
function textLines(runs: readonly NoteRun[], width: number, fonts: HandoutFonts): Fragment[][] {
  const out: Fragment[][] = []
  const measure = (glyphs: readonly Glyph[]) => widthOf(glyphs, fonts, TEXT_SIZE)
  for (const glyphs of hardLines(runs, fonts)) {
    const text = glyphs.map((g) => g.char).join('')
    let line: Glyph[] = []
    let used = 0
    let at = 0
    const flush = () => {
      out.push(fragmentsOf(trimEnd(line), fonts))
      line = []
      used = 0
    }
    for (const piece of segments(text)) {
      const length = [...piece].length
      const pieceGlyphs = glyphs.slice(at, at + length)
      at += length
      if (used + measure(trimEnd(pieceGlyphs)) <= width) {
        line.push(...pieceGlyphs)
        used += measure(pieceGlyphs)
        continue
      }
      if (line.length > 0) flush()
      if (measure(trimEnd(pieceGlyphs)) <= width) {
        line.push(...pieceGlyphs)
        used = measure(pieceGlyphs)
        continue
      }
      for (const glyph of pieceGlyphs) {
        const advance = measure([glyph])
        if (line.length > 0 && used + advance > width) flush()
        if (line.length === 0 && /\s/u.test(glyph.char)) continue
        line.push(glyph)
        used += advance
      }
    }
    flush()
  }
  return out
}

const trimEnd = (glyphs: readonly Glyph[]): Glyph[] => {
  let end = glyphs.length
  while (end > 0 && /\s/u.test(glyphs[end - 1]!.char)) end--
  return glyphs.slice(0, end)
}

/** Width of glyphs: each run of one face measured as a whole (kerning inside it). */
const widthOf = (glyphs: readonly Glyph[], fonts: HandoutFonts, size: number) =>
  fragmentsOf(glyphs, fonts, size).reduce((sum, f) => sum + fonts.width(f.text, f.face, size), 0)

/** Glyphs as runs of one face and slant, each placed after the previous. */
function fragmentsOf(glyphs: readonly Glyph[], fonts: HandoutFonts, size = TEXT_SIZE): Fragment[] {
  const fragments: Fragment[] = []
  let x = 0
  let text = ''
  let style: Pick<Glyph, 'face' | 'italic'> | undefined
  const close = () => {
    if (!style || text === '') return
    fragments.push({ x, text, ...style })
    x += fonts.width(text, style.face, size)
    text = ''
  }
  for (const glyph of glyphs) {
    if (style && (style.face !== glyph.face || style.italic !== glyph.italic)) close()
    style = { face: glyph.face, italic: glyph.italic }
    text += glyph.char
  }
  close()
  return fragments
}

/** Code keeps its lines (and their spaces); a line too long for the page wraps at any character. */
function codeLines(
  source: readonly string[],
  indent: number,
  width: number,
  fonts: HandoutFonts,
): NoteLine[] {
  const run: NoteRun = { text: '', bold: false, italic: false, code: true }
  const inner = width - 2 * CODE_PADDING
  const wrapped = source.flatMap((text) => {
    const glyphs = [...text].map((char) => ({
      char,
      face: faceOf(run, char, fonts),
      italic: false,
    }))
    const lines: Glyph[][] = [[]]
    let used = 0
    for (const glyph of glyphs) {
      const advance = widthOf([glyph], fonts, CODE_SIZE)
      if (used > 0 && used + advance > inner) {
        lines.push([])
        used = 0
      }
      lines.at(-1)!.push(glyph)
      used += advance
    }
    return lines
  })
  return wrapped.map((glyphs, i) => ({
    height: CODE_LINE_HEIGHT,
    gap: i === 0 ? PARAGRAPH_GAP : 0,
    items: (x, top) => [
      { kind: 'shade', box: { x: x + indent, y: top, width, height: CODE_LINE_HEIGHT } },
      ...fragmentsOf(glyphs, fonts, CODE_SIZE).map((f): HandoutItem => ({
        kind: 'text',
        x: x + indent + CODE_PADDING + f.x,
        y: top + CODE_LINE_HEIGHT / 2 + CODE_SIZE * 0.35,
        text: f.text,
        face: f.face,
        size: CODE_SIZE,
        italic: false,
        tone: 'ink',
      })),
    ],
  }))
}
