/**
 * Marp's presenter view in the single-file HTML, for every deck (the repo's and the
 * fixture's): opened from disk with `?view=presenter`, or with `p` from the slide view, it
 * shows the current slide's notes, the next slide and the timer, and requests nothing but
 * the file itself (the next-slide preview is the same file) and data: URLs.
 */
import { cp } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { slideNotes } from '../../src/export/handout-notes.ts'
import { FIXTURE_DECKS_DIR, repoDeckProject, type TempProject } from '../fixtures/decks/project.ts'
import { compact } from './read-exports.ts'
import { readFile } from 'node:fs/promises'

const DECKS = ['virtualization', 'showcase', 'extra'] as const

let project: TempProject
let browser: Browser

beforeAll(async () => {
  project = await repoDeckProject('presenter', 'virtualization')
  const slides = project.config.slidesDir
  for (const deck of ['showcase.md', 'extra.md'])
    await cp(join(FIXTURE_DECKS_DIR, deck), join(slides, deck))
  await cp(join(FIXTURE_DECKS_DIR, 'images'), join(slides, 'images'), { recursive: true })
  for (const diagram of ['layers.ts', 'split.ts']) {
    await cp(join(FIXTURE_DECKS_DIR, 'diagrams', diagram), join(slides, 'diagrams', diagram))
  }
  const run = await project.build(['--only', 'html'])
  if (run.code !== 0) throw new Error(`stackdeck build failed:\n${run.stderr}`)
  const found = await findBrowser()
  browser = await puppeteer.launch({
    executablePath: found.executablePath,
    args: [...found.args],
    headless: true,
  })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await project?.remove()
})

/** A page that lets through only the deck file (any query) and data: URLs, and records the rest. */
async function offlinePage(file: string, outside: string[]): Promise<Page> {
  const page = await browser.newPage()
  await page.setViewport({ width: 1280, height: 720 })
  await page.setRequestInterception(true)
  const own = pathToFileURL(file).href
  page.on('request', (request) => {
    const url = request.url()
    if (url.split(/[?#]/)[0] === own || url.startsWith('data:')) void request.continue()
    else {
      outside.push(url)
      void request.abort('blockedbyclient')
    }
  })
  return page
}

/** The notes shown (not `display: none`), as slide index and compacted text. */
const shownNotes = (page: Page) =>
  page.$$eval('.bespoke-marp-presenter-note-container .bespoke-marp-note', (all) =>
    all
      .filter((n) => getComputedStyle(n).display !== 'none')
      .map((n) => ({ index: Number(n.getAttribute('data-index')), text: n.textContent ?? '' })),
  )

const infoText = (page: Page) =>
  page.$eval('.bespoke-marp-presenter-info-container', (e) => e.textContent ?? '')

describe.each(DECKS)('presenter view of %s.html', (deck) => {
  it("shows the current slide's notes, the next slide and the timer, offline", async () => {
    const file = project.output(deck, 'html')
    const notes = slideNotes(await readFile(project.deckFile(deck), 'utf8')).map((c) =>
      compact(c.join('')),
    )
    const outside: string[] = []
    const page = await offlinePage(file, outside)
    try {
      await page.goto(`${pathToFileURL(file).href}?view=presenter`, { waitUntil: 'load' })
      await page.waitForSelector('.bespoke-marp-presenter-container', { visible: true })
      // The next slide: the same file in an iframe.
      await page.waitForSelector('iframe.bespoke-marp-presenter-next')
      const next = await page.waitForFrame((f) => f.url().includes('view=next'))
      await next.waitForSelector('svg[data-marpit-svg]')
      // The clock and the elapsed-time timer (hh:mm:ss), and the page counter.
      expect(await infoText(page)).toMatch(/\d\d:\d\d:\d\d/)
      for (const index of [0, 1]) {
        if (index > 0) {
          await page.keyboard.press('ArrowRight')
          await page.waitForFunction(
            (counter: string) =>
              document
                .querySelector('.bespoke-marp-presenter-info-container')
                ?.textContent?.includes(counter),
            {},
            `${index + 1} / ${notes.length}`,
          )
        }
        expect(await infoText(page)).toContain(`${index + 1} / ${notes.length}`)
        const shown = (await shownNotes(page)).map((n) => ({ ...n, text: compact(n.text) }))
        // Only this slide's notes; none for a slide without notes.
        expect(shown).toEqual(notes[index] ? [{ index, text: notes[index] }] : [])
      }
      expect(outside).toEqual([])
    } finally {
      await page.close()
    }
  })
})

describe('the p key', () => {
  it('opens the presenter view in a new window', async () => {
    const file = project.output('virtualization', 'html')
    const outside: string[] = []
    const page = await offlinePage(file, outside)
    try {
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
      const opened = browser.waitForTarget((t) => t.url().includes('view=presenter'))
      await page.keyboard.press('p')
      const presenter = await (await opened).page()
      await presenter!.waitForSelector(
        '.bespoke-marp-presenter-note-container .bespoke-marp-note',
        { visible: true },
      )
      await presenter!.close()
      expect(outside).toEqual([])
    } finally {
      await page.close()
    }
  })
})
