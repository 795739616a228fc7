/**
 * The browser half of the deck check: one Chromium (with its own profile folder,
 * removed on close) for all decks of a run, one page, each deck's slides measured in turn.
 * A build that exports the editable PPTX has it written from the same page right after
 * the measurement: the slides are rendered once for both.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import puppeteer, { type Browser as Chromium, type Page } from 'puppeteer-core'
import type { Browser } from '../browser/find-browser.ts'
import { measureSlides } from '../check/measure-slides.ts'
import type { SlideFinding } from '../check/slide-finding.ts'
import type { DeckInspection, DeckProblem } from '../deck/check-deck.ts'
import type { DeckFile } from '../deck/discover-decks.ts'
import { editablePptx } from '../export/pptx/editable-pptx.ts'

/** The page a deck was just measured in, still showing it. */
export type MeasuredPage = Page

export interface MeasurerOptions {
  /** Receives each deck's editable PPTX, written from the measured page. */
  readonly onPptx?: (deck: DeckFile, pptx: Buffer) => Promise<void>
  /** Runs right after each deck is measured (the site pictures its first slide). */
  readonly onMeasured?: (deck: DeckFile, page: MeasuredPage) => Promise<void>
}

export interface SlideMeasurer {
  measure(inspection: DeckInspection, deck: DeckFile, root: string): Promise<DeckProblem[]>
  close(): Promise<void>
}

/** The page a deck is measured in: its fonts, its CSS and its slides, as exported. */
export function measuredDocument(inspection: DeckInspection): string {
  const style = (css: string) => css.replace(/<\/style/gi, '<\\/style')
  return `<!doctype html><html lang="${inspection.lang ?? 'ja'}"><head><meta charset="utf-8"><style>${style(inspection.fontCss)}</style><style>${style(inspection.css)}</style></head><body>${inspection.html}</body></html>`
}

const MESSAGES: Record<SlideFinding['kind'], (f: SlideFinding) => string> = {
  overflow: (f) =>
    `content runs ${f.by}px past the slide's content area at ${f.element}; cut it, split the slide, or make it smaller`,
  header: (f) => `content runs ${f.by}px into the header at ${f.element}`,
  footer: (f) =>
    `content runs ${f.by}px over the footer at ${f.element}; cut it or split the slide`,
  outside: (f) => `${f.element} lies outside the slide (${f.by}px) and is never seen`,
}

export async function openSlideMeasurer(
  browser: Browser,
  options: MeasurerOptions = {},
): Promise<SlideMeasurer> {
  const profile = await mkdtemp(join(tmpdir(), 'stackdeck-check-'))
  let chromium: Chromium | undefined
  let page: Page
  try {
    chromium = await puppeteer.launch({
      executablePath: browser.executablePath,
      args: [...browser.args],
      headless: true,
      userDataDir: profile,
    })
    page = await chromium.newPage()
    await page.setViewport({ width: 1280, height: 720 })
  } catch (error) {
    await chromium?.close().catch(() => {})
    await rm(profile, { recursive: true, force: true })
    throw error
  }
  return {
    async measure(inspection, deck, root) {
      const findings = await measureSlides(page, measuredDocument(inspection))
      await options.onMeasured?.(deck, page)
      if (options.onPptx) await options.onPptx(deck, await editablePptx(page, inspection))
      return findings.map((finding) => ({
        level: 'warning' as const,
        file: relative(root, deck.file),
        slide: finding.slide,
        line: inspection.summary.slideLines[finding.slide - 1],
        message: MESSAGES[finding.kind](finding),
      }))
    },
    async close() {
      await chromium?.close().catch(() => {})
      await rm(profile, { recursive: true, force: true })
    },
  }
}
