/**
 * The handout PDF of a deck (`dist/<deck>.handout.pdf`), composed from the deck's own
 * PDF: every page is embedded as a form XObject (pdf-lib `embedPages`), so slides stay
 * vector, their text selectable and searchable, their images the very ones the deck PDF
 * holds. Speaker notes are set in the bundled fonts (Noto Sans JP, Roboto Mono for code),
 * embedded as subsets of what the handout prints.
 *
 *   deck PDF + notes (Marp's comments, parsed as Markdown) → layout (handout-layout.ts) → draw → write
 *
 * Why pdf-lib rather than printing an HTML handout in Chromium: composing takes 0.27–0.39 s
 * for the virtualization deck (bench/RESULTS.md, `kit`); a Chromium print of the deck's HTML
 * alone took 1.4–1.8 s (launch, load, print), and the pages here are the PDF's very own.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import fontkit from '@pdf-lib/fontkit'
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFFlateStream,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  degrees,
  rgb,
  type PDFEmbeddedPage,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib'
import type { ResolvedConfig } from '../config.ts'
import type { DeckFile } from '../deck/discover-decks.ts'
import { deckLang } from '../deck/marp-options.ts'
import { deckMeta } from '../site/deck-meta.ts'
import { FONT_FILES } from '../text/font.ts'
import { DIAGRAM_FEATURES, subsetTrueType } from '../text/subset.ts'
import { writeFileAtomic } from '../util/atomic-write.ts'
import { StackdeckError } from '../errors.ts'
import {
  layoutHandout,
  marginText,
  type Face,
  type Handout,
  type HandoutFonts,
  type HandoutItem,
} from './handout-layout.ts'
import { notesText, parseNotes, slideNotes, type NoteBlock } from './handout-notes.ts'
import type { HandoutLayout, Paper } from './handout-options.ts'

// Notes per slide, for the PPTX's notes too (read with Marpit, as the handout reads them).
export { slideNotes } from './handout-notes.ts'

export interface HandoutDeck {
  /** The deck's PDF, as the build exported it. */
  readonly pdf: string
  /** The deck's Markdown (its notes are read from it). */
  readonly markdown: string
  readonly title: string
  readonly lang: string | undefined
}

export interface HandoutResult {
  readonly pages: number
  readonly bytes: number
}

export function handoutPath(config: ResolvedConfig, deck: DeckFile): string {
  return join(config.outDir, `${deck.name}.handout.pdf`)
}

/**
 * The build's handout of one deck, from the PDF it has just exported, titled as the deck's
 * HTML is (front matter `title`, else the first heading), in the configured layout.
 */
export async function writeDeckHandout(
  config: ResolvedConfig,
  deck: DeckFile,
  pdf: string,
  layout: HandoutLayout,
): Promise<HandoutResult & { readonly file: string }> {
  const markdown = await readFile(deck.file, 'utf8')
  const meta = deckMeta(markdown)
  const file = handoutPath(config, deck)
  const result = await writeHandout(
    {
      pdf,
      markdown,
      title: meta.title ?? deck.name,
      lang: await deckLang(config.marpConfig, meta.lang),
    },
    file,
    { layout, paper: config.handout.paper },
  )
  return { ...result, file }
}

/** Writes the handout of `deck` to `target` (atomically). */
export async function writeHandout(
  deck: HandoutDeck,
  target: string,
  options: { readonly layout: HandoutLayout; readonly paper: Paper },
): Promise<HandoutResult> {
  const source = await PDFDocument.load(await readFile(deck.pdf), { updateMetadata: false })
  const notes = slideNotes(deck.markdown).map(parseNotes)
  if (notes.length !== source.getPageCount()) {
    throw new StackdeckError(
      'EXPORT',
      `the PDF has ${source.getPageCount()} pages for ${notes.length} slides; cannot pair notes with slides`,
      { file: deck.pdf },
    )
  }
  const doc = await PDFDocument.create()
  doc.registerFontkit(fontkit)
  deflateWithZlib(doc)
  const fonts = await embedFonts(doc, notes, marginText(deck.title, deck.lang))
  const first = source.getPage(0).getSize()
  const handout = layoutHandout(
    { ...options, title: deck.title, lang: deck.lang, aspect: first.width / first.height, notes },
    fonts.measure,
  )
  drawHandout(doc, handout, await doc.embedPages(source.getPages()), fonts.pdf)
  doc.setTitle(deck.title)
  if (deck.lang) doc.setLanguage(deck.lang)
  doc.setCreator('stackdeck')
  doc.setProducer('stackdeck (pdf-lib)')
  await doc.flush()
  dropUnreachable(doc)
  deflateContentStreams(doc)
  // All objects at once: the default yields to the event loop every 50 objects.
  const bytes = await doc.save({ objectsPerTick: Infinity })
  await writeFileAtomic(target, bytes)
  return { pages: handout.pages.length, bytes: bytes.byteLength }
}

/**
 * pdf-lib deflates streams with pako (JavaScript zlib): the deck pages' content, decoded
 * to be embedded, and the fonts took over half of the handout's time. The document gets
 * the same deflate from node:zlib (native, several times faster): for streams pdf-lib
 * deflates as it embeds (`flateStream`), and for the pages' own content streams, deflated
 * when it saves (replaced here by raw streams on the flushed document).
 */
function deflateWithZlib(doc: PDFDocument): void {
  const { context } = doc
  context.flateStream = (contents, dict = {}) =>
    context.stream(
      deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents),
      {
        ...dict,
        Filter: 'FlateDecode',
      },
    )
}

/**
 * `embedPages` copies each deck page whole (its content stream and annotations too) and then
 * embeds a decoded copy of the content as the form: the page copies are referenced by
 * nothing, yet pdf-lib writes every object it holds (a third of the handout's size). Only
 * what the document's root and info reach is kept.
 */
function dropUnreachable(doc: PDFDocument): void {
  const { context } = doc
  const reached = new Set<string>()
  const visit = (object: unknown): void => {
    if (object instanceof PDFRef) {
      if (reached.has(object.tag)) return
      reached.add(object.tag)
      visit(context.lookup(object))
    } else if (object instanceof PDFDict) {
      for (const value of object.values()) visit(value)
    } else if (object instanceof PDFArray) {
      for (const value of object.asArray()) visit(value)
    } else if (object instanceof PDFStream) {
      visit(object.dict)
    }
  }
  visit(context.trailerInfo.Root)
  visit(context.trailerInfo.Info)
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!reached.has(ref.tag)) context.delete(ref)
  }
}

function deflateContentStreams(doc: PDFDocument): void {
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFFlateStream)) continue
    if (object.dict.get(PDFName.of('Filter')) !== PDFName.of('FlateDecode')) continue
    doc.context.assign(
      ref,
      PDFRawStream.of(object.dict, deflateSync(object.getUnencodedContents())),
    )
  }
}

// -------------------------------------------------------------------------------- fonts

const FACE_FILES: Readonly<Record<Face, string>> = {
  regular: FONT_FILES.regular,
  bold: FONT_FILES.bold,
  mono: FONT_FILES.mono,
}

/** What each face draws: bold text, code, and everything in the text face (the fallback). */
function faceText(notes: readonly (readonly NoteBlock[])[], margins: string): Record<Face, string> {
  const text = { regular: margins, bold: '', mono: '' }
  for (const block of notes.flat()) {
    text.regular += notesText([block])
    if (block.kind === 'code') text.mono += block.lines.join('')
    else
      for (const run of block.runs) {
        if (run.code) text.mono += run.text
        else if (run.bold) text.bold += run.text
      }
  }
  return text
}

const fileData = new Map<string, Promise<Buffer>>()
const readFont = (file: string) => {
  let data = fileData.get(file)
  if (!data) fileData.set(file, (data = readFile(file)))
  return data
}

/**
 * Each face subset with HarfBuzz to the characters it draws, kerning only (as diagrams: a
 * substituted glyph would not map back to its character when the PDF's text is copied).
 */
async function embedFonts(
  doc: PDFDocument,
  notes: readonly (readonly NoteBlock[])[],
  margins: string,
): Promise<{ measure: HandoutFonts; pdf: Record<Face, PDFFont> }> {
  const text = faceText(notes, margins)
  const faces = Object.keys(FACE_FILES) as Face[]
  const embedded = await Promise.all(
    faces.map(async (face) => {
      const data = await readFont(FACE_FILES[face])
      const subset = subsetTrueType(FACE_FILES[face], data, text[face], DIAGRAM_FEATURES)
      return [face, await doc.embedFont(subset, { subset: false })] as const
    }),
  )
  const pdf = Object.fromEntries(embedded) as Record<Face, PDFFont>
  const mono = fontkit.create(await readFont(FACE_FILES.mono))
  // Layout measures the same pieces (particles, words) again and again: one shaping each.
  const widths = new Map<string, number>()
  const unitWidth = (t: string, face: Face) => {
    const key = `${face}\u0000${t}`
    let width = widths.get(key)
    if (width === undefined) widths.set(key, (width = pdf[face].widthOfTextAtSize(t, 1)))
    return width
  }
  return {
    pdf,
    measure: {
      width: (t, face, size) => unitWidth(t, face) * size,
      covers: (face, char) =>
        face !== 'mono' || mono.hasGlyphForCodePoint(char.codePointAt(0) ?? 0),
    },
  }
}

// ------------------------------------------------------------------------------ drawing

const INK = rgb(0.13, 0.13, 0.13)
const MUTED = rgb(0.45, 0.45, 0.45)
const TONES = {
  writing: { color: rgb(0.78, 0.78, 0.78), thickness: 0.5 },
  quote: { color: rgb(0.7, 0.7, 0.7), thickness: 2 },
} as const

function drawHandout(
  doc: PDFDocument,
  handout: Handout,
  slides: readonly PDFEmbeddedPage[],
  fonts: Record<Face, PDFFont>,
): void {
  for (const { items } of handout.pages) {
    const page = doc.addPage([handout.width, handout.height])
    for (const item of items) drawItem(page, item, slides, fonts)
  }
}

/** pdf-lib's origin is the bottom left; the layout's is the top left. */
function drawItem(
  page: PDFPage,
  item: HandoutItem,
  slides: readonly PDFEmbeddedPage[],
  fonts: Record<Face, PDFFont>,
): void {
  const flip = (y: number) => page.getHeight() - y
  switch (item.kind) {
    case 'slide':
      page.drawPage(slides[item.slide]!, {
        x: item.box.x,
        y: flip(item.box.y + item.box.height),
        width: item.box.width,
        height: item.box.height,
      })
      return
    case 'frame':
      page.drawRectangle({
        x: item.box.x,
        y: flip(item.box.y + item.box.height),
        width: item.box.width,
        height: item.box.height,
        borderColor: rgb(0.75, 0.75, 0.75),
        borderWidth: 0.5,
      })
      return
    case 'shade':
      page.drawRectangle({
        x: item.box.x,
        y: flip(item.box.y + item.box.height),
        width: item.box.width,
        height: item.box.height,
        color: rgb(0.95, 0.95, 0.95),
      })
      return
    case 'rule':
      page.drawLine({
        start: { x: item.x1, y: flip(item.y1) },
        end: { x: item.x2, y: flip(item.y2) },
        ...TONES[item.tone],
      })
      return
    case 'text':
      page.drawText(item.text, {
        x: item.x,
        y: flip(item.y),
        size: item.size,
        font: fonts[item.face],
        color: item.tone === 'ink' ? INK : MUTED,
        // Noto Sans JP has no italic: a slant, as browsers synthesize one.
        ...(item.italic ? { xSkew: degrees(12) } : {}),
      })
      return
  }
}
