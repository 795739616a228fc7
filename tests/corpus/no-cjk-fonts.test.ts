/**
 * Every corpus deck, whatever its theme, looks the same on a machine without Japanese
 * fonts: built with only a Latin font folder visible to Chromium (fontconfig.ts), every
 * Japanese character of each PDF is drawn by a font embedded in the export, and in the
 * HTML Chromium draws every piece of slide text with embedded fonts only (its font report
 * per node, CSS.getPlatformFontsForNode, lists no system font).
 */
import { readFile } from 'node:fs/promises'
import * as fontkit from 'fontkit'
import type { Browser, CDPSession, Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compact, decodeDataUrl, readPdf } from '../export/read-exports.ts'
import {
  CORPUS_DECKS,
  buildWithStackdeck,
  copyCorpus,
  outputOf,
  removeCopy,
  type StackdeckBuild,
} from './corpus.ts'
import { launchChromium, openDeck, showAllSlides } from './deck-pages.ts'
import { findLatinFonts, writeLatinFontconfig } from '../support/fontconfig.ts'

const latin = await findLatinFonts()

/** Kana, kanji, CJK punctuation and full-width forms. */
const JAPANESE = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/u

interface PlatformFont {
  readonly familyName: string
  readonly postScriptName: string
  readonly isCustomFont: boolean
  readonly glyphCount: number
}

/** PostScript and family names of the fonts an HTML export embeds with @font-face. */
function embeddedFonts(html: string): { postscriptNames: Set<string>; families: Set<string> } {
  const postscriptNames = new Set<string>()
  const families = new Set<string>()
  for (const [rule] of html.matchAll(/@font-face\s*\{[^}]*\}/g)) {
    for (const [, , url] of rule.matchAll(/url\((["']?)(data:[^"')]+)\1\)/g)) {
      const font = fontkit.create(decodeDataUrl(url!).data)
      if (!('postscriptName' in font)) continue
      postscriptNames.add(font.postscriptName)
      families.add(font.familyName)
    }
  }
  return { postscriptNames, families }
}

/**
 * Fonts Chromium drew the text of each slide element with (elements with text of their
 * own, or a ::before/::after such as the page number). KaTeX's MathML copy of each
 * formula is left out: it is for screen readers, clipped to 1 px and never seen.
 */
async function fontReport(
  page: Page,
  cdp: CDPSession,
): Promise<{ text: string; fonts: PlatformFont[] }[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = []
    document.querySelectorAll('section, section *').forEach((el) => {
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim()
      const pseudo = ['::before', '::after'].some((p) => {
        const content = getComputedStyle(el, p).content
        return content !== 'none' && content !== 'normal' && content !== '""'
      })
      if ((own === '' && !pseudo) || el.closest('.katex-mathml')) return
      el.setAttribute('data-font-probe', String(out.length))
      out.push(own || `${el.tagName.toLowerCase()}::before/::after`)
    })
    return out
  })
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 })
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
    nodeId: root.nodeId,
    selector: '[data-font-probe]',
  })
  return Promise.all(
    nodeIds.map(async (nodeId, i) => ({
      text: texts[i] ?? '',
      fonts: (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts,
    })),
  )
}

describe.skipIf(!latin)(
  `with fontconfig limited to ${latin?.dir ?? 'a Latin-only font folder (none found: skipped)'}`,
  () => {
    let root: string | undefined
    let build: StackdeckBuild
    let browser: Browser
    let fontconfig: string
    const savedFontconfig = process.env.FONTCONFIG_FILE

    beforeAll(async () => {
      root = await copyCorpus('no-cjk')
      fontconfig = await writeLatinFontconfig(root, latin!.dir)
      // The build runs in this process (its own worker): marp-cli's Chromium inherits it.
      process.env.FONTCONFIG_FILE = fontconfig
      build = await buildWithStackdeck(root, ['html', 'pdf'])
      browser = await launchChromium({ FONTCONFIG_FILE: fontconfig })
    }, 600_000)

    afterAll(async () => {
      if (savedFontconfig === undefined) delete process.env.FONTCONFIG_FILE
      else process.env.FONTCONFIG_FILE = savedFontconfig
      await browser?.close()
      await removeCopy(root)
    })

    it('gives Chromium only the Latin fonts (Japanese in a system font stack has none)', async () => {
      const page = await browser.newPage()
      try {
        await page.setContent('<p id="probe" style="font-family: sans-serif">Abc ハードウェア</p>')
        const cdp = await page.createCDPSession()
        await cdp.send('DOM.enable')
        await cdp.send('CSS.enable')
        const { root: doc } = await cdp.send('DOM.getDocument', { depth: -1 })
        const { nodeId } = await cdp.send('DOM.querySelector', {
          nodeId: doc.nodeId,
          selector: '#probe',
        })
        const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId })
        expect(fonts.length).toBeGreaterThan(0)
        for (const font of fonts) {
          expect(font.isCustomFont).toBe(false)
          expect(latin!.families).toContain(font.familyName)
        }
      } finally {
        await page.close()
      }
    })

    describe.each(CORPUS_DECKS)('$path', (deck) => {
      it('draws every Japanese character of the PDF with a font embedded in the export', async () => {
        const html = await readFile(outputOf(build, deck, 'html'), 'utf8')
        const embedded = embeddedFonts(html)
        const pdf = await readPdf(outputOf(build, deck, 'pdf'))
        expect(compact(pdf.pages[0]?.text ?? '')).toContain(compact(deck.title))
        const runs = pdf.pages.flatMap((p) => p.runs.map((r) => ({ page: p.number, ...r })))
        const japanese = runs.filter((r) => JAPANESE.test(r.text))
        if (deck.japanese) expect(japanese.length).toBeGreaterThan(5)
        const strays = japanese
          .map((r) => ({ ...r, font: r.font.replace(/^[A-Z]{6}\+/, '') }))
          .filter((r) => !embedded.postscriptNames.has(r.font))
          .map((r) => `page ${r.page} '${r.text}': ${r.font}`)
        expect(strays, `embedded: ${[...embedded.postscriptNames].join(', ')}`).toEqual([])
      })

      it("draws all slide text with embedded fonts in the HTML (Chromium's font report)", async () => {
        const opened = await openDeck(browser, outputOf(build, deck, 'html'), 'offline')
        try {
          await showAllSlides(opened.page)
          const cdp = await opened.page.createCDPSession()
          await cdp.send('DOM.enable')
          await cdp.send('CSS.enable')
          const nodes = await fontReport(opened.page, cdp)
          // Chromium reports fonts for laid-out text only: most nodes must have some.
          const reported = nodes.filter((n) => n.fonts.length > 0)
          expect(reported.length).toBeGreaterThan(deck.slides * 2)
          expect(reported.length / nodes.length).toBeGreaterThan(0.8)
          const system = nodes.flatMap((node) =>
            node.fonts
              .filter((f) => !f.isCustomFont)
              .map((f) => `'${node.text.slice(0, 40)}': ${f.familyName} (${f.glyphCount} glyphs)`),
          )
          expect(system).toEqual([])
        } finally {
          await opened.close()
        }
      })
    })
  },
)
