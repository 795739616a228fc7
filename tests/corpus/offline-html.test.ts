/**
 * Each corpus deck's exported HTML is one self-contained file. Opened from disk with every
 * request but the file itself and data: URLs blocked, it requests nothing else, and it
 * shows what plain Marp shows online (plain marp-cli's HTML of the same deck, opened with
 * its web fonts, twemoji and KaTeX fonts answered from npm packages: web-resources.ts):
 *
 * - every `<img>` is loaded from a data: URL and visible (its screenshot is not blank);
 * - every CSS background image (theme, deck `<style>`, `![bg]`) is a data: URL that decodes;
 * - no @font-face failed to load; KaTeX's fonts loaded;
 * - every emoji Marp turns into a twemoji `<img>` is one here too, visible, and no emoji is
 *   left as text for the viewer's fonts;
 * - every formula (MathJax SVG, KaTeX) is drawn;
 * - each distinct image and emoji picture is stored once however many slides show it.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser, Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CORPUS_DECKS,
  CORPUS_DIR,
  buildWithMarpCli,
  buildWithStackdeck,
  copyCorpus,
  outputOf,
  removeCopy,
  type DeckOutputs,
  type StackdeckBuild,
} from './corpus.ts'
import { launchChromium, openDeck, showAllSlides, type DeckPage } from './deck-pages.ts'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { createRequire } from 'node:module'
import { PNG } from 'pngjs'

const require = createRequire(import.meta.url)

/** A picture of an element: loaded, and visible on the page. */
interface Picture {
  /** `alt` of an `<img>`; the tag name of a formula. */
  readonly name: string
  readonly emoji: boolean
  /** `<img>` only: its `src` is a data: URL. */
  readonly data: boolean
  /** Loaded (`<img>`: complete, decoded to a size), laid out with a size, and not blank. */
  readonly visible: boolean
}

/** What a deck page shows, read in Chromium with every slide laid out (print media). */
interface Shown {
  /** Every `<img>` of the slides (Markdown images and Marp's emoji pictures). */
  readonly images: readonly Picture[]
  /** Formulas: `mjx-container` (MathJax) and `.katex` elements. */
  readonly math: readonly Picture[]
  /** CSS background images of slide elements and their ::before/::after, one per element and URL. */
  readonly backgrounds: readonly string[]
  /** Emoji characters left in the slide text (drawn by whatever font the viewer has). */
  readonly emojiText: string
  /** Every @font-face of the page with its load status. */
  readonly faces: readonly { family: string; status: string }[]
}

/**
 * Whether a screenshot shows something: at least two colours (in steps of 16 per channel)
 * that each cover 2 % of it. A picture that did not load shows the slide behind it, one
 * colour.
 */
function notBlank(png: Uint8Array): boolean {
  const { data, width, height } = PNG.sync.read(Buffer.from(png))
  const counts = new Map<number, number>()
  for (let i = 0; i < data.length; i += 4) {
    const key = ((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts.values()].filter((n) => n >= width * height * 0.02).length >= 2
}

async function pictures(page: Page, selector: string): Promise<Picture[]> {
  const out: Picture[] = []
  for (const handle of await page.$$(selector)) {
    const info = await handle.evaluate((el) => {
      const box = el.getBoundingClientRect()
      const sized = box.width > 0 && box.height > 0
      if (!(el instanceof HTMLImageElement)) {
        return { name: el.tagName.toLowerCase(), emoji: false, data: false, loaded: sized }
      }
      return {
        name: el.alt,
        emoji: el.matches('[data-marp-twemoji], .emoji'),
        data: el.src.startsWith('data:'),
        loaded: sized && el.complete && el.naturalWidth > 0,
      }
    })
    const visible = info.loaded && notBlank(await handle.screenshot({ type: 'png' }))
    out.push({ name: info.name, emoji: info.emoji, data: info.data, visible })
    await handle.dispose()
  }
  return out
}

async function shown(page: Page): Promise<Shown> {
  const rest = await page.evaluate(() => {
    const slides = Array.from(document.querySelectorAll('section'))
    const inSlides = slides.flatMap((s) => [s, ...Array.from(s.querySelectorAll('*'))])
    const backgrounds = inSlides.flatMap((el) =>
      [null, '::before', '::after'].flatMap((pseudo) =>
        Array.from(
          getComputedStyle(el, pseudo).backgroundImage.matchAll(/url\("([^"]*)"\)/g),
          (m) => m[1]!,
        ),
      ),
    )
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    let text = ''
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('section') && !node.parentElement.closest('style, script'))
        text += node.textContent ?? ''
    }
    const faces: { family: string; status: string }[] = []
    document.fonts.forEach((face) =>
      faces.push({ family: face.family.replace(/["']/g, ''), status: face.status }),
    )
    const emoji = /\p{Emoji_Presentation}|\p{Emoji}\uFE0F/gu
    return { backgrounds, emojiText: Array.from(text.matchAll(emoji), (m) => m[0]).join(''), faces }
  })
  return {
    ...rest,
    images: await pictures(page, 'section img'),
    math: await pictures(page, 'section mjx-container, section .katex'),
  }
}

/** Loads each URL as an image in the page: the natural width it decodes to (0: it did not). */
function decodedWidths(page: Page, urls: readonly string[]): Promise<number[]> {
  return page.evaluate(
    (list) =>
      Promise.all(
        list.map(async (url) => {
          const img = new Image()
          img.src = url
          try {
            await img.decode()
            return img.naturalWidth
          } catch {
            return 0
          }
        }),
      ),
    [...urls],
  )
}

/**
 * How many times a file's bytes are stored in `html`: a chunk from the middle of the file
 * as a base64 data URL holds it, and for SVG also as written or percent-encoded (as
 * `encodeURIComponent` or the minimal data-URL escaping of `%`, `#`, `<`, `>` and `"`).
 */
function storedCopies(html: string, data: Buffer, svg: boolean): number {
  const count = (needle: string) => (needle === '' ? 0 : html.split(needle).length - 1)
  const middle = Math.floor(data.length / 6) * 3
  let copies = count(data.toString('base64').slice((middle / 3) * 4, (middle / 3) * 4 + 64))
  if (svg) {
    const text = data.toString('utf8')
    const start = text.indexOf(' ', Math.floor(text.length / 2)) + 1
    const chunk = text.slice(start, start + 40)
    const minimal = chunk
      .replace(/%/g, '%25')
      .replace(/#/g, '%23')
      .replace(/</g, '%3C')
      .replace(/>/g, '%3E')
      .replace(/"/g, "'")
    copies += Math.max(count(chunk), count(encodeURIComponent(chunk)), count(minimal))
  }
  return copies
}

const twemojiFile = (src: string): string | undefined => {
  const name = /\/svg\/([0-9a-f-]+\.svg)$/.exec(src)?.[1]
  const file = name && join(require.resolve('@twemoji/svg/package.json'), '..', name)
  return file && existsSync(file) ? file : undefined
}

let root: string | undefined
let plainRoot: string | undefined
let build: StackdeckBuild
let plain: Map<string, DeckOutputs>
let browser: Browser

beforeAll(async () => {
  const located = await findBrowser()
  ;[root, plainRoot] = await Promise.all([copyCorpus('offline'), copyCorpus('offline-plain')])
  build = await buildWithStackdeck(root, ['html'])
  plain = await buildWithMarpCli(plainRoot, ['html'], located.executablePath)
  browser = await launchChromium()
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await Promise.all([removeCopy(root), removeCopy(plainRoot)])
})

describe.each(CORPUS_DECKS)('$path', (deck) => {
  let ours: DeckPage
  let theirs: DeckPage
  let html: string
  let plainHtml: string
  let oursShown: Shown
  let theirsShown: Shown

  beforeAll(async () => {
    const file = outputOf(build, deck, 'html')
    const plainFile = plain.get(deck.path)?.html
    if (!plainFile) throw new Error(`plain marp-cli wrote no HTML for slides/${deck.path}`)
    ;[html, plainHtml] = await Promise.all([readFile(file, 'utf8'), readFile(plainFile, 'utf8')])
    ours = await openDeck(browser, file, 'offline')
    await showAllSlides(ours.page)
    oursShown = await shown(ours.page)
    theirs = await openDeck(browser, plainFile, 'reference')
    await showAllSlides(theirs.page)
    theirsShown = await shown(theirs.page)
  })

  afterAll(async () => {
    await ours?.close()
    await theirs?.close()
  })

  it('requests nothing but the file itself and data: URLs, and no request fails', () => {
    expect(ours.outside).toEqual([])
    expect(ours.failed).toEqual([])
    // The reference loaded all it asked for, or it would not be one.
    expect(theirs.outside).toEqual([])
  })

  it('shows every <img> of the slides, loaded from a data: URL', () => {
    const images = (shown: Shown) => shown.images.filter((i) => !i.emoji)
    expect(images(theirsShown).every((i) => i.visible)).toBe(true)
    expect(images(oursShown)).toHaveLength(images(theirsShown).length)
    expect(images(oursShown).filter((i) => !i.data || !i.visible)).toEqual([])
  })

  it('loads every CSS background image (deck <style>, theme, bg images) from a data: URL', async () => {
    expect(oursShown.backgrounds).toHaveLength(theirsShown.backgrounds.length)
    expect(oursShown.backgrounds.filter((url) => !url.startsWith('data:'))).toEqual([])
    const distinct = [...new Set(oursShown.backgrounds)]
    const widths = await decodedWidths(ours.page, distinct)
    expect(distinct.filter((_, i) => widths[i] === 0).map((u) => u.slice(0, 60))).toEqual([])
  })

  it('has no web font or math font that failed to load', () => {
    expect(oursShown.faces.filter((f) => f.status === 'error')).toEqual([])
  })

  it('draws every emoji as a visible picture, as plain Marp does online', () => {
    const emoji = (shown: Shown) =>
      shown.images
        .filter((i) => i.emoji)
        .map((i) => `${i.name} ${i.visible ? 'visible' : 'not visible'}`)
        .sort()
    expect(emoji(theirsShown).every((e) => e.endsWith(' visible'))).toBe(true)
    expect(emoji(oursShown)).toEqual(emoji(theirsShown))
    expect(oursShown.emojiText).toBe('')
  })

  it.runIf(deck.math !== undefined)('draws every formula visibly', () => {
    const math = (shown: Shown) =>
      shown.math.map((m) => `${m.name} ${m.visible ? 'visible' : 'not visible'}`)
    expect(theirsShown.math.length).toBeGreaterThan(0)
    expect(math(oursShown)).toEqual(math(theirsShown))
    expect(oursShown.math.every((m) => m.visible)).toBe(true)
  })

  it.runIf(deck.math === 'katex')("loads KaTeX's fonts", () => {
    const katexFaces = oursShown.faces.filter((f) => /katex/i.test(f.family))
    expect(katexFaces.filter((f) => f.status === 'loaded').length).toBeGreaterThan(0)
  })

  const images = deck.images.map((image) => ({
    image,
    slides: deck.repeated.find((r) => r.image === image)?.slides ?? 1,
  }))
  it.each(images)('stores $image once ($slides slide(s) show it)', async ({ image }) => {
    const data = await readFile(join(CORPUS_DIR, image))
    expect(storedCopies(html, data, image.endsWith('.svg'))).toBe(1)
  })

  it('stores each distinct emoji picture once', async () => {
    const sources = [...plainHtml.matchAll(/<img\b[^>]*\bdata-marp-twemoji[^>]*>/g)].flatMap(
      (m) => /\bsrc="([^"]+)"/.exec(m[0])?.[1] ?? [],
    )
    const files = [...new Set(sources.map(twemojiFile))].filter((f): f is string => f !== undefined)
    const copies = await Promise.all(
      files.map(
        async (f) => `${f.split('/').pop()}: ${storedCopies(html, await readFile(f), true)}`,
      ),
    )
    expect(copies).toEqual(files.map((f) => `${f.split('/').pop()}: 1`))
  })
})
