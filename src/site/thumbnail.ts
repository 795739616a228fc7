/**
 * A deck's first slide as pictures for the site: a small JPEG inlined in dist/index.html
 * and a full-size one for link previews (Open Graph). Taken from the page the deck check
 * has just measured the deck in (src/project/measure-decks.ts): the deck is already laid
 * out there with its fonts and images, so a picture costs one screenshot, not a page load.
 */
import type { Page } from 'puppeteer-core'

export interface SlidePictures {
  /** 320 px wide (180 px high for 16:9), for the deck list. */
  readonly thumbnail: Uint8Array
  /** 1280 px wide, for `og:image`. */
  readonly card: Uint8Array
  readonly width: number
  readonly height: number
}

export const THUMBNAIL_WIDTH = 320
export const CARD_WIDTH = 1280

/** Pictures of the first slide of the deck `page` shows, or undefined when it has none. */
export async function firstSlidePictures(page: Page): Promise<SlidePictures | undefined> {
  const slide = await page.$('svg[data-marpit-svg]')
  const box = await slide?.boundingBox()
  await slide?.dispose()
  if (!box || box.width === 0 || box.height === 0) return undefined
  const shot = async (width: number, quality: number) =>
    page.screenshot({
      type: 'jpeg',
      quality,
      clip: { ...box, scale: width / box.width },
      captureBeyondViewport: true,
    })
  return {
    thumbnail: await shot(THUMBNAIL_WIDTH, 70),
    card: await shot(CARD_WIDTH, 82),
    width: THUMBNAIL_WIDTH,
    height: Math.round((THUMBNAIL_WIDTH * box.height) / box.width),
  }
}
