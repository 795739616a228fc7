/**
 * The slide measurement in real Chromium on real Marp Core output: clean decks pass in
 * every built-in theme and a custom one; planted problems (a 25-item list, text over the
 * footer, a 1200 px image, a positioned element off the slide) are found on their slide
 * and only there; what is hidden, clipped, a background or placed by the author is not.
 * One page serves every deck, as in a build.
 */
import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { measureSlides, type SlideFinding } from '../../src/check/measure-slides.ts'
import { buildDiagrams } from '../../src/diagrams/build-diagrams.ts'
import { createMarp } from '../../src/deck/marp-engine.ts'
import { readThemes } from '../../src/deck/themes.ts'
import { repoDeckProject, type TempProject } from '../fixtures/decks/project.ts'
import { launchBrowser, renderDeck, slideDocument } from './slide-page.ts'

/**
 * A theme of a different shape from the built-in ones: small padding, and the header
 * and footer inside the content box, so content can run over the footer without
 * overflowing.
 */
const ROOMY_THEME = `/*
 * @theme roomy
 * @auto-scaling true
 */
section {
  width: 1280px;
  height: 720px;
  box-sizing: border-box;
  padding: 40px 60px;
  font-family: sans-serif;
  font-size: 32px;
  line-height: 1.4;
  background: #fff;
  color: #222;
}
section header,
section footer {
  position: absolute;
  left: 60px;
  right: 60px;
  font-size: 20px;
  line-height: 1;
}
section header { top: 40px; }
section footer { bottom: 60px; }
`
/** A theme with nothing but a size: no auto-scaling, no header or footer styles. */
const PLAIN_THEME = `/* @theme plain */
section { width: 1280px; height: 720px; padding: 40px; font-size: 32px; }
`
const THEMES = ['default', 'gaia', 'uncover', 'roomy'] as const
type Theme = (typeof THEMES)[number] | 'plain'

/** A 1×1 PNG, for backgrounds and sized images. */
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

const svgImage = (width: number, height: number) =>
  `data:image/svg+xml;base64,${Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#48c"/></svg>`,
  ).toString('base64')}`

const items = (count: number) =>
  Array.from({ length: count }, (_, i) => `- Item ${i + 1} of a list that is far too long`).join(
    '\n',
  )

const longCode = `\`\`\`sh\n${'docker run --rm -it '.repeat(8)}\n\`\`\``

/** Slides of ordinary size: what a clean deck holds. */
const CLEAN_SLIDES = [
  '<!-- _class: lead -->\n\n# A clean deck\n\nWith a subtitle',
  `## A list\n\n${items(5)}\n  - with a nested item`,
  '## Code and a table\n\n```ts\nexport const add = (a: number, b: number): number => a + b\n```\n\n| Name | Size |\n| ---- | ---- |\n| one  | 1 kB |\n| two  | 2 kB |',
  '## Quotes and math\n\n> A quotation with **bold** and `code`.\n\nInline math: $a^2 + b^2 = c^2$',
  `![bg left:40%](${PIXEL})\n\n## A split background\n\n- Content beside the image\n- And a second point`,
  `![bg opacity:.2](${PIXEL})\n\n## A sized image\n\n![w:300 h:300](${PIXEL})`,
  // Marp's browser script scales these to fit: measured after it has, they fit.
  `# <!-- fit --> A heading fitted to the width\n\n${longCode}`,
]

function deck(theme: Theme, slides: readonly string[], frontMatter = ''): string {
  const head = `---\ntheme: ${theme}\npaginate: true\nheader: A header\nfooter: A footer\n${frontMatter}---\n\n`
  return head + slides.join('\n\n---\n\n')
}

const render = (theme: Theme, slides: readonly string[], html = false) =>
  renderDeck(deck(theme, slides), { marp: { html }, themes: [ROOMY_THEME, PLAIN_THEME] })

const kinds = (findings: readonly SlideFinding[]) => findings.map((f) => `${f.slide}:${f.kind}`)

let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchBrowser()
  page = await browser.newPage()
  // The page's default 800×600 viewport scales the 1280×720 slides down: findings must
  // still be in slide px. Nothing leaves the machine: gaia's web-font import is refused.
  await page.setRequestInterception(true)
  page.on('request', (request) => {
    if (/^(data|about):/.test(request.url())) void request.continue()
    else void request.abort('blockedbyclient')
  })
})

afterAll(async () => {
  await browser?.close()
})

describe('measureSlides on Marp Core output', () => {
  it.each(THEMES)('finds nothing on a clean deck (%s)', async (theme) => {
    expect(await measureSlides(page, render(theme, CLEAN_SLIDES))).toEqual([])
  })

  it.each(THEMES)('passes a lead slide with little text (%s)', async (theme) => {
    const lead = '<!-- _class: lead -->\n\n# Thanks\n\nQuestions?'
    expect(await measureSlides(page, render(theme, [lead]))).toEqual([])
  })

  it.each(THEMES)('finds a 25-item list on its own slide and nowhere else (%s)', async (theme) => {
    const slides = [...CLEAN_SLIDES.slice(0, 2), `## Too much\n\n${items(25)}`, ...CLEAN_SLIDES]
    const findings = await measureSlides(page, render(theme, slides))
    expect(findings.map((f) => f.slide)).toEqual(findings.map(() => 3))
    const overflow = findings.find((f) => f.kind === 'overflow')
    // The item named is the first one past the edge; `by` is how far the list reaches.
    expect(overflow?.element).toMatch(/^li "Item \d+ of a list that is far…"$/)
    expect(overflow?.element).not.toMatch(/"Item 1 /)
    expect(overflow?.by).toBeGreaterThan(300)
  })

  it('finds text running over the footer, with no overflow when the footer is inside the content box', async () => {
    // 40 px padding + 560 px + the paragraph's 32 px margin: its line is 632–677 px, inside
    // the content box (40–680 px) and across the footer's text (640–660 px).
    const slides = ['<div style="height: 560px"></div>\n\nThis runs over the footer.']
    const findings = await measureSlides(page, render('roomy', slides, true))
    expect(findings).toEqual([
      {
        slide: 1,
        kind: 'footer',
        element: 'p "This runs over the footer."',
        by: expect.any(Number),
      },
    ])
    expect(findings[0]!.by).toBeGreaterThan(5)
  })

  it('finds a list running over the footer in gaia', async () => {
    const findings = await measureSlides(page, render('gaia', [`## Too much\n\n${items(14)}`]))
    expect(kinds(findings)).toEqual(['1:overflow', '1:footer'])
    expect(findings[1]!.element).toMatch(/^li "Item \d+ /)
  })

  it.each(THEMES)('finds an image 1200 px tall (%s)', async (theme) => {
    const slides = [
      '## Fine',
      `## A tall image\n\n<img alt="tall diagram" src="${svgImage(400, 1200)}">`,
    ]
    const findings = await measureSlides(page, render(theme, slides, true))
    const overflow = findings.filter((f) => f.kind === 'overflow')
    expect(overflow).toEqual([
      { slide: 2, kind: 'overflow', element: 'img "tall diagram"', by: expect.any(Number) },
    ])
    expect(overflow[0]!.by).toBeGreaterThan(500)
  })

  it('finds a table too wide for the slide: cut off in its scrolling box, or past the edge', async () => {
    const cells = Array.from({ length: 12 }, (_, i) => `Column-${i + 1}`)
    const table = `| ${cells.join(' | ')} |\n|${' --- |'.repeat(12)}\n| ${cells.join(' | ')} |`
    const slides = [`## Wide\n\n${table}`]
    // The default theme's tables scroll (a PDF shows them cut off); gaia's run off the slide.
    const scrolled = await measureSlides(page, render('default', slides))
    expect(scrolled).toEqual([
      {
        slide: 1,
        kind: 'overflow',
        element: 'table "Column-1 Column-2 Column-3…"',
        by: expect.any(Number),
      },
    ])
    const visible = await measureSlides(page, render('gaia', slides))
    expect(visible).toEqual([
      {
        slide: 1,
        kind: 'overflow',
        element: 'tr "Column-1 Column-2 Column-3…"',
        by: expect.any(Number),
      },
    ])
    for (const finding of [...scrolled, ...visible]) expect(finding.by).toBeGreaterThan(200)
  })

  it('measures code as Marp draws it: scaled to fit where the theme auto-scales, cut off where not', async () => {
    const slides = [`## Code\n\n${longCode}`]
    // Twice on the same page: each deck gets a window of its own, where Marp's script runs.
    for (const theme of ['gaia', 'gaia', 'default'] as const)
      expect(await measureSlides(page, render(theme, slides))).toEqual([])
    expect(await measureSlides(page, render('plain', slides))).toEqual([
      {
        slide: 1,
        kind: 'overflow',
        element: 'pre "docker run --rm -it docker run…"',
        by: expect.any(Number),
      },
    ])
  })

  it('leaves positioned content where its author put it, unless it is entirely off the slide', async () => {
    const slides = [
      '## Placed\n\n<div style="position: absolute; right: 8px; bottom: 4px; font-size: 14px">logo in the corner</div>\n\n<div style="position: absolute; left: 1240px; top: 300px; width: 200px">half off the edge</div>',
      '## Lost\n\n<div style="position: absolute; left: 1400px; top: 100px">lost to the right</div>',
    ]
    expect(await measureSlides(page, render('gaia', slides, true))).toEqual([
      { slide: 2, kind: 'outside', element: 'div "lost to the right"', by: expect.any(Number) },
    ])
  })

  it('ignores what is not drawn: hidden, transparent, clipped', async () => {
    const hidden = [
      `<div style="display: none">\n\n${items(25)}\n\n</div>`,
      `<div style="visibility: hidden">\n\n${items(25)}\n\n</div>`,
      `<div style="opacity: 0">\n\n${items(25)}\n\n</div>`,
      `<div style="height: 200px; overflow: hidden">\n\n${items(25)}\n\n</div>`,
      `<div style="height: 900px"></div>`,
    ]
    const slides = hidden.map((block) => `## Hidden\n\n${block}`)
    expect(await measureSlides(page, render('default', slides, true))).toEqual([])
  })

  it('measures in slide px whatever the page size', async () => {
    const slides = [`## Too much\n\n${items(25)}`, `<img alt="tall" src="${svgImage(400, 1200)}">`]
    const document = render('gaia', slides, true)
    const small = await measureSlides(page, document)
    await page.setViewport({ width: 1920, height: 1080 })
    try {
      expect(await measureSlides(page, document)).toEqual(small)
    } finally {
      await page.setViewport({ width: 800, height: 600 })
    }
  })
})

describe('the repo deck, slides/virtualization.md, in stackdeck’s engine', () => {
  let project: TempProject
  let document: string

  beforeAll(async () => {
    project = await repoDeckProject('check-measure', 'virtualization')
    const diagrams = await buildDiagrams(project.config)
    expect(diagrams.filter((d) => d.error).map((d) => d.error?.message)).toEqual([])
    const markdown = await readFile(project.deckFile('virtualization'), 'utf8')
    const marp = createMarp(
      {},
      {
        root: project.root,
        baseDir: project.config.slidesDir,
        themes: await readThemes(project.config.themesDir),
      },
    )
    document = slideDocument(marp.render(markdown))
  })

  afterAll(async () => {
    await project?.remove()
  })

  it("finds nothing: every slide, diagrams at the theme's max-height included, fits", async ({
    annotate,
  }) => {
    const started = performance.now()
    expect(await measureSlides(page, document)).toEqual([])
    // Cost, for information (benchmarks measure speed; tests do not time).
    await annotate(
      `measured ${slideCount(document)} slides in ${(performance.now() - started).toFixed(0)} ms`,
    )
  })
})

function slides(document: string): string[] {
  return document.split('<svg data-marpit-svg').slice(1)
}

function slideCount(document: string): number {
  return slides(document).length
}
