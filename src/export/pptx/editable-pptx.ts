/**
 * The editable PPTX of one deck, from the page the deck check measured it in: the slides
 * are read where Chromium laid them out (extract-slides.ts, no screenshots), the speaker
 * notes from the Markdown, and the package written (write-pptx.ts).
 */
import type { Page } from 'puppeteer-core'
import type { ImageItem, SlideItem } from './slide-data.ts'
import type { DeckInspection } from '../../deck/check-deck.ts'
import { DECK_FONT_FAMILY } from '../../deck/bundled-fonts.ts'
import { STACKDECK_SVG_START } from '../../diagrams/diagram-files.ts'
import { slideNotes } from '../handout-notes.ts'
import { extractSlides } from './extract-slides.ts'
import { typefaceOf } from './typefaces.ts'
import { writePptx } from './write-pptx.ts'

/** keepNames (see src/check/measure-slides.ts): the page needs the no-op helper. */
const KEEP_NAMES_HELPER = 'globalThis.__name ??= (target) => target'

/**
 * `page` shows `inspection`'s slides, settled (fonts and images loaded, Marp's fitting
 * done), as the deck check leaves it.
 */
export async function editablePptx(page: Page, inspection: DeckInspection): Promise<Buffer> {
  await page.evaluate(KEEP_NAMES_HELPER)
  const extracted = await page.evaluate(extractSlides, STACKDECK_SVG_START.source)
  const notes = slideNotes(inspection.markdown)
  const slides = []
  for (const slide of extracted) {
    const items: SlideItem[] = []
    for (const item of slide.items) {
      items.push(item.kind === 'snapshot' ? await snapshot(page, item) : item)
    }
    slides.push({ ...slide, items })
  }
  return writePptx(
    slides.map((slide, i) => ({
      ...slide,
      notes: (notes[i] ?? [])
        .map((c) => c.trim())
        .filter(Boolean)
        .join('\n\n'),
    })),
    {
      title: inspection.title,
      lang: inspection.lang,
      eastAsianFont: typefaceOf(DECK_FONT_FAMILY),
      typeface: typefaceOf,
    },
  )
}

/**
 * A picture of part of the page (KaTeX), at twice the slide's resolution. The only
 * screenshots the editable PPTX takes: one per formula, not per slide.
 */
async function snapshot(
  page: Page,
  item: {
    readonly box: ImageItem['box']
    readonly pageBox: ImageItem['box']
    readonly alt: string
  },
): Promise<ImageItem> {
  const { x, y, w, h } = item.pageBox
  const png = await page.screenshot({
    type: 'png',
    clip: { x, y, width: Math.max(1, w), height: Math.max(1, h), scale: 2 },
    captureBeyondViewport: true,
  })
  const src = `data:image/png;base64,${Buffer.from(png).toString('base64')}`
  return { kind: 'image', box: item.box, clip: item.box, src, opacity: 1, alt: item.alt }
}
