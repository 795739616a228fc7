/**
 * A headless Chromium from the build's own finder, and Marp decks turned into the complete
 * HTML document `measureSlides` takes.
 */
import { Marp, type MarpOptions } from '@marp-team/marp-core'
import puppeteer, { type Browser } from 'puppeteer-core'
import { findBrowser } from '../../src/browser/find-browser.ts'

export async function launchBrowser(): Promise<Browser> {
  const found = await findBrowser()
  return puppeteer.launch({
    executablePath: found.executablePath,
    args: [...found.args],
    headless: true,
  })
}

/** Marp's `html` and `css` in one document, the way the caller of `measureSlides` builds it. */
export function slideDocument(rendered: { readonly html: string; readonly css: string }): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${rendered.css}</style></head><body>${rendered.html}</body></html>`
}

/** Renders `markdown` with plain Marp Core, registering any extra theme CSS first. */
export function renderDeck(
  markdown: string,
  options: { readonly marp?: MarpOptions; readonly themes?: readonly string[] } = {},
): string {
  const marp = new Marp(options.marp ?? {})
  for (const theme of options.themes ?? []) marp.themeSet.add(theme)
  return slideDocument(marp.render(markdown))
}
