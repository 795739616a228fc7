/**
 * Exported HTML decks opened from disk in the Chromium the build uses (src/browser's
 * finder), at 1280×720, with every request intercepted:
 *
 * - `offline`: the file itself and data: URLs load; anything else is blocked and
 *   recorded (what a self-contained export must never ask for);
 * - `reference`: plain marp-cli's HTML as its author sees it online: local files load,
 *   web fonts, emoji and KaTeX fonts are answered from npm packages (web-resources.ts),
 *   anything else is blocked and recorded.
 */
import { pathToFileURL } from 'node:url'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { webResource } from './web-resources.ts'

export const SLIDE_WIDTH = 1280
export const SLIDE_HEIGHT = 720

/** A headless Chromium; `env` reaches only this browser (FONTCONFIG_FILE). */
export async function launchChromium(env: NodeJS.ProcessEnv = {}): Promise<Browser> {
  const found = await findBrowser()
  return puppeteer.launch({
    executablePath: found.executablePath,
    args: [...found.args],
    headless: true,
    env: { ...process.env, ...env },
  })
}

export type OpenMode = 'offline' | 'reference'

export interface DeckPage {
  readonly page: Page
  readonly fileUrl: string
  /** Requests for anything but the file, data: URLs and (reference) local files and served web resources. */
  readonly outside: readonly string[]
  /** Requests that failed, with the reason. */
  readonly failed: readonly string[]
  close(): Promise<void>
}

export async function openDeck(browser: Browser, file: string, mode: OpenMode): Promise<DeckPage> {
  const fileUrl = pathToFileURL(file).href
  const outside: string[] = []
  const failed: string[] = []
  const page = await browser.newPage()
  await page.setViewport({ width: SLIDE_WIDTH, height: SLIDE_HEIGHT })
  await page.setRequestInterception(true)
  page.on('request', (request) => {
    const url = request.url()
    if (url === fileUrl || url.startsWith('data:')) return void request.continue()
    if (mode === 'reference') {
      if (url.startsWith('file:')) return void request.continue()
      const answer = webResource(url)
      if (answer) {
        return void request.respond({
          status: answer.status,
          contentType: answer.contentType,
          headers: { 'Access-Control-Allow-Origin': '*' },
          body: answer.body,
        })
      }
    }
    outside.push(url)
    void request.abort('blockedbyclient')
  })
  page.on('requestfailed', (request) => {
    failed.push(`${request.url().slice(0, 160)}: ${request.failure()?.errorText ?? 'failed'}`)
  })
  await page.goto(fileUrl, { waitUntil: 'load' })
  await settle(page)
  return { page, fileUrl, outside, failed, close: () => page.close() }
}

/**
 * Waits for fonts and images in use to load and for two frames to be drawn. The page is
 * brought to the front first: Chromium draws no frames for a tab in the background.
 */
export async function settle(page: Page): Promise<void> {
  await page.bringToFront()
  await page.evaluate(async () => {
    await document.fonts.ready
    await Promise.all(
      Array.from(document.images, (img) =>
        img.complete ? undefined : img.decode().catch(() => undefined),
      ),
    )
    await document.fonts.ready
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  })
}

/** Number of slides of a bespoke (marp-cli's default template) HTML deck. */
export function slideCount(page: Page): Promise<number> {
  return page.$$eval('svg[data-marpit-svg]', (slides) => slides.length)
}

/**
 * One PNG per slide, each as the deck shows it full screen at 1280×720: the slide is
 * selected by its URL hash (`#3`), as a reader does; the on-screen controls are hidden.
 */
export async function screenshotSlides(page: Page): Promise<Uint8Array[]> {
  await page.addStyleTag({ content: '.bespoke-marp-osc { display: none !important; }' })
  const count = await slideCount(page)
  const shots: Uint8Array[] = []
  for (let n = 1; n <= count; n++) {
    await page.evaluate((hash) => {
      location.hash = hash
    }, `#${n}`)
    await page.waitForFunction(
      (index) => {
        const slide = document.querySelectorAll('svg[data-marpit-svg]').item(index)
        return slide.classList.contains('bespoke-marp-active')
      },
      {},
      n - 1,
    )
    await settle(page)
    shots.push(await page.screenshot({ type: 'png' }))
  }
  return shots
}

/** Lays every slide out at once, as when printing, so that all images and fonts load. */
export async function showAllSlides(page: Page): Promise<void> {
  await page.emulateMediaType('print')
  await settle(page)
}
