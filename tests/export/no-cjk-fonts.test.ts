/**
 * Japanese slides must look the same on a machine without Japanese fonts: the engine
 * embeds a subset of Noto Sans JP ("Stackdeck Sans") in every export. Here Chromium, both
 * the one marp-cli prints the PDF with and the one the test opens the HTML in, is given a
 * fontconfig file that lists one folder of Latin-only fonts and nothing else.
 */
import { readFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import * as fontkit from 'fontkit'
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { fixtureProject, type TempProject } from '../fixtures/decks/project.ts'
import { findLatinFonts, writeLatinFontconfig } from '../support/fontconfig.ts'
import { compact, readPdf, type PdfFile } from './read-exports.ts'

// Launching the browser first lets @sparticuz/chromium unpack its fonts.
const located = await findBrowser()
const latin = await findLatinFonts()

interface PlatformFont {
  readonly familyName: string
  readonly postScriptName: string
  readonly isCustomFont: boolean
  readonly glyphCount: number
}

const isEmbedded = (font: PlatformFont) =>
  font.isCustomFont && font.postScriptName.startsWith('NotoSansJP-')
/** Code is set in the bundled Roboto Mono ("Stackdeck Mono"), Japanese in it in Noto Sans JP. */
const isEmbeddedMono = (font: PlatformFont) =>
  font.isCustomFont && font.postScriptName.startsWith('RobotoMono-')

describe.skipIf(!latin)(
  `with fontconfig limited to ${latin?.dir ?? 'a Latin-only font folder (none found: skipped)'}`,
  () => {
    let project: TempProject
    let browser: Browser
    let page: Page
    let cdp: CDPSession
    let pdf: PdfFile

    /** Fonts Chromium drew the text of each element matching `selector` with. */
    async function platformFonts(
      selector: string,
    ): Promise<{ text: string; fonts: PlatformFont[] }[]> {
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 })
      const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector })
      const texts = await page.$$eval(selector, (els) => els.map((el) => el.textContent ?? ''))
      return Promise.all(
        nodeIds.map(async (nodeId, i) => ({
          text: texts[i] ?? '',
          fonts: (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts,
        })),
      )
    }

    beforeAll(async () => {
      project = await fixtureProject('no-cjk')
      const fontconfig = await writeLatinFontconfig(project.root, latin!.dir)
      const env = { FONTCONFIG_FILE: fontconfig }
      const run = await project.build(['--deck', 'showcase', '--only', 'html,pdf'], env)
      if (run.code !== 0) throw new Error(`stackdeck build failed:\n${run.stderr}`)
      pdf = await readPdf(project.output('showcase', 'pdf'))

      browser = await puppeteer.launch({
        executablePath: located.executablePath,
        args: [...located.args],
        headless: true,
        env: { ...process.env, ...env },
      })
      page = await browser.newPage()
      await page.setViewport({ width: 1280, height: 720 })
      await page.goto(pathToFileURL(project.output('showcase', 'html')).href)
      // Print media lays out every slide, not only the current one.
      await page.emulateMediaType('print')
      await page.evaluate(async () => {
        const probe = document.createElement('p')
        probe.id = 'probe'
        probe.style.fontFamily = 'sans-serif'
        probe.textContent = 'Abc ハードウェア'
        document.body.append(probe)
        await document.fonts.ready
      })
      cdp = await page.createCDPSession()
      await cdp.send('DOM.enable')
      await cdp.send('CSS.enable')
    })

    afterAll(async () => {
      await browser?.close()
      await project?.remove()
    })

    it('gives Chromium only the Latin fonts (Japanese outside the deck font falls back to them)', async () => {
      const [probe] = await platformFonts('#probe')
      expect(probe?.fonts.length).toBeGreaterThan(0)
      for (const font of probe!.fonts) {
        expect(font.isCustomFont).toBe(false)
        expect(latin!.families).toContain(font.familyName)
      }
    })

    it('draws every heading, paragraph, list item, table cell, header and footer in the embedded font', async () => {
      const nodes = (
        await platformFonts(
          'section h1, section h2, section p, section li, section th, section td, section header, section footer',
        )
      ).filter((n) => n.text.trim() !== '')
      expect(nodes.length).toBeGreaterThan(25)
      for (const node of nodes) {
        expect(node.fonts.length, node.text).toBeGreaterThan(0)
        expect(
          node.fonts.filter((f) => !isEmbedded(f)),
          node.text,
        ).toEqual([])
      }
    })

    it('sets code in the embedded Roboto Mono, falling back to the embedded Noto for Japanese', async () => {
      const [code] = await platformFonts('section code')
      const characters = [...(code?.text ?? '')].filter((c) => c.trim() !== '')
      const japanese = characters.filter((c) => c > '\u3000').length
      expect(japanese).toBe(5)
      expect(code!.fonts.filter(isEmbedded).reduce((n, f) => n + f.glyphCount, 0)).toBe(japanese)
      const mono = code!.fonts.filter(isEmbeddedMono).reduce((n, f) => n + f.glyphCount, 0)
      expect(mono).toBeGreaterThan(0)
      // Nothing is left to the machine's fonts.
      expect(code!.fonts.filter((f) => !isEmbedded(f) && !isEmbeddedMono(f))).toEqual([])
    })

    it('embeds font subsets that hold every character of the slide text', async () => {
      const html = await readFile(project.output('showcase', 'html'), 'utf8')
      const faces = [
        ...html.matchAll(/@font-face\{font-family:"Stackdeck Sans";[^}]*?base64,([^)]+)\)/g),
      ]
      expect(faces).toHaveLength(2) // regular and bold
      const text = (
        await page.$$eval('section', (els) => els.map((el) => el.textContent ?? ''))
      ).join('')
      const characters = [...new Set(text.replace(/\s/g, ''))]
      expect(characters).toContain('頁')
      for (const [, base64] of faces) {
        const font = fontkit.create(Buffer.from(base64!, 'base64'))
        if (!('hasGlyphForCodePoint' in font)) throw new Error('a font collection in @font-face')
        expect(characters.filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!))).toEqual([])
      }
    })

    it('prints each heading on its PDF page', () => {
      const headings = ['見本デッキの表紙', 'レイヤー図の頁', '反転した頁の図', '表の頁']
      headings.forEach((heading, i) => {
        expect(compact(pdf.pages[i]!.text)).toContain(heading)
      })
    })

    it('prints all Japanese text of the PDF, diagrams included, with Noto Sans JP', () => {
      const runs = pdf.pages.flatMap((p) => p.runs)
      const japanese = runs.filter((r) => /[\u3000-\u9fff\uff00-\uffef]/.test(r.text))
      expect(japanese.length).toBeGreaterThan(20)
      expect(japanese.filter((r) => !/\+NotoSansJP-(Regular|Bold)$/.test(r.font))).toEqual([])
    })

    it('embeds in the PDF no font but the bundled ones and the allowed Latin fonts', () => {
      const fonts = new Set(
        pdf.pages.flatMap((p) => p.fonts).map((f) => f.replace(/^[A-Z]{6}\+/, '')),
      )
      const others = [...fonts].filter(
        (f) => !f.startsWith('NotoSansJP-') && !f.startsWith('RobotoMono-'),
      )
      expect(others.filter((f) => !latin!.postscriptNames.has(f))).toEqual([])
    })
  },
)
