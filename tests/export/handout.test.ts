/**
 * The handout PDF, built by `stackdeck build --only pdf` for the virtualization deck and a
 * deck with very long notes (tests/fixtures/handout/long-notes.md), and composed again in
 * the 2up and 4up layouts and on Letter paper. Read back with pdf.js and pdf-lib: page
 * counts per layout, every slide's heading and every note's text in page order, slides as
 * vectors (no picture bigger than the deck PDF's own), every font embedded.
 */
import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Marpit } from '@marp-team/marpit'
import type MarkdownIt from 'markdown-it'
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handoutPath, writeDeckHandout } from '../../src/export/handout.ts'
import { parseNotes, slideNotes, type NoteBlock } from '../../src/export/handout-notes.ts'
import type { HandoutLayout } from '../../src/export/handout-options.ts'
import { deckMeta } from '../../src/site/deck-meta.ts'
import { repoDeckProject, type TempProject } from '../fixtures/decks/project.ts'
import { REPO_ROOT } from '../support/paths.ts'
import { compact, readPdf, type PdfFile } from './read-exports.ts'

const DECKS = ['virtualization', 'long-notes'] as const
type Deck = (typeof DECKS)[number]

interface SourceSlide {
  readonly heading: string
  readonly notes: readonly NoteBlock[]
}

let project: TempProject
const sources = new Map<Deck, SourceSlide[]>()
/** Handouts by deck and layout (`notes` is the one the build wrote). */
const handouts = new Map<string, PdfFile & { readonly title: string }>()
const key = (deck: Deck, layout: HandoutLayout) => `${deck}:${layout}`

/** Each slide's first heading and its notes, as Marp reads the deck. */
function readDeck(markdown: string): SourceSlide[] {
  const tokens = (new Marpit().markdown as MarkdownIt).parse(markdown, {})
  const headings: string[] = []
  let wanted = false
  tokens.forEach((token, i) => {
    if (token.type === 'marpit_slide_open') {
      headings.push('')
      wanted = true
    }
    if (wanted && token.type === 'heading_open') {
      headings[headings.length - 1] = tokens[i + 1]?.content ?? ''
      wanted = false
    }
  })
  return slideNotes(markdown).map((comments, i) => ({
    heading: headings[i] ?? '',
    notes: parseNotes(comments),
  }))
}

const blockText = (block: NoteBlock) =>
  compact(block.kind === 'code' ? block.lines.join('') : block.runs.map((r) => r.text).join(''))

const CONTINUED = /^スライド(\d+)（続き）/

/**
 * Pages of the notes layout grouped by slide, as body text: a continued page belongs to
 * the slide before and starts with a label; every page ends with the title and `n / N`.
 */
function pagesBySlide(pdf: PdfFile & { readonly title: string }): string[][] {
  const slides: string[][] = []
  pdf.pages.forEach((page, i) => {
    const margins = `${compact(pdf.title)}${i + 1}/${pdf.pages.length}`
    const text = compact(page.text)
    expect(text.endsWith(margins), `page ${i + 1} margins`).toBe(true)
    const body = text.slice(0, -margins.length)
    const continued = CONTINUED.exec(body)
    if (continued) {
      expect(Number(continued[1])).toBe(slides.length)
      slides.at(-1)!.push(body.slice(continued[0].length))
    } else slides.push([body])
  })
  return slides
}

/** Every image XObject of a PDF as [width, height]. */
async function imageSizes(file: string): Promise<[number, number][]> {
  const doc = await PDFDocument.load(await readFile(file))
  const sizes: [number, number][] = []
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue
    if (object.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue
    const size = (name: string) => (object.dict.get(PDFName.of(name)) as PDFNumber).asNumber()
    sizes.push([size('Width'), size('Height')])
  }
  return sizes
}

beforeAll(async () => {
  project = await repoDeckProject('handout', 'virtualization')
  await cp(
    join(REPO_ROOT, 'tests', 'fixtures', 'handout', 'long-notes.md'),
    project.deckFile('long-notes'),
  )
  const run = await project.build(['--only', 'pdf'])
  if (run.code !== 0) throw new Error(`stackdeck build failed:\n${run.stderr}`)
  expect(run.stderr).toMatch(/dist\/virtualization\.handout\.pdf \d/)
  for (const deck of DECKS) {
    sources.set(deck, readDeck(await readFile(project.deckFile(deck), 'utf8')))
    const file = { name: deck, file: project.deckFile(deck) }
    const { title } = deckMeta(await readFile(file.file, 'utf8'))
    const read = async (pdf: string) => ({ ...(await readPdf(pdf)), title: title ?? deck })
    handouts.set(key(deck, 'notes'), await read(handoutPath(project.config, file)))
    for (const layout of ['2up', '4up'] as const) {
      const other = { ...project.config, outDir: join(project.config.outDir, layout) }
      const pdf = project.output(deck, 'pdf')
      const { file: written } = await writeDeckHandout(other, file, pdf, layout)
      handouts.set(key(deck, layout), await read(written))
    }
  }
}, 240_000)

afterAll(async () => {
  await project?.remove()
})

describe.each(DECKS)('the handout of %s', (deck) => {
  const slides = () => sources.get(deck)!

  it('has one page per slide plus continued pages (notes), one per 2 or 4 slides (2up, 4up)', () => {
    const notes = handouts.get(key(deck, 'notes'))!
    const grouped = pagesBySlide(notes)
    expect(grouped).toHaveLength(slides().length)
    const continued = grouped.reduce((sum, pages) => sum + pages.length - 1, 0)
    expect(notes.pages).toHaveLength(slides().length + continued)
    // The long notes run over; the virtualization deck's notes each fit under their slide.
    if (deck === 'long-notes') expect(grouped[1]!.length).toBeGreaterThan(1)
    else expect(continued).toBe(0)
    expect(handouts.get(key(deck, '2up'))!.pages).toHaveLength(Math.ceil(slides().length / 2))
    expect(handouts.get(key(deck, '4up'))!.pages).toHaveLength(Math.ceil(slides().length / 4))
  })

  it("carries every slide's heading and every note's text, in page order", () => {
    const grouped = pagesBySlide(handouts.get(key(deck, 'notes'))!)
    slides().forEach((slide, i) => {
      const text = grouped[i]!.join('')
      expect(grouped[i]![0]).toContain(compact(slide.heading))
      let from = 0
      for (const block of slide.notes) {
        const at = text.indexOf(blockText(block), from)
        expect(at, `slide ${i + 1}: ${blockText(block).slice(0, 40)}`).toBeGreaterThanOrEqual(0)
        from = at + blockText(block).length
      }
    })
    for (const [layout, per] of [
      ['2up', 2],
      ['4up', 4],
    ] as const) {
      const pages = handouts.get(key(deck, layout))!.pages
      slides().forEach((slide, i) => {
        expect(compact(pages[Math.floor(i / per)]!.text)).toContain(compact(slide.heading))
      })
    }
  })

  it("keeps slides vector: the deck PDF's own pictures, none bigger", async () => {
    const deckImages = await imageSizes(project.output(deck, 'pdf'))
    const largest = Math.max(0, ...deckImages.map(([w, h]) => w * h))
    const handoutImages = await imageSizes(handoutPath(project.config, { name: deck, file: '' }))
    for (const [w, h] of handoutImages) expect(w * h).toBeLessThanOrEqual(largest)
    expect(handoutImages.length).toBeLessThanOrEqual(deckImages.length)
    // The first page of each slide paints exactly the pictures of the slide's own page.
    const deckPdf = await readPdf(project.output(deck, 'pdf'))
    const handoutPdf = handouts.get(key(deck, 'notes'))!
    let page = 0
    pagesBySlide(handoutPdf).forEach((pages, i) => {
      expect(handoutPdf.pages[page]!.images).toBe(deckPdf.pages[i]!.images)
      page += pages.length
    })
  })

  it('embeds every font it draws with, the notes in Noto Sans JP', async () => {
    const file = handoutPath(project.config, { name: deck, file: '' })
    const doc = await PDFDocument.load(await readFile(file))
    let descriptors = 0
    for (const [, object] of doc.context.enumerateIndirectObjects()) {
      const dict = object instanceof PDFDict ? object : undefined
      if (dict?.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue
      descriptors++
      const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((n) => dict.has(PDFName.of(n)))
      expect(embedded, String(dict.get(PDFName.of('FontName')))).toBe(true)
    }
    expect(descriptors).toBeGreaterThan(0)
    const notesPage = handouts.get(key(deck, 'notes'))!.pages[0]!
    expect(notesPage.fonts.some((f) => /NotoSansJP/.test(f))).toBe(true)
  })
})

describe('paper', () => {
  it('is A4 portrait by default and Letter on request', async () => {
    const deck = { name: 'long-notes', file: project.deckFile('long-notes') }
    const a4 = await PDFDocument.load(await readFile(handoutPath(project.config, deck)))
    expect(a4.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 })
    const letterConfig = {
      ...project.config,
      outDir: join(project.config.outDir, 'letter'),
      handout: { layout: 'notes', paper: 'letter' } as const,
    }
    const { file } = await writeDeckHandout(
      letterConfig,
      deck,
      project.output(deck.name, 'pdf'),
      'notes',
    )
    const letter = await PDFDocument.load(await readFile(file))
    expect(letter.getPage(0).getSize()).toEqual({ width: 612, height: 792 })
  })
})
