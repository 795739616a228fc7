/**
 * Measures a rendered Marp deck in Chromium for content a viewer would not see as written:
 * overflowing the slide's content box, running over the header or footer, or positioned
 * off the slide. The caller owns the browser and the page (one browser serves a whole
 * build); this sets the page's content, waits for fonts, images and Marp's auto-scaling,
 * and measures in the page (slide-probe.ts). All numbers are slide px, whatever the
 * page's viewport.
 *
 * What counts is what a viewer sees, so:
 * - content is the slide's content section only: Marp's `<header>` and `<footer>` are the
 *   zones content must stay clear of, and the pagination (`section::after`) and
 *   advanced-background figures live in sections of their own that are not content;
 * - ink, not boxes: text (its line boxes), images and other replaced elements, and boxes
 *   with a background or border; a list's or an empty div's own box draws nothing;
 * - nothing hidden: `display: none`, `visibility: hidden`, `opacity: 0`, and what an
 *   ancestor's `overflow` clips;
 * - `position: absolute` / `fixed` elements are where their author put them (logos in a
 *   corner, labels in the padding, decorations half off the edge): they are not held to
 *   the content box or the footer, and are reported only when entirely off the slide.
 */
import type { Page } from 'puppeteer-core'
import { probeSlides, settlePage, type ProbeOptions } from './slide-probe.ts'
import type { SlideFinding } from './slide-finding.ts'

export type { FindingKind, SlideFinding } from './slide-finding.ts'

const PROBE: ProbeOptions = {
  // Subpixel layout and rounding; a real overflow is a line or more.
  tolerance: 2,
  quoteLength: 30,
}

/** How long to wait for a frame that a page in the background may never get. */
const FRAME_TIMEOUT_MS = 100

/**
 * tsx (the `stackdeck` bin) compiles with esbuild's keepNames, which wraps every named
 * function in a call to a module-level `__name` helper. Functions that puppeteer sends to
 * the page lose that module, so the page gets the helper (a no-op there) first.
 */
const KEEP_NAMES_HELPER = 'globalThis.__name ??= (target) => target'

/**
 * Findings for every slide of `html`, a complete HTML document of a Marp deck (Marp Core's
 * `render()` output: `<style>${css}</style>` and `${html}`, with Marp's browser script as
 * it renders by default, so code blocks and `fit` headings are scaled as in the exports).
 * In slide order, at most one finding of each kind per slide.
 */
export async function measureSlides(page: Page, html: string): Promise<SlideFinding[]> {
  // A new window per deck: `setContent` alone writes into the same window, where Marp's
  // browser script of the previous deck has already defined its custom elements, so the
  // next deck's code blocks would never be converted and scaled to fit.
  await page.goto('about:blank')
  await page.setContent(html, { waitUntil: 'load' })
  await page.evaluate(KEEP_NAMES_HELPER)
  await page.evaluate(settlePage, FRAME_TIMEOUT_MS)
  return page.evaluate(probeSlides, PROBE)
}
