/**
 * What the dev server shows for a deck: the deck check's own render (same Marp options,
 * themes, engine and font subset as `stackdeck build`), with the page chrome of the dev
 * viewer instead of marp-cli's template.
 */
import { inspectDeck, type InspectOptions } from '../deck/check-deck.ts'
import { problemError, type DeckProblem } from '../deck/deck-problem.ts'
import type { DeckFile } from '../deck/discover-decks.ts'
import { diagramOfFile } from '../diagrams/diagram-files.ts'

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
  /** What the deck check warns about (errors are thrown instead). */
  readonly warnings: readonly DeckProblem[]
}

/** Renders a deck for the dev view; an error of the deck check is thrown as a StackdeckError. */
export async function renderDeckView(
  deck: DeckFile,
  environment: InspectOptions,
): Promise<DeckView> {
  // No Marp Core browser script: it polyfills fitting for other browsers, and scripts
  // inside swapped-in HTML would not run anyway.
  const inspection = await inspectDeck(deck.file, { ...environment, script: false })
  const error = inspection.problems.find((p) => p.level === 'error')
  if (error) {
    const more = inspection.problems.filter((p) => p.level === 'error').length - 1
    throw problemError(error, more > 0 ? ` (and ${more} more)` : '')
  }
  const diagrams = inspection.summary.images
    .filter((i) => i.isDiagram)
    .map((i) => diagramName(i.url))
  return {
    deck: deck.name,
    title: inspection.title ?? deck.name,
    lang: inspection.lang ?? 'ja',
    html: inspection.html,
    css: inspection.css,
    fontCss: inspection.fontCss,
    slides: inspection.summary.slides,
    diagrams: [...new Set(diagrams)],
    warnings: inspection.problems,
  }
}

function diagramName(url: string): string {
  const file = url.split(/[?#]/)[0]!.split('/').pop()!
  return diagramOfFile(file) ?? file
}
