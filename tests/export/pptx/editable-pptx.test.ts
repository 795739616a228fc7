/**
 * The editable PPTX, built as `stackdeck build` builds it (in the deck check's page) for
 * the virtualization deck and the corpus, read back: each slide's visible text in reading
 * order and nothing else, no Kangxi look-alikes, diagrams as one group each with their
 * labels, notes, each image once, a valid package; then edited and re-opened; then opened
 * by LibreOffice where it is installed.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import puppeteer, { type Browser as Chromium, type Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBrowser } from '../../../src/browser/find-browser.ts'
import { measureSlides } from '../../../src/check/measure-slides.ts'
import { resolveConfig } from '../../../src/config.ts'
import { buildDiagrams } from '../../../src/diagrams/build-diagrams.ts'
import { inspectDeck } from '../../../src/deck/check-deck.ts'
import { slideNotes } from '../../../src/export/handout-notes.ts'
import { editablePptx } from '../../../src/export/pptx/editable-pptx.ts'
import { deckEnvironment } from '../../../src/project/check-project.ts'
import { measuredDocument } from '../../../src/project/measure-decks.ts'
import { CORPUS_DECKS, CORPUS_DIR } from '../../corpus/corpus.ts'
import { REPO_ROOT } from '../../support/paths.ts'
import {
  compact,
  elements,
  mediaDuplicates,
  NS,
  notesText,
  packageProblems,
  parseXml,
  slideCount,
  slideText,
  slideXml,
} from './pptx-package.ts'
import { convertWithLibreOffice } from './diagram-pictures.ts'

interface VisibleSlide {
  readonly text: string
  /** The `<text>` of each stackdeck diagram on the slide, in order. */
  readonly diagrams: readonly string[]
}

interface Built {
  readonly name: string
  readonly markdown: string
  readonly pptx: Buffer
  readonly visible: readonly VisibleSlide[]
}

/**
 * What a viewer of the slide reads: text nodes that are rendered, outside pictures and
 * math (KaTeX is a picture in the PPTX), plus the page number a theme draws with `::after`.
 */
function visibleSlides(): VisibleSlide[] {
  const decode = (src: string) => {
    const comma = src.indexOf(',')
    const head = src.slice(0, comma)
    const body = src.slice(comma + 1)
    return head.endsWith(';base64')
      ? new TextDecoder().decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0)))
      : decodeURIComponent(body)
  }
  return Array.from(document.querySelectorAll('svg[data-marpit-svg]')).map((svg) => {
    const sections = Array.from(svg.querySelectorAll(':scope > foreignObject > section'))
    const role = (s: Element) => s.getAttribute('data-marpit-advanced-background')
    const content = sections.find((s) => role(s) === null || role(s) === 'content')!
    const pseudo = sections.find((s) => role(s) === 'pseudo') ?? content
    let text = ''
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement
      if (!parent || parent.closest('.katex, mjx-container, svg svg, script, style')) continue
      if (!parent.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue
      if (getComputedStyle(parent).display === 'none') continue
      text += node.textContent
    }
    for (const which of ['::before', '::after']) {
      const content = getComputedStyle(pseudo, which).content
      if (content === 'none' || content === 'normal') continue
      for (const m of content.matchAll(/"((?:\\.|[^"\\])*)"|attr\(([\w-]+)\)/g)) {
        text += m[1] ?? pseudo.getAttribute(m[2]!) ?? ''
      }
    }
    const diagrams = Array.from(content.querySelectorAll('img'))
      .map((img) => img.currentSrc || img.src)
      .filter((src) => src.startsWith('data:image/svg+xml'))
      .map(decode)
      .filter((svgText) => /^<svg\b[^>]*\bid="sd-/.test(svgText))
      .map((svgText) => {
        const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml')
        return Array.from(doc.querySelectorAll('text'))
          .map((t) => t.textContent ?? '')
          .join('')
      })
    return { text, diagrams }
  })
}

let chromium: Chromium | undefined
const built = new Map<string, Built>()

async function build(page: Page, root: string, file: string, name: string): Promise<void> {
  const environment = await deckEnvironment(resolveConfig({ root }))
  const inspection = await inspectDeck(file, environment)
  await measureSlides(page, measuredDocument(inspection))
  const pptx = await editablePptx(page, inspection)
  const visible = await page.evaluate(visibleSlides)
  built.set(name, { name, markdown: inspection.markdown, pptx, visible })
}

const DECKS = [
  { name: 'virtualization', root: REPO_ROOT, file: join(REPO_ROOT, 'slides/virtualization.md') },
  ...CORPUS_DECKS.map((d) => ({
    name: d.path,
    root: CORPUS_DIR,
    file: join(CORPUS_DIR, 'slides', d.path),
  })),
]

beforeAll(async () => {
  // The deck shows the repo's diagrams from assets/diagrams (git-ignored: a clean clone
  // has none until they are rendered).
  const diagrams = await buildDiagrams(resolveConfig({ root: REPO_ROOT }), { prune: false })
  expect(diagrams.filter((d) => d.error)).toEqual([])
  const browser = await findBrowser()
  chromium = await puppeteer.launch({
    executablePath: browser.executablePath,
    args: [...browser.args],
    headless: true,
  })
  const page = await chromium.newPage()
  await page.setViewport({ width: 1280, height: 720 })
  for (const deck of DECKS) await build(page, deck.root, deck.file, deck.name)
}, 240_000)

afterAll(async () => {
  await chromium?.close()
})

describe.each(DECKS.map((d) => d.name))('editable PPTX of %s', (name) => {
  const deck = () => built.get(name)!

  it('is a valid package: content types, relationships, well-formed XML', async () => {
    const zip = await JSZip.loadAsync(deck().pptx)
    expect(await packageProblems(zip)).toEqual([])
    expect(await slideCount(zip)).toBe(deck().visible.length)
  })

  it("holds each slide's visible text, in reading order, and nothing else", async () => {
    const zip = await JSZip.loadAsync(deck().pptx)
    for (const [i, visible] of deck().visible.entries()) {
      const { text } = slideText(await slideXml(zip, i + 1))
      expect({ slide: i + 1, text: compact(text) }).toEqual({
        slide: i + 1,
        text: compact(visible.text),
      })
    }
  })

  it('has no Kangxi radical or CJK radical look-alikes the Markdown lacks', async () => {
    const zip = await JSZip.loadAsync(deck().pptx)
    const radical = /[\u2E80-\u2EFF\u2F00-\u2FDF]/gu
    const inMarkdown = new Set(deck().markdown.match(radical) ?? [])
    for (let i = 1; i <= deck().visible.length; i++) {
      const found = (await slideXml(zip, i)).match(radical) ?? []
      expect(found.filter((c) => !inMarkdown.has(c))).toEqual([])
    }
  })

  it('draws every diagram as one group of shapes holding its labels as text', async () => {
    const zip = await JSZip.loadAsync(deck().pptx)
    for (const [i, visible] of deck().visible.entries()) {
      const { groups } = slideText(await slideXml(zip, i + 1))
      expect(groups.map((g) => compact(g.text))).toEqual(visible.diagrams.map(compact))
      for (const group of groups) expect(group.shapes).toBeGreaterThan(1)
    }
  })

  it('carries the speaker notes', async () => {
    const zip = await JSZip.loadAsync(deck().pptx)
    const notes = slideNotes(deck().markdown)
    for (const [i, comments] of notes.entries()) {
      expect(compact(await notesText(zip, i + 1))).toContain(compact(comments.join('')))
    }
  })

  it('stores every image once', async () => {
    const zip = await JSZip.loadAsync(deck().pptx)
    expect((await mediaDuplicates(zip)).duplicates).toBe(0)
  })
})

describe('the virtualization deck in numbers', () => {
  it('uses the deck fonts with a Japanese East Asian typeface', async () => {
    const zip = await JSZip.loadAsync(built.get('virtualization')!.pptx)
    const xml = await slideXml(zip, 3)
    expect(xml).toContain('<a:latin typeface="Noto Sans JP"/><a:ea typeface="Noto Sans JP"/>')
    expect(xml).toMatch(/<a:r><a:rPr [^>]*b="1"/)
  })

  it('is far smaller than the image PPTX (under 1 MB for 44 slides)', () => {
    expect(built.get('virtualization')!.pptx.length).toBeLessThan(1024 * 1024)
  })
})

describe('editing', () => {
  it('keeps the shapes grouped after a text run and a diagram label are changed', async () => {
    const deck = built.get('virtualization')!
    const slide = deck.visible.findIndex((v) => v.diagrams.length > 0) + 1
    expect(slide).toBeGreaterThan(0)
    const zip = await JSZip.loadAsync(deck.pptx)
    const xml = await slideXml(zip, slide)
    const before = slideText(xml)
    const doc = parseXml(xml, 'slide')
    const tree = elements(doc, NS.p, 'spTree')[0]!
    const group = elements(tree, NS.p, 'grpSp')[0]!
    const label = elements(group, NS.a, 't')[0]!
    const heading = Array.from(tree.childNodes)
      .filter((n): n is typeof tree => n.nodeType === 1 && (n as typeof tree).localName === 'sp')
      .flatMap((sp) => elements(sp, NS.a, 't'))[0]!
    label.textContent = '編集したラベル'
    heading.textContent = '編集した見出し'
    zip.file(`ppt/slides/slide${slide}.xml`, doc.toString())
    const reopened = await JSZip.loadAsync(await zip.generateAsync({ type: 'nodebuffer' }))
    expect(await packageProblems(reopened)).toEqual([])
    const after = slideText(await slideXml(reopened, slide))
    expect(after.groups.length).toBe(before.groups.length)
    expect(after.groups[0]!.shapes).toBe(before.groups[0]!.shapes)
    expect(after.groups[0]!.text).toContain('編集したラベル')
    expect(after.text.startsWith('編集した見出し')).toBe(true)
    // The label is still a run of a shape inside the group.
    const edited = parseXml(await slideXml(reopened, slide), 'slide')
    const inGroup = elements(elements(edited, NS.p, 'grpSp')[0]!, NS.p, 'sp').some((sp) =>
      elements(sp, NS.a, 't').some((t) => t.textContent === '編集したラベル'),
    )
    expect(inGroup).toBe(true)
  })
})

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p))

describe.skipIf(!soffice)('LibreOffice Impress', () => {
  it('opens the editable PPTX and prints every slide', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stackdeck-lo-'))
    try {
      const deck = built.get('virtualization')!
      await writeFile(join(dir, 'deck.pptx'), deck.pptx)
      await convertWithLibreOffice(dir, [join(dir, 'deck.pptx')], 'pdf', dir, 180_000)
      const pdf = await getDocument({ data: new Uint8Array(await readFile(join(dir, 'deck.pdf'))) })
        .promise
      expect(pdf.numPages).toBe(deck.visible.length)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 200_000)
})
