/**
 * The exported HTML is one self-contained file: opened from disk in a headless Chromium,
 * it requests nothing but itself and data: URLs (no fonts, scripts, styles or images from
 * the network or from files beside it), and its slides, images and font all load.
 */
import { pathToFileURL } from 'node:url'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { fixtureProject, type TempProject } from '../fixtures/decks/project.ts'

let project: TempProject
let browser: Browser
let page: Page
let fileUrl: string
/** Every request the page made, by URL. */
const requested: string[] = []
/** Requests that failed or that the test blocked, with the reason. */
const failed: string[] = []

beforeAll(async () => {
  project = await fixtureProject('offline')
  const run = await project.build(['--deck', 'showcase', '--only', 'html'])
  if (run.code !== 0) throw new Error(`stackdeck build failed:\n${run.stderr}`)
  fileUrl = pathToFileURL(project.output('showcase', 'html')).href

  const found = await findBrowser()
  browser = await puppeteer.launch({
    executablePath: found.executablePath,
    args: [...found.args],
    headless: true,
  })
  page = await browser.newPage()
  await page.setViewport({ width: 1280, height: 720 })
  await page.setRequestInterception(true)
  page.on('request', (request) => {
    const url = request.url()
    requested.push(url)
    // Anything but the file itself and inline data is a leak: block it so the test never
    // reaches the network, and record it.
    if (url === fileUrl || url.startsWith('data:')) void request.continue()
    else void request.abort('blockedbyclient')
  })
  page.on('requestfailed', (request) => {
    failed.push(`${request.url().slice(0, 120)}: ${request.failure()?.errorText ?? 'failed'}`)
  })
  await page.goto(fileUrl, { waitUntil: 'load' })
  await page.evaluate(async () => {
    await document.fonts.ready
  })
  // Show every slide at once, as when printing, so that all images and fonts load.
  await page.emulateMediaType('print')
  await page.evaluate(async () => {
    await Promise.all(
      Array.from(document.images, (img) =>
        img.complete ? undefined : img.decode().catch(() => {}),
      ),
    )
    await document.fonts.ready
  })
})

afterAll(async () => {
  await browser?.close()
  await project?.remove()
})

describe('exported HTML opened from disk', () => {
  it('requests the file itself', () => {
    expect(requested[0]).toBe(fileUrl)
  })

  it('makes no request other than the file and data: URLs', () => {
    expect(requested.filter((url) => url !== fileUrl && !url.startsWith('data:'))).toEqual([])
  })

  it('has no failed request', () => {
    expect(failed).toEqual([])
  })

  it('renders all eight slides', async () => {
    const ids = await page.$$eval('section[id]', (sections) => sections.map((s) => s.id))
    expect(ids).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
  })

  it('decodes every image from its data URL', async () => {
    const images = await page.$$eval('section img', (imgs) =>
      imgs.map((img) => ({ data: img.src.startsWith('data:'), width: img.naturalWidth })),
    )
    expect(images).toHaveLength(3)
    for (const image of images)
      expect(image).toMatchObject({ data: true, width: expect.any(Number) })
    expect(images.every((image) => image.width > 0)).toBe(true)
  })

  it('loads the embedded Stackdeck Sans faces', async () => {
    const faces = await page.evaluate(() => {
      const found: string[] = []
      document.fonts.forEach((face) => {
        if (face.family.replace(/"/g, '') === 'Stackdeck Sans')
          found.push(`${face.weight} ${face.status}`)
      })
      return found.sort()
    })
    expect(faces).toEqual(['400 loaded', '700 loaded'])
  })
})
