/**
 * The engine on decks written the way other people write Marp: Marp's own HTML rules,
 * built-in and custom themes made portable, emoji and math offline, CSS images inlined.
 * Rendering only (no browser); the exports are checked in tests/export and tests/corpus.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inspectDeck, type InspectOptions } from '../../src/deck/check-deck.ts'
import { createMarp, renderReport } from '../../src/deck/marp-engine.ts'
import { engineMarpOptions, loadMarpOptions } from '../../src/deck/marp-options.ts'
import { readThemes } from '../../src/deck/themes.ts'
import { REPO_ROOT } from '../support/paths.ts'

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stackdeck-engine-'))
  await mkdir(join(root, 'themes', 'images'), { recursive: true })
  await mkdir(join(root, 'slides', 'talk'), { recursive: true })
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'themes', 'images', 'corner.png'), PNG)
  await writeFile(join(root, 'assets', 'logo.png'), PNG)
  await writeFile(
    join(root, 'themes', 'corporate.css'),
    [
      '/* @theme corporate */',
      "@import url('https://fonts.googleapis.com/css2?family=Noto+Sans+JP&family=Kosugi+Maru');",
      "@import 'default';",
      "section { font-family: 'Kosugi Maru', 'Noto Sans JP', sans-serif; background-image: url(./images/corner.png); }",
      'section.missing { background-image: url(./images/nope.png); }',
    ].join('\n'),
  )
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A URL the page would fetch (data: URLs may mention namespaces like http://www.w3.org). */
const REMOTE = /url\(\s*['"]?(https?:)?\/\/|@import\s+(url\()?\s*['"]?(https?:)?\/\//

const render = (markdown: string, options = {}) => {
  const marp = createMarp(options, { root, baseDir: join(root, 'slides'), embedFonts: false })
  return { ...marp.render(markdown), report: renderReport(marp)! }
}

describe('Marp options', () => {
  it('renders the HTML Marp allows by default, and escapes the rest', () => {
    const { html } = render(
      '# a<br>b <b>bold</b> <span style="color:red">s</span> <script>x()</script>',
    )
    expect(html).toContain('a<br />b <b>bold</b> <span>s</span>')
    expect(html).toContain('&lt;script&gt;')
  })

  it("honours a user's html: true", () => {
    const { html } = render('<div style="color:red">raw</div>', { html: true })
    expect(html).toContain('<div style="color:red">raw</div>')
  })

  it("reads the project's marp.config.ts once: Marp's default html, lang ja", async () => {
    const options = await loadMarpOptions(join(REPO_ROOT, 'marp.config.ts'))
    expect(options).toEqual({ lang: 'ja' })
  })

  it("keeps the user's math library and points KaTeX fonts at the local package", () => {
    expect(engineMarpOptions({ math: 'katex' }).math).toEqual({
      lib: 'katex',
      katexFontPath: 'stackdeck-katex:/',
    })
    expect(engineMarpOptions({ math: false }).math).toBe(false)
  })
})

describe('offline rendering', () => {
  it('draws emoji (shortcode and Unicode) from inlined twemoji SVGs', () => {
    const { html } = render('# :rocket: 🚀 😀')
    const images = [...html.matchAll(/<img class="emoji"[^>]*src="([^"]+)"/g)].map((m) => m[1]!)
    expect(images).toHaveLength(3)
    for (const src of images) expect(src).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(html).not.toMatch(/jsdelivr|https?:\/\/cdn/)
  })

  it('embeds KaTeX fonts (WOFF2 only) and loads nothing from the network', () => {
    const { html, css } = render('---\nmath: katex\n---\n\n$x^2$\n\n$$\\int_0^1 x\\,dx$$')
    expect(html).toContain('class="katex"')
    const faces = css.match(/@font-face\s*\{[^}]*\}/g) ?? []
    const katex = faces.filter((f) => f.includes('KaTeX_'))
    expect(katex.length).toBeGreaterThan(10)
    for (const face of katex) {
      expect(face).toMatch(/src:\s*url\("data:font\/woff2;base64,[^"]+"\) format\("woff2"\)\s*\}?$/)
    }
    expect(css).not.toMatch(REMOTE)
  })

  it('renders MathJax (the default) as SVG, without fonts to fetch', () => {
    const { html, css } = render('$$E = mc^2$$')
    expect(html).toContain('<svg')
    expect(css).not.toMatch(REMOTE)
  })

  it("drops gaia's web-font import and sets gaia in the bundled Lato, Japanese in Noto Sans JP", () => {
    const { css, report } = render('---\ntheme: gaia\n---\n# 日本語 Text')
    expect(css).not.toContain('fonts.bunny.net')
    expect(css).toContain('"Stackdeck Lato", "Stackdeck Sans", Avenir Next')
    expect([...report.families]).toContain('Stackdeck Lato')
  })

  it('inlines images in a deck <style> relative to the deck', () => {
    const { css } = render('<style>section { background: url(../assets/logo.png) }</style>\n\n# x')
    expect(css).toContain(`url("data:image/png;base64,${PNG.toString('base64')}")`)
  })
})

describe('inspectDeck', () => {
  let environment: InspectOptions
  beforeAll(async () => {
    environment = {
      root,
      themes: await readThemes(join(root, 'themes')),
      marpOptions: {},
      diagrams: { root, dir: join(root, 'assets', 'diagrams') },
      covers: () => true,
    }
  })

  const inspect = async (markdown: string) => {
    const file = join(root, 'slides', 'talk', 'deck.md')
    await writeFile(file, markdown)
    return inspectDeck(file, environment)
  }

  it("inlines a theme's url() relative to the theme file and reports its web font and missing image", async () => {
    const result = await inspect('---\ntheme: corporate\n---\n\n# 本文')
    expect(result.css).toContain(`url("data:image/png;base64,${PNG.toString('base64')}")`)
    expect(result.css).not.toContain('googleapis')
    expect(result.problems.map((p) => [p.level, p.file, p.line, p.message.slice(0, 60)])).toEqual([
      [
        'warning',
        'themes/corporate.css',
        2,
        "web font 'Kosugi Maru' has no bundled copy; text set in it u",
      ],
      ['error', 'themes/corporate.css', 5, './images/nope.png: not found'],
    ])
  })

  it('refuses a theme that does not exist, listing the themes', async () => {
    const result = await inspect('---\nmarp: true\ntheme: corprate\n---\n\n# x')
    expect(result.problems).toEqual([
      expect.objectContaining({
        level: 'error',
        file: 'slides/talk/deck.md',
        line: 3,
        message: expect.stringMatching(
          /^theme 'corprate' does not exist; did you mean 'corporate'\? .*; themes: default, gaia, uncover, corporate/,
        ),
      }),
    ])
  })

  it('finds a missing image in a deck <style> block with its line', async () => {
    const result = await inspect(
      '# x\n\n<style>\nsection { background: url(gone.png) }\n</style>\n',
    )
    expect(result.problems).toEqual([
      { level: 'error', file: 'slides/talk/deck.md', line: 4, message: 'gone.png: not found' },
    ])
  })

  it('passes a clean deck on a built-in theme', async () => {
    const result = await inspect('---\ntheme: uncover\n---\n\n# Clean :smile:\n\n- one<br>two')
    expect(result.problems).toEqual([])
  })
})
