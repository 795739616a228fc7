/**
 * What the dev server shows for a deck: the same stages as `stackdeck build` (image
 * check, the stackdeck Marp engine with the same themes, the same font subset), with the
 * page chrome of the dev viewer instead of marp-cli's template.
 */
import { dirname, relative } from 'node:path'
import type { ResolvedConfig } from '../config.ts'
import { readCheckedDeck } from '../deck/check-deck.ts'
import { deckFontCss } from '../deck/deck-fonts.ts'
import type { DeckFile } from '../deck/discover-decks.ts'
import { diagramOfFile } from '../diagrams/render-diagram.ts'
import { createMarp } from '../deck/marp-engine.ts'
import { registerThemes, type ThemeFile } from '../deck/themes.ts'
import { StackdeckError } from '../errors.ts'

export interface DeckView {
  readonly deck: string
  readonly title: string
  readonly lang: string
  /** Slides as Marp renders them (inline SVG per slide). */
  readonly html: string
  /** Theme CSS, scoped by Marp. */
  readonly css: string
  /** @font-face rules of the bundled font subset. */
  readonly fontCss: string
  readonly slides: number
  /** Diagram names the deck shows, to re-render only affected decks. */
  readonly diagrams: readonly string[]
}

export async function renderDeckView(
  config: ResolvedConfig,
  deck: DeckFile,
  themes: readonly ThemeFile[],
): Promise<DeckView> {
  const { markdown, summary } = await readCheckedDeck(deck.file, config.root)
  // No Marp Core browser script: it polyfills fitting for other browsers, and scripts
  // inside swapped-in HTML would not run anyway.
  const marp = createMarp(
    { script: false, html: false },
    {
      baseDir: dirname(deck.file),
      embedFont: false,
      root: config.root,
    },
  )
  registerThemes(marp, themes, config.root)
  let rendered: { html: string; css: string }
  try {
    rendered = marp.render(markdown)
  } catch (error) {
    throw new StackdeckError(
      'DECK',
      `Marp could not render the deck: ${(error as Error).message}`,
      { file: relative(config.root, deck.file) },
    )
  }
  const globals =
    (marp as unknown as { lastGlobalDirectives?: { title?: string; lang?: string } })
      .lastGlobalDirectives ?? {}
  const diagrams = summary.images.filter((i) => i.isDiagram).map((i) => diagramName(i.url))
  return {
    deck: deck.name,
    title: globals.title ?? deck.name,
    lang: globals.lang ?? 'ja',
    html: rendered.html,
    css: rendered.css,
    fontCss: deckFontCss(markdown),
    slides: summary.slides,
    diagrams: [...new Set(diagrams)],
  }
}

function diagramName(url: string): string {
  const file = url.split(/[?#]/)[0]!.split('/').pop()!
  return diagramOfFile(file) ?? file
}
