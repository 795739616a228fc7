/**
 * The real deck, slides/virtualization.md, built once in a copy of the project and read
 * back: every Marp slide is one PDF page and one PPTX slide, carries its heading, its
 * speaker notes and its diagram. Expectations come from the Markdown itself (parsed with
 * Marp), so the test follows edits to the deck.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Marp } from '@marp-team/marp-core'
import type MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/config.ts'
import { diagramFolder, diagramOfImage } from '../../src/diagrams/diagram-files.ts'
import { loadDefinition } from '../../src/diagrams/load-definition.ts'
import { repoDeckProject, type TempProject } from '../fixtures/decks/project.ts'
import { REPO_ROOT } from '../support/paths.ts'
import { elements, parseSvg, textOf } from '../support/svg.ts'
import {
  compact,
  decodeDataUrl,
  htmlSlides,
  imageSources,
  outlineTitles,
  readPdf,
  readPptx,
  type PdfFile,
  type PptxSlide,
} from '../export/read-exports.ts'

const DECK = 'virtualization'
/** The repo's diagrams folder, as the engine recognises diagram images in it. */
const DIAGRAMS = diagramFolder(resolveConfig({ root: REPO_ROOT }))

interface SourceSlide {
  /** Text of the slide's first heading. */
  readonly heading: string
  /** Speaker notes: the slide's HTML comments that are not directives. */
  readonly notes: readonly string[]
  readonly invert: boolean
  /** Diagram names (definition file names) the slide shows. */
  readonly diagrams: readonly string[]
}

const inlineText = (token: Token): string =>
  (token.children ?? [])
    .filter((c) => c.type === 'text' || c.type === 'code_inline')
    .map((c) => c.content)
    .join('')

/** The deck as Marp reads it. */
function parseDeck(markdown: string): SourceSlide[] {
  const marp = new Marp({ html: false })
  const { comments } = marp.render(markdown)
  const tokens = (marp.markdown as MarkdownIt).parse(markdown, {})
  const slides: { heading?: string; invert: boolean; diagrams: string[] }[] = []
  let expectHeading = false
  for (const token of tokens) {
    if (token.type === 'marpit_slide_open') {
      const directives = (token.meta as { marpitDirectives?: { class?: unknown } } | null)
        ?.marpitDirectives
      const classes = typeof directives?.class === 'string' ? directives.class.split(/\s+/) : []
      slides.push({ invert: classes.includes('invert'), diagrams: [] })
    }
    const slide = slides.at(-1)
    if (!slide) continue
    if (token.type === 'heading_open') expectHeading = slide.heading === undefined
    else if (token.type === 'inline' && expectHeading) {
      slide.heading = inlineText(token)
      expectHeading = false
    }
    for (const child of token.children ?? []) {
      const name =
        child.type === 'image'
          ? diagramOfImage(child.attrGet('src') ?? '', undefined, DIAGRAMS)?.name
          : undefined
      if (name) slide.diagrams.push(name)
    }
  }
  return slides.map((s, i) => ({
    heading: s.heading ?? '',
    notes: (comments[i] ?? []).map((c) => c.trim()).filter(Boolean),
    invert: s.invert,
    diagrams: s.diagrams,
  }))
}

let project: TempProject
let slides: SourceSlide[]
let html: string
let pdf: PdfFile
let pptx: PptxSlide[]
/** Diagram name → its definition's title. */
const titles = new Map<string, string>()

beforeAll(async () => {
  project = await repoDeckProject('virtualization', DECK)
  slides = parseDeck(await readFile(project.deckFile(DECK), 'utf8'))
  const run = await project.build(['--deck', DECK])
  if (run.code !== 0) throw new Error(`stackdeck build failed:\n${run.stderr}`)
  html = await readFile(project.output(DECK, 'html'), 'utf8')
  pdf = await readPdf(project.output(DECK, 'pdf'))
  pptx = await readPptx(project.output(DECK, 'pptx'))
  for (const name of new Set(slides.flatMap((s) => s.diagrams))) {
    const file = join(project.config.diagramsDir, `${name}.ts`)
    const { value } = await loadDefinition(file, `slides/diagrams/${name}.ts`)
    titles.set(name, String((value as { title?: unknown }).title))
  }
}, 300_000)

afterAll(async () => {
  await project?.remove()
})

/** Labels drawn in the diagram SVG shown on HTML slide `index`. */
function diagramOn(index: number): { id: string; title: string; labels: string[] } {
  const [src] = imageSources(htmlSlides(html)[index]?.html ?? '')
  const { mime, data } = decodeDataUrl(src ?? '')
  expect(mime).toBe('image/svg+xml')
  const svg = parseSvg(data.toString('utf8'))
  const all = elements(svg)
  return {
    id: svg.attributes.id ?? '',
    title: textOf(all.find((e) => e.name === 'title') ?? svg),
    labels: all.filter((e) => e.name === 'text').map(textOf),
  }
}

describe(`slides/${DECK}.md`, () => {
  const diagramSlides = () =>
    slides.flatMap((s, index) => (s.diagrams.length > 0 ? [{ ...s, index }] : []))

  it('is a deck of some forty slides, a dozen with diagrams', () => {
    expect(slides.length).toBeGreaterThanOrEqual(30)
    expect(diagramSlides().length).toBeGreaterThanOrEqual(10)
    expect(slides.every((s) => s.heading !== '')).toBe(true)
  })

  it('exports one HTML section per Marp slide', () => {
    expect(htmlSlides(html)).toHaveLength(slides.length)
  })

  it('exports one PDF page per Marp slide', () => {
    expect(pdf.pages).toHaveLength(slides.length)
  })

  it("prints each slide's heading on its page", () => {
    const missing = slides
      .map((s, i) => ({ page: i + 1, heading: s.heading }))
      .filter(({ page, heading }) => !compact(pdf.pages[page - 1]!.text).includes(compact(heading)))
    expect(missing).toEqual([])
  })

  it('bookmarks every heading in the PDF outline', () => {
    expect(outlineTitles(pdf.outline)).toEqual(slides.map((s) => s.heading))
  })

  it('exports one PPTX slide per Marp slide', () => {
    expect(pptx).toHaveLength(slides.length)
  })

  it("puts each slide's speaker notes in its PPTX notes", () => {
    expect(slides.filter((s) => s.notes.length > 0).length).toBeGreaterThanOrEqual(30)
    const mismatched = slides
      .map((s, i) => ({ slide: i + 1, notes: s.notes, pptx: pptx[i]?.notes ?? '' }))
      .filter(({ notes, pptx: text }) =>
        notes.length === 0 ? text !== '' : !notes.every((n) => compact(text).includes(compact(n))),
      )
    expect(mismatched).toEqual([])
  })

  it('inlines each diagram as an SVG data URL with its definition title, dark on invert slides', () => {
    for (const slide of diagramSlides()) {
      const [name] = slide.diagrams
      const shown = diagramOn(slide.index)
      expect(shown.title, `slide ${slide.index + 1}`).toBe(titles.get(name!))
      expect(shown.id.endsWith('-dark'), `slide ${slide.index + 1} variant`).toBe(slide.invert)
    }
  })

  it("draws each diagram's labels on its PDF page", () => {
    for (const slide of diagramSlides()) {
      const { labels } = diagramOn(slide.index)
      expect(labels.length).toBeGreaterThan(2)
      const page = compact(pdf.pages[slide.index]!.text)
      const missing = labels.filter((label) => !page.includes(compact(label)))
      expect(missing, `page ${slide.index + 1}`).toEqual([])
    }
  })

  // Text inside diagram SVGs (shown through <img>) reaches the PDF text layer only through
  // the font's character map: glyphs that OpenType substitution produced ('locl' digits,
  // 'liga' "fi") came out as U+0000 until diagram subsets kept kerning only.
  it('keeps digits and ligatures of diagram labels in the PDF text', () => {
    const labels = diagramSlides().flatMap((slide) =>
      diagramOn(slide.index).labels.map((label) => ({ page: slide.index + 1, label })),
    )
    expect(labels.some(({ label }) => /[0-9]|f[il]/.test(label))).toBe(true)
    const missing = labels.filter(
      ({ page, label }) => !compact(pdf.pages[page - 1]!.text).includes(compact(label)),
    )
    expect(missing).toEqual([])
  })
})
