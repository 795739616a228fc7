/**
 * dist/index.html as built by `stackdeck build --only html,pdf` for the virtualization
 * deck and a deck in a subfolder whose name has a space: Chromium opens it from disk and
 * from a static server under a sub-path; every link resolves (the file exists / HTTP 200),
 * every thumbnail loads, nothing outside dist/ is requested; the deck pages carry a
 * description and an og:image that resolves too.
 */
import { createServer, type Server } from 'node:http'
import { cp, mkdir, readFile, stat } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { FIXTURE_DECKS_DIR, repoDeckProject, type TempProject } from '../fixtures/decks/project.ts'

const SUB_PATH = '/talks/2026/'
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.jpg': 'image/jpeg',
}

let project: TempProject
let browser: Browser
let server: Server
let origin: string

/** Serves dist/ under SUB_PATH only; anything else is a 404. */
function serveDist(dist: string): Promise<Server> {
  const served = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    const inside = path.startsWith(SUB_PATH)
      ? normalize(`${path.slice(SUB_PATH.length)}${path.endsWith('/') ? 'index.html' : ''}`)
      : '..'
    const file = join(dist, inside)
    const answer = inside.startsWith('..') ? Promise.reject(new Error('outside')) : readFile(file)
    answer
      .then((body) => {
        response.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        })
        response.end(body)
      })
      .catch(() => {
        response.writeHead(404)
        response.end()
      })
  })
  return new Promise((resolve) => served.listen(0, '127.0.0.1', () => resolve(served)))
}

beforeAll(async () => {
  project = await repoDeckProject('site', 'virtualization')
  await mkdir(join(project.config.slidesDir, 'infra'), { recursive: true })
  await cp(
    join(FIXTURE_DECKS_DIR, 'extra.md'),
    join(project.config.slidesDir, 'infra', 'sub deck.md'),
  )
  const run = await project.build(['--only', 'html,pdf'])
  if (run.code !== 0) throw new Error(`stackdeck build failed:\n${run.stderr}`)
  expect(run.stderr).toMatch(/dist\/index\.html \d/)
  server = await serveDist(project.config.outDir)
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const found = await findBrowser()
  browser = await puppeteer.launch({
    executablePath: found.executablePath,
    args: [...found.args],
    headless: true,
  })
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => server?.close(resolve))
  await project?.remove()
})

interface Loaded {
  readonly links: readonly string[]
  readonly images: readonly { src: string; loaded: boolean }[]
  /** Requests outside `allowed` (blocked). */
  readonly outside: readonly string[]
}

async function open(url: string, allowed: (url: string) => boolean): Promise<Loaded> {
  const page: Page = await browser.newPage()
  const outside: string[] = []
  try {
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      if (allowed(request.url()) || request.url().startsWith('data:')) void request.continue()
      else {
        outside.push(request.url())
        void request.abort('blockedbyclient')
      }
    })
    const response = await page.goto(url, { waitUntil: 'load' })
    expect(response?.ok() ?? true).toBe(true)
    const links = await page.$$eval('a[href]', (all) =>
      all.map((a) => (a as HTMLAnchorElement).href),
    )
    const images = await page.$$eval('img', (all) =>
      all.map((img) => ({
        src: img.src.slice(0, 40),
        loaded: img.complete && img.naturalWidth > 0,
      })),
    )
    return { links, images, outside }
  } finally {
    await page.close()
  }
}

const deckLinks = (links: readonly string[]) =>
  [...new Set(links.map((l) => l.split('/').pop()!))].sort()

describe('dist/index.html', () => {
  it('opened from disk: every link is a file that exists, every thumbnail loads, nothing else is requested', async () => {
    const dist = pathToFileURL(project.config.outDir).href
    const loaded = await open(`${dist}/index.html`, (url) => url.startsWith(`${dist}/`))
    expect(loaded.outside).toEqual([])
    expect(deckLinks(loaded.links)).toEqual([
      'sub%20deck.handout.pdf',
      'sub%20deck.html',
      'sub%20deck.pdf',
      'virtualization.handout.pdf',
      'virtualization.html',
      'virtualization.pdf',
    ])
    for (const link of loaded.links) {
      expect(link.startsWith(`${dist}/`), link).toBe(true)
      expect((await stat(fileURLToPath(link))).isFile(), link).toBe(true)
    }
    expect(loaded.images).toHaveLength(2)
    for (const image of loaded.images) {
      expect(image.src).toMatch(/^data:image\/jpeg;base64,/)
      expect(image.loaded).toBe(true)
    }
  })

  it.each([`${SUB_PATH}index.html`, SUB_PATH])(
    'served under a sub-path (%s): every link answers 200, every thumbnail loads',
    async (path) => {
      const loaded = await open(`${origin}${path}`, (url) => url.startsWith(`${origin}${SUB_PATH}`))
      expect(loaded.outside).toEqual([])
      // Six outputs; each thumbnail links to its deck's HTML too.
      expect(new Set(loaded.links).size).toBe(6)
      for (const link of loaded.links) {
        expect(link.startsWith(`${origin}${SUB_PATH}`), link).toBe(true)
        expect((await fetch(link)).status, link).toBe(200)
      }
      expect(loaded.images.every((i) => i.loaded)).toBe(true)
    },
  )
})

describe('deck pages', () => {
  it.each([
    [
      'virtualization',
      'virtualization.og.jpg',
      'ホスト型・ハイパーバイザ型・コンテナ型から Vagrant・Docker まで',
    ],
    ['infra/sub deck', 'sub%20deck.og.jpg', undefined],
  ])(
    '%s.html has a description and an og:image that resolves',
    async (deck, image, description) => {
      const html = await readFile(join(project.config.outDir, `${deck}.html`), 'utf8')
      const head = html.slice(0, html.indexOf('</head>'))
      expect(head).toContain(`<meta property="og:image" content="${image}">`)
      expect(head).toContain('<meta name="twitter:card" content="summary_large_image">')
      if (description) expect(head).toContain(`<meta name="description" content="${description}">`)
      const page = new URL(
        `${SUB_PATH}${deck.split('/').map(encodeURIComponent).join('/')}.html`,
        origin,
      )
      const response = await fetch(new URL(image, page))
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('image/jpeg')
      // A full-size JPEG of the first slide.
      const bytes = new Uint8Array(await response.arrayBuffer())
      expect([...bytes.slice(0, 3)]).toEqual([0xff, 0xd8, 0xff])
    },
  )
})
