/**
 * `stackdeck build` end to end on the fixture project (tests/fixtures/decks): the deck is
 * exported once, then the HTML, PDF and PPTX are opened and checked the way a viewer
 * would read them. The failure cases at the end reuse those outputs as "the previous
 * build" that a failed build must leave byte for byte as it was.
 *
 * Exports run through the CLI in a child process, as users run them; a diagram error and
 * an HTML export are also driven in-process through buildProject().
 */
import { createHash } from 'node:crypto'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import JSZip from 'jszip'
import postcss from 'postcss'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildProject } from '../../src/project/build-project.ts'
import { resolveConfig } from '../../src/config.ts'
import { StackdeckError } from '../../src/errors.ts'
import { fixtureProject, type CliRun, type TempProject } from '../fixtures/decks/project.ts'
import { elements, parseSvg, textOf } from '../support/svg.ts'
import {
  compact,
  decodeDataUrl,
  htmlSections,
  htmlSlides,
  imageSources,
  outlineTitles,
  readPdf,
  readPptx,
  type PdfFile,
  type PptxSlide,
} from '../export/read-exports.ts'

/** The fixture deck's slides, in order: heading and speaker notes ('' for none). */
const SLIDES = [
  { heading: '見本デッキの表紙', notes: '表紙のノート：これは見本です。' },
  { heading: 'レイヤー図の頁', notes: '図のノート：四つの層を下から読みます。' },
  { heading: '反転した頁の図', notes: '反転のノート：暗い図が選ばれるはずです。' },
  { heading: '表の頁', notes: '' },
  { heading: 'コードの頁', notes: '' },
  { heading: '画像の大きさの頁', notes: '画像のノート：幅は四百ピクセル。' },
  { heading: '背景画像の頁', notes: '' },
  { heading: 'まとめの頁', notes: 'まとめのノート：以上です。' },
] as const

const TEMP_FILE = /^\..+\.tmp-/

let project: TempProject
let firstBuild: CliRun
let html: string
let pdf: PdfFile
let pptx: PptxSlide[]
/** SHA-256 of the first build's files, which failed builds must not touch. */
let previous: Map<string, string>

async function snapshot(files: readonly string[]): Promise<Map<string, string>> {
  const hash = async (file: string) =>
    createHash('sha256')
      .update(await readFile(file))
      .digest('hex')
  return new Map(await Promise.all(files.map(async (f) => [f, await hash(f)] as const)))
}

async function tempFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((e) => TEMP_FILE.test(e))
}

/** `--sd-*` values of the theme's `section` (light) or `section.invert` (dark) rule. */
async function themeColors(selector: 'section' | 'section.invert'): Promise<Set<string>> {
  const root = postcss.parse(await readFile(project.config.theme, 'utf8'))
  const values = new Set<string>()
  root.walkRules((rule) => {
    if (rule.selector !== selector) return
    rule.walkDecls(/^--sd-/, (decl) => {
      values.add(decl.value.toLowerCase())
    })
  })
  return values
}

/** The SVG an `<img>` of slide `index` (0-based) shows, decoded from its data URL. */
function slideSvg(index: number): string {
  const slide = htmlSlides(html)[index]
  const [src] = imageSources(slide?.html ?? '')
  expect(src, `slide ${index + 1} has an image`).toBeDefined()
  const { mime, data } = decodeDataUrl(src!)
  expect(mime).toBe('image/svg+xml')
  return data.toString('utf8')
}

function paintColors(svg: string): Set<string> {
  const colors = new Set<string>()
  for (const el of elements(parseSvg(svg))) {
    for (const attr of ['fill', 'stroke'] as const) {
      const value = el.attributes[attr]
      if (value && value !== 'none') colors.add(value.toLowerCase())
    }
  }
  return colors
}

beforeAll(async () => {
  project = await fixtureProject('build')
  firstBuild = await project.build(['--deck', 'showcase'])
  if (firstBuild.code !== 0) throw new Error(`stackdeck build failed:\n${firstBuild.stderr}`)
  html = await readFile(project.output('showcase', 'html'), 'utf8')
  pdf = await readPdf(project.output('showcase', 'pdf'))
  pptx = await readPptx(project.output('showcase', 'pptx'))
  previous = await snapshot([
    project.output('showcase', 'html'),
    project.output('showcase', 'pdf'),
    project.output('showcase', 'pptx'),
    join(project.config.diagramsOutDir, 'layers.svg'),
    join(project.config.diagramsOutDir, 'split.dark.svg'),
  ])
})

afterAll(async () => {
  await project?.remove()
})

describe('stackdeck build --deck showcase', () => {
  it('exports html, pdf, pptx and the handout of the selected deck only, reporting each', async () => {
    for (const file of ['html', 'pdf', 'pptx', 'handout.pdf']) {
      expect(firstBuild.stderr).toContain(`✓ dist/showcase.${file}`)
    }
    expect(firstBuild.stderr).toContain('showcase: 8 slides, 4 images checked')
    // No index.html: a build of some decks leaves the site as it was.
    expect((await readdir(project.config.outDir)).sort()).toEqual([
      'showcase.handout.pdf',
      'showcase.html',
      'showcase.og.jpg',
      'showcase.pdf',
      'showcase.pptx',
    ])
  })

  it("gives the selected deck's page its link preview all the same", () => {
    expect(html).toContain('<meta property="og:image" content="showcase.og.jpg">')
  })

  it('renders both variants of every diagram into assets/diagrams', async () => {
    expect((await readdir(project.config.diagramsOutDir)).sort()).toEqual([
      'layers.dark.svg',
      'layers.svg',
      'split.dark.svg',
      'split.svg',
    ])
  })

  it('leaves no temp files behind after a successful build', async () => {
    expect(await tempFilesIn(project.config.outDir)).toEqual([])
    expect(await tempFilesIn(project.config.diagramsOutDir)).toEqual([])
  })
})

describe('exported HTML', () => {
  it('has one section per slide, in order', () => {
    expect(htmlSlides(html).map((s) => s.attributes.id)).toEqual(
      SLIDES.map((_, i) => String(i + 1)),
    )
    htmlSlides(html).forEach((slide, i) => {
      expect(slide.html).toContain(SLIDES[i]!.heading)
    })
  })

  it('declares the document language as Japanese', () => {
    expect(html).toMatch(/<html\b[^>]*\blang="ja"/)
  })

  it('loads nothing from outside the file: every src and url() is a data: URL', () => {
    const sources = [...html.matchAll(/\bsrc="([^"]*)"/g)].map((m) => m[1]!)
    const urls = [...html.matchAll(/url\(\s*(?:&quot;|["'])?([^"')&]*)/g)].map((m) => m[1]!)
    const hrefs = [...html.matchAll(/\bhref="([^"]*)"/g)].map((m) => m[1]!)
    expect(sources.length).toBeGreaterThanOrEqual(3)
    expect(urls.length).toBeGreaterThanOrEqual(3)
    expect(sources.filter((s) => !s.startsWith('data:'))).toEqual([])
    expect(urls.filter((u) => !u.startsWith('data:') && !u.startsWith('#'))).toEqual([])
    expect(hrefs.filter((h) => !h.startsWith('#') && !h.startsWith('data:'))).toEqual([])
    expect(html).not.toMatch(/@import/)
  })

  it("drops gaia's web-font import from fonts.bunny.net", () => {
    expect(html).not.toContain('fonts.bunny.net')
  })

  it('embeds the Stackdeck Sans font, regular and bold, as WOFF data', () => {
    const faces = [...html.matchAll(/@font-face\s*\{([^}]*)\}/g)].map((m) => m[1]!)
    const deckFaces = faces.filter((f) => /font-family:\s*"Stackdeck Sans"/.test(f))
    expect(deckFaces.map((f) => /font-weight:\s*(\d+)/.exec(f)?.[1]).sort()).toEqual(['400', '700'])
    for (const face of deckFaces) expect(face).toMatch(/src:\s*url\(data:font\/woff;base64,/)
  })

  it('inlines each diagram as an SVG data URL carrying its title', () => {
    const titles = [1, 2].map((i) => {
      const title = elements(parseSvg(slideSvg(i))).find((e) => e.name === 'title')
      return title && textOf(title)
    })
    expect(titles).toEqual(['見本のレイヤー図', '見本の分割図'])
  })

  it('shows the dark diagram variant on the invert slide and the light one elsewhere', async () => {
    const [light, dark] = await Promise.all([themeColors('section'), themeColors('section.invert')])
    const onLight = paintColors(slideSvg(1))
    const onInvert = paintColors(slideSvg(2))
    expect(htmlSlides(html)[2]?.attributes.class).toBe('invert')
    expect([...onLight].filter((c) => !light.has(c))).toEqual([])
    expect([...onInvert].filter((c) => !dark.has(c))).toEqual([])
    // Both palettes share a few colours; the dark figure must use some only the dark one has.
    expect([...onInvert].filter((c) => !light.has(c)).length).toBeGreaterThan(0)
    expect(parseSvg(slideSvg(2)).attributes.id).toBe('sd-split-dark')
    expect(parseSvg(slideSvg(1)).attributes.id).toBe('sd-layers')
  })

  it('inlines local images, keeping the w:400px size and the background image, storing the photo once', async () => {
    const png = (await readFile(join(project.config.slidesDir, 'images', 'photo.png'))).toString(
      'base64',
    )
    // The photo is both the sized image and a background: one copy, shared by both.
    expect(html.split(`data:image/png;base64,${png}`)).toHaveLength(2)
    const shared = new RegExp(
      `(--sd-asset-\\d+):url\\("data:image/png;base64,${png.slice(0, 40)}`,
    ).exec(html)?.[1]
    expect(shared).toBeDefined()
    const sized = htmlSlides(html)[5]!
    expect(sized.html).toMatch(/<img\b[^>]*\bstyle="width:400px;?"/)
    expect(sized.html).toContain(`data-sd-asset="${shared}"`)
    const background = htmlSections(html).find(
      (s) => s.attributes['data-marpit-advanced-background'] === 'background',
    )
    expect(background?.html).toContain(`background-image:var(${shared})`)
  })

  it('carries the header, the footer and page numbers (none on the lead slide)', () => {
    const slides = htmlSlides(html)
    expect(slides.map((s) => s.attributes['data-header'] ?? null)).toEqual(
      SLIDES.map((_, i) => (i === 5 ? '見本ヘッダー' : null)),
    )
    for (const slide of slides) expect(slide.html).toContain('<footer>見本フッター</footer>')
    expect(slides.map((s) => s.attributes['data-marpit-pagination'] ?? null)).toEqual(
      SLIDES.map((_, i) => (i === 0 ? null : String(i + 1))),
    )
  })
})

describe('exported PDF', () => {
  it('has one page per slide', () => {
    expect(pdf.pages).toHaveLength(SLIDES.length)
  })

  it("prints each slide's heading on its own page", () => {
    SLIDES.forEach((slide, i) => {
      expect(compact(pdf.pages[i]!.text), `page ${i + 1}`).toContain(compact(slide.heading))
    })
  })

  it('bookmarks the headings in the outline', () => {
    expect(outlineTitles(pdf.outline)).toEqual(SLIDES.map((s) => s.heading))
    // The lead slide's h1 holds the slide h2s.
    expect(pdf.outline.map((o) => o.title)).toEqual([SLIDES[0].heading])
  })

  it('draws every Japanese character with an embedded Noto Sans JP subset', () => {
    const fonts = new Set(pdf.pages.flatMap((p) => p.fonts))
    expect([...fonts].some((f) => /^[A-Z]{6}\+NotoSansJP-Regular$/.test(f))).toBe(true)
    expect([...fonts].some((f) => /^[A-Z]{6}\+NotoSansJP-Bold$/.test(f))).toBe(true)
    const japanese = pdf.pages.flatMap((p) => p.runs).filter((r) => /[^\x20-\x7e]/.test(r.text))
    expect(japanese.length).toBeGreaterThan(20)
    expect(japanese.filter((r) => !r.font.includes('NotoSansJP'))).toEqual([])
  })

  it('draws the diagrams as vector text, not as pictures', () => {
    for (const label of ['アプリ', 'カーネル', 'Linux', 'ハイパーバイザ', 'ハードウェア', '共有']) {
      expect(pdf.pages[1]!.text).toContain(label)
    }
    for (const label of ['区画A', '処理A', '区画B', '処理B', 'ゲスト', '土台']) {
      expect(pdf.pages[2]!.text).toContain(label)
    }
    expect(pdf.pages[1]!.images + pdf.pages[2]!.images).toBe(0)
  })

  it('paints the sized image and the background image', () => {
    expect(pdf.pages.map((p) => p.images)).toEqual([0, 0, 0, 0, 0, 1, 1, 0])
  })

  it('prints the footer and page numbers, the header on its slide only', () => {
    pdf.pages.forEach((page, i) => {
      expect(page.text).toContain('見本フッター')
      if (i > 0) expect(page.text.trimEnd().endsWith(String(i + 1)), `page ${i + 1}`).toBe(true)
    })
    expect(pdf.pages.filter((p) => p.text.includes('見本ヘッダー')).map((p) => p.number)).toEqual([
      6,
    ])
  })
})

describe('exported PPTX (editable, the default)', () => {
  it('has one slide per Marp slide, its heading as text and its diagram as a group of shapes', async () => {
    expect(pptx).toHaveLength(SLIDES.length)
    const zip = await JSZip.loadAsync(await readFile(project.output('showcase', 'pptx')))
    const parts = await Promise.all(pptx.map((s) => zip.file(s.part)!.async('string')))
    const text = (xml: string) =>
      [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('')
    SLIDES.forEach((slide, i) => expect(compact(text(parts[i]!))).toContain(compact(slide.heading)))
    // The layer diagram is shapes, not a picture of the slide.
    expect(parts[1]).toContain('<p:grpSp>')
    expect(pptx[1]!.pictures).toHaveLength(0)
  })

  it("carries each slide's speaker notes, and none where the slide has none", () => {
    expect(pptx.map((s) => s.notes)).toEqual(SLIDES.map((s) => s.notes))
  })
})

describe('failed and partial builds', () => {
  it('exports only the PDF with --only pdf, and only the named deck with --deck', async () => {
    const { code } = await project.build(['--deck', 'extra', '--only', 'pdf'])
    expect(code).toBe(0)
    const files = await readdir(project.config.outDir)
    expect(files.filter((f) => f.startsWith('extra.')).sort()).toEqual([
      'extra.handout.pdf',
      'extra.pdf',
    ])
    expect((await readPdf(project.output('extra', 'pdf'))).pages).toHaveLength(2)
    expect(await snapshot([...previous.keys()])).toEqual(previous)
  })

  it('rejects an unknown deck with exit code 2, listing the decks', async () => {
    const { code, stderr } = await project.build(['--deck', 'nope', '--only', 'html'])
    expect(code).toBe(2)
    expect(stderr).toContain("no deck named 'nope'; decks: extra, showcase")
  })

  it('fails with exit code 1 naming slide, line and path of a missing image, keeping the previous outputs', async () => {
    const markdown = await readFile(project.deckFile('showcase'), 'utf8')
    const broken = markdown.replace(
      '![w:400px](images/photo.png)',
      '![w:400px](images/missing.png)',
    )
    expect(broken).not.toBe(markdown)
    const line = broken.split('\n').findIndex((l) => l.includes('images/missing.png')) + 1
    const { code, stderr } = await project.withDeck('showcase', broken, () =>
      project.build(['--deck', 'showcase']),
    )
    expect(code).toBe(1)
    expect(stderr).toContain(
      `slides/showcase.md:${line}: slide 6: image images/missing.png not found (slides/images/missing.png)`,
    )
    expect(stderr).not.toMatch(/\n\s+at /) // a user error, printed without a stack
    expect(await snapshot([...previous.keys()])).toEqual(previous)
    expect(await tempFilesIn(project.config.outDir)).toEqual([])
  })

  it('stops before exporting when a diagram is invalid, keeping outputs and SVGs', async () => {
    const file = join(project.config.diagramsDir, 'layers.ts')
    const definition = await readFile(file, 'utf8')
    await writeFile(file, definition.replace("tone: 'hardware'", "tone: 'plasma' as 'hardware'"))
    const onEvent = vi.fn()
    try {
      const error: unknown = await buildProject(project.config, { onEvent }).catch((e) => e)
      expect(error).toBeInstanceOf(StackdeckError)
      expect(error).toMatchObject({ code: 'INVALID_DEFINITION', file: 'slides/diagrams/layers.ts' })
      expect((error as Error).message).toContain('tone must be one of')
    } finally {
      await writeFile(file, definition)
    }
    const stages = onEvent.mock.calls.map(([event]) => (event as { type: string }).type)
    expect(stages).not.toContain('exported')
    expect(stages).not.toContain('deck-checked')
    expect(await snapshot([...previous.keys()])).toEqual(previous)
    expect(await tempFilesIn(project.config.outDir)).toEqual([])
    expect(await tempFilesIn(project.config.diagramsOutDir)).toEqual([])
  })
})

describe('buildProject in-process', () => {
  let exported: string

  beforeAll(async () => {
    const config = resolveConfig({ root: project.root, outDir: 'dist-in-process' })
    await buildProject(config, { decks: ['showcase'], formats: ['html'] })
    exported = await readFile(join(config.outDir, 'showcase.html'), 'utf8')
  })

  it('exports the HTML', () => {
    expect(htmlSlides(exported)).toHaveLength(SLIDES.length)
  })

  // export-deck.ts and marp.config.ts load the engine module through different loaders
  // here (vite-node and Node's), so the deck folder must reach the other instance.
  it('inlines local images although marp.config.ts loaded its own copy of the engine', () => {
    const sources = imageSources(exported)
    expect(sources).toHaveLength(3)
    expect(sources.filter((src) => !src.startsWith('data:'))).toEqual([])
  })
})
