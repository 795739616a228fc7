/**
 * The dev server as an author meets it: a real headless Chromium keeps `/demo#3` open
 * while the test edits the temp project's definition, deck and theme the way editors do
 * (in place, and by writing a temp file and renaming it over). The page must update
 * without navigating, stay on slide 3, show mistakes in the overlay over the last good
 * slides, and recover when the mistake is fixed.
 */
import { readFile } from 'node:fs/promises'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { resolveConfig } from '../../src/config.ts'
import { runDev, type DevHandle } from '../../src/dev/run-dev.ts'
import { linesWithRole, parseSvg } from '../support/svg.ts'
import {
  createTempProject,
  demoDefinition,
  settle,
  waitFor,
  type TempProject,
} from './temp-project.ts'

const DEFINITION = 'slides/diagrams/demo.ts'
const DECK = 'slides/demo.md'
const THEME = 'themes/stackdeck.css'
const WAIT = { timeout: 20_000, polling: 50 }

/**
 * Installed in every document: reads the page the way a reader sees it. Kept as a string
 * so the test runner's transform cannot add helpers the browser does not have.
 */
const PAGE_HELPERS = `
window.__sdTest = {
  slides: () => document.querySelectorAll('#sd-slides svg[data-marpit-svg]'),
  slideTop: (n) => window.__sdTest.slides()[n - 1].getBoundingClientRect().top,
  imageSrc: (n) => {
    const img = window.__sdTest.slides()[n - 1]?.querySelector('img')
    return img ? img.getAttribute('src') : null
  },
  heading: (n) => window.__sdTest.slides()[n - 1]?.querySelector('h1, h2')?.textContent ?? null,
  overlay: () => {
    const o = document.getElementById('sd-overlay')
    return { hidden: o.hidden, display: getComputedStyle(o).display, text: o.textContent }
  },
}
`

interface Overlay {
  readonly hidden: boolean
  readonly display: string
  readonly text: string
}

describe('stackdeck dev in Chromium', () => {
  let project: TempProject
  let dev: DevHandle
  let browser: Browser
  let page: Page

  const inPage = <T>(expression: string) => page.evaluate(expression) as Promise<T>

  /** The SVG that slide `n`'s `<img>` shows, decoded from its data URL. */
  const diagramSvg = async (n: number): Promise<string> => {
    const src = await inPage<string | null>(`window.__sdTest.imageSrc(${n})`)
    expect(src, `slide ${n} has an image`).toMatch(/^data:image\/svg\+xml;base64,/)
    return Buffer.from(src!.slice(src!.indexOf(',') + 1), 'base64').toString('utf8')
  }

  /** Labels drawn in that SVG, read with an XML parser. */
  const diagramLabels = async (n: number): Promise<string[]> =>
    linesWithRole(parseSvg(await diagramSvg(n)), 'label')

  const waitForLabel = (n: number, label: string) =>
    waitFor(`slide ${n}'s diagram to show '${label}'`, async () =>
      (await diagramLabels(n)).includes(label),
    )

  const waitForOverlay = async (shown: boolean): Promise<Overlay> => {
    await page.waitForFunction(
      shown
        ? 'window.__sdTest.overlay().hidden === false && window.__sdTest.overlay().text !== ""'
        : 'window.__sdTest.overlay().hidden === true',
      WAIT,
    )
    return inPage<Overlay>('window.__sdTest.overlay()')
  }

  /** Nothing navigated (the marker set after loading survives) and slide 3 is at the top. */
  const expectStillOnSlide3 = async () => {
    expect(await inPage<boolean>('window.__sdMarker === "loaded once"')).toBe(true)
    expect(await inPage<string>('location.pathname + location.hash')).toBe('/demo#3')
    expect(Math.abs(await inPage<number>('window.__sdTest.slideTop(3)'))).toBeLessThan(2)
  }

  beforeAll(async () => {
    project = await createTempProject('live-reload')
    dev = await runDev(resolveConfig({ root: project.root }), { host: '127.0.0.1', port: 0 })
    const found = await findBrowser()
    browser = await puppeteer.launch({
      executablePath: found.executablePath,
      args: [...found.args],
      headless: true,
    })
    page = await browser.newPage()
    await page.setViewport({ width: 1280, height: 720 })
    await page.evaluateOnNewDocument(PAGE_HELPERS)
  })

  afterAll(async () => {
    await browser?.close()
    await dev?.close()
    await project?.dispose()
  })

  it('opens /demo#3 with slide 3 (the diagram) at the top and no problems', async () => {
    await page.goto(`${dev.url}demo#3`, { waitUntil: 'load' })
    await page.waitForFunction('Math.abs(window.__sdTest.slideTop(3)) < 2', WAIT)
    await page.evaluate('window.__sdMarker = "loaded once"')
    expect(await inPage<number>('window.__sdTest.slides().length')).toBe(6)
    // Slide 3 must really be scrolled to, not be at the top of the page already.
    expect(await inPage<number>('window.scrollY')).toBeGreaterThan(1000)
    expect(await diagramLabels(3)).toEqual(['Application', 'Runtime', 'Hardware'])
    expect((await inPage<Overlay>('window.__sdTest.overlay()')).display).toBe('none')
    await expectStillOnSlide3()
  })

  it('redraws the diagram in place when its definition is saved', async () => {
    const before = await inPage<number>('window.__stackdeck.version')
    await project.write(DEFINITION, demoDefinition({ top: 'Edited in place' }))
    await waitForLabel(3, 'Edited in place')
    expect(await inPage<number>('window.__stackdeck.version')).toBeGreaterThan(before)
    await expectStillOnSlide3()
  })

  it('redraws the diagram when an editor saves by renaming a temp file over it', async () => {
    await project.saveByRename(DEFINITION, demoDefinition({ top: 'Saved by rename' }))
    await waitForLabel(3, 'Saved by rename')
    await expectStillOnSlide3()
  })

  it('shows a syntax error with file and line over the last good diagram, then clears it', async () => {
    await project.write(
      DEFINITION,
      // Line 9 of the file: a missing comma.
      demoDefinition({ top: 'Never shown', extra: "\n    { label: 'x' tone: 'app' }," }),
    )
    const overlay = await waitForOverlay(true)
    expect(overlay.display).not.toBe('none')
    expect(overlay.text).toContain(`${DEFINITION}:9`)
    expect(overlay.text).toContain('syntax error')
    expect(await inPage<unknown>('window.__stackdeck.problems')).toEqual([
      expect.objectContaining({ file: DEFINITION, line: 9 }),
    ])
    expect(await diagramLabels(3)).toContain('Saved by rename')
    await expectStillOnSlide3()

    await project.saveByRename(DEFINITION, demoDefinition({ top: 'Fixed syntax' }))
    await waitForLabel(3, 'Fixed syntax')
    expect((await waitForOverlay(false)).display).toBe('none')
    await expectStillOnSlide3()
  })

  it('shows a validation error with the field path, then clears it', async () => {
    await project.write(
      DEFINITION,
      demoDefinition({ top: 'Never shown', extra: "\n    { label: '  ', tone: 'app' }," }),
    )
    const overlay = await waitForOverlay(true)
    expect(overlay.text).toContain(`${DEFINITION} layers[3].label`)
    expect(await diagramLabels(3)).toContain('Fixed syntax')
    expect(await inPage<number>('window.__sdTest.slides().length')).toBe(6)

    await project.write(DEFINITION, demoDefinition({ top: 'Fixed validation' }))
    await waitForLabel(3, 'Fixed validation')
    await waitForOverlay(false)
    await expectStillOnSlide3()
  })

  it('shows new Markdown text in place', async () => {
    const markdown = await readFile(project.path(DECK), 'utf8')
    await project.saveByRename(DECK, markdown.replace('## Fourth slide', '## Fourth, edited'))
    await page.waitForFunction('window.__sdTest.heading(4) === "Fourth, edited"', WAIT)
    expect(await inPage<string>('window.__sdTest.heading(3)')).toBe('Diagram slide')
    await expectStillOnSlide3()
  })

  it('applies a theme edit to the slides and to the diagram colours', async () => {
    const css = await readFile(project.path(THEME), 'utf8')
    expect(css).toContain('--sd-hardware-fill: #546e7a;')
    expect(
      await inPage<string>(
        'getComputedStyle(window.__sdTest.slides()[3].querySelector("h2")).color',
      ),
    ).not.toBe('rgb(1, 2, 3)')
    await project.write(
      THEME,
      // The first occurrence is the light palette, which a non-inverted slide shows.
      `${css.replace('--sd-hardware-fill: #546e7a;', '--sd-hardware-fill: #a1b2c3;')}\nsection h2 { color: rgb(1, 2, 3); }\n`,
    )
    await page.waitForFunction(
      'getComputedStyle(window.__sdTest.slides()[3].querySelector("h2")).color === "rgb(1, 2, 3)"',
      WAIT,
    )
    await waitFor('the hardware layer to take the new fill', async () =>
      (await diagramSvg(3)).includes('fill="#a1b2c3"'),
    )
    await expectStillOnSlide3()
  })

  it('shows a broken theme colour with file and line over the last good render, then clears it', async () => {
    const css = await readFile(project.path(THEME), 'utf8')
    const line = css.split('\n').findIndex((l) => l.includes('--sd-hardware-fill: #a1b2c3;')) + 1
    expect(line).toBeGreaterThan(0)
    await project.write(
      THEME,
      css.replace('--sd-hardware-fill: #a1b2c3;', '--sd-hardware-fill: url(x);'),
    )
    const overlay = await waitForOverlay(true)
    expect(overlay.text).toContain(`${THEME}:${line}`)
    expect(overlay.text).toContain('--sd-hardware-fill')
    expect(await diagramSvg(3)).toContain('fill="#a1b2c3"')

    await project.saveByRename(
      THEME,
      css.replace('--sd-hardware-fill: #a1b2c3;', '--sd-hardware-fill: #0a0b0c;'),
    )
    await waitFor('the fixed theme colour', async () =>
      (await diagramSvg(3)).includes('fill="#0a0b0c"'),
    )
    await waitForOverlay(false)
    await expectStillOnSlide3()
  })

  it('follows a helper module that the definition imports', async () => {
    await project.write('slides/diagrams/_labels.ts', "export const top = 'From the helper'\n")
    await project.write(
      DEFINITION,
      demoDefinition()
        .replace(
          "import { defineStack } from 'stackdeck'",
          "import { defineStack } from 'stackdeck'\nimport { top } from './_labels.ts'",
        )
        .replace('"Application"', 'top'),
    )
    await waitForLabel(3, 'From the helper')
    // Only the helper changes now.
    await project.saveByRename('slides/diagrams/_labels.ts', "export const top = 'Helper edited'\n")
    await waitForLabel(3, 'Helper edited')
    await expectStillOnSlide3()
  })

  it('serves a deck added while running, without a restart', async () => {
    const status = async () => (await fetch(`${dev.url}newdeck`)).status
    expect(await status()).toBe(404)
    await project.write(
      'slides/newdeck.md',
      '---\nmarp: true\ntheme: stackdeck\n---\n\n# Brand new deck\n',
    )
    await waitFor('/newdeck to be served', async () => (await status()) === 200)
    const html = await (await fetch(`${dev.url}newdeck`)).text()
    expect(html).toContain('Brand new deck')
    expect(await (await fetch(dev.url)).text()).toContain('href="/newdeck"')
  })

  it('renders a diagram definition added while running, for a deck that was waiting for it', async () => {
    const markdown = await readFile(project.path(DECK), 'utf8')
    await project.write(
      DECK,
      `${markdown}\n---\n\n## Extra diagram\n\n![](../assets/diagrams/extra.svg)\n`,
    )
    // The deck now names a diagram that does not exist yet: a problem, over the last good slides.
    const overlay = await waitForOverlay(true)
    expect(overlay.text).toContain(DECK)
    expect(overlay.text).toContain('extra.svg not found')
    expect(await inPage<number>('window.__sdTest.slides().length')).toBe(6)

    await project.saveByRename(
      'slides/diagrams/extra.ts',
      demoDefinition({ top: 'Extra diagram layer' }),
    )
    await page.waitForFunction('window.__sdTest.slides().length === 7', WAIT)
    await waitForLabel(7, 'Extra diagram layer')
    await waitForOverlay(false)
    await expectStillOnSlide3()
  })

  it('reports a deleted diagram and shows it again when its file comes back', async () => {
    await project.remove(DEFINITION)
    const overlay = await waitForOverlay(true)
    expect(overlay.text).toContain('demo.svg not found')
    expect(await diagramLabels(3)).toContain('Helper edited')

    await project.saveByRename(DEFINITION, demoDefinition({ top: 'Re-created' }))
    await waitForLabel(3, 'Re-created')
    await waitForOverlay(false)
    await expectStillOnSlide3()
  })

  it('ends with the new file when a diagram is deleted and re-created in one burst', async () => {
    await project.remove(DEFINITION)
    await project.write(DEFINITION, demoDefinition({ top: 'Re-created at once' }))
    await waitForLabel(3, 'Re-created at once')
    await waitForOverlay(false)
    await dev.idle()
    expect(dev.session.problems()).toEqual([])
    await expectStillOnSlide3()
  })
  it('stops serving a deleted deck and updates the open page when the file comes back', async () => {
    const markdown = await readFile(project.path(DECK), 'utf8')
    await project.remove(DECK)
    await waitFor('/demo to answer 404', async () => (await fetch(`${dev.url}demo`)).status === 404)
    await project.write(DECK, markdown.replace('## Fifth slide', '## Fifth, restored'))
    await page.waitForFunction('window.__sdTest.heading(5) === "Fifth, restored"', WAIT)
    expect((await fetch(`${dev.url}demo`)).status).toBe(200)
    await waitForOverlay(false)
    await expectStillOnSlide3()
  })

  it('keeps telling the reader that the open deck was deleted', async () => {
    const markdown = await readFile(project.path(DECK), 'utf8')
    try {
      await project.remove(DECK)
      await waitFor(
        '/demo to answer 404',
        async () => (await fetch(`${dev.url}demo`)).status === 404,
      )
      await settle(dev)
      const overlay = await inPage<Overlay>('window.__sdTest.overlay()')
      expect(overlay.text).toContain('deleted')
      expect(overlay.display).not.toBe('none')
    } finally {
      await project.write(DECK, markdown)
      await waitFor('/demo to be back', async () => (await fetch(`${dev.url}demo`)).status === 200)
      await settle(dev)
    }
  })

  // A page that (re)connects gets the current render, not only the problem list: what was
  // rendered while its socket was down (server restarted, laptop asleep) reaches it.
  it('catches up on changes made while the server was stopped, once the page reconnects', async () => {
    const port = Number(new URL(dev.url).port)
    await dev.close()
    await project.write(DEFINITION, demoDefinition({ top: 'Changed while stopped' }))
    await page.evaluate('window.__stackdeck.problems = "not reconnected yet"')
    dev = await runDev(resolveConfig({ root: project.root }), { host: '127.0.0.1', port })
    // The client retries every 500 ms; on connecting it receives the problem list.
    await page.waitForFunction('Array.isArray(window.__stackdeck.problems)', WAIT)
    await expectStillOnSlide3()
    await waitFor(
      'the page to show the diagram rendered while it was disconnected',
      async () => (await diagramLabels(3)).includes('Changed while stopped'),
      3_000,
    )
  })
})
