/**
 * Reads a deck the way the engine will render it and checks what an export would
 * otherwise get wrong silently: a missing image or diagram would be a blank box in the
 * PDF, so it is an error naming the slide, the line and the path instead.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, relative } from 'node:path'
import { StackdeckError } from '../errors.ts'
import { createMarp, imageUrl, localImagePath } from './marp-engine.ts'
import { isDiagramUrl } from './diagram-variant.ts'
import type MarkdownIt from 'markdown-it'

export interface DeckImage {
  readonly slide: number
  /** 1-based line in the Markdown file. */
  readonly line: number | undefined
  /** As written, after the light/dark diagram variant was chosen. */
  readonly url: string
  /** Absolute path for local images, undefined for remote ones. */
  readonly path: string | undefined
  readonly isDiagram: boolean
}

export interface DeckSummary {
  readonly slides: number
  readonly images: readonly DeckImage[]
}

let summaryEngine: MarkdownIt | undefined

/** Parses `markdown` (the deck at `file`) with the stackdeck engine and lists slides and images. No I/O. */
export function summarizeDeck(markdown: string, file: string): DeckSummary {
  // One engine for all summaries: parsing leaves no state behind, and building a Marp
  // instance (themes included) costs more than parsing a deck.
  summaryEngine ??= createMarp({}, { embedFont: false }).markdown as MarkdownIt
  const md = summaryEngine
  // The engine's own rules run here, so diagram URLs are already the variant each slide shows.
  const tokens = md.parse(markdown, {})
  let slides = 0
  let line: number | undefined
  const images: DeckImage[] = []
  for (const token of tokens) {
    if (token.type === 'marpit_slide_open') slides += 1
    // Line numbers live on block tokens; an image gets the line of the block holding it.
    if (token.map) line = token.map[0] + 1
    for (const child of token.children ?? []) {
      if (child.type !== 'image') continue
      const url = imageUrl(child)
      images.push({
        slide: slides,
        line,
        url,
        path: localImagePath(url, dirname(file)),
        isDiagram: isDiagramUrl(url),
      })
    }
  }
  return { slides, images }
}

/** Throws a DECK StackdeckError for the first missing local image (and says how many more). */
export function checkDeckImages(
  summary: DeckSummary,
  file: string,
  root: string,
  exists: (path: string) => boolean = existsSync,
): void {
  const missing = summary.images.filter((image) => image.path !== undefined && !exists(image.path))
  const [first] = missing
  if (!first) return
  const more =
    missing.length > 1
      ? ` (and ${missing.length - 1} more missing image${missing.length > 2 ? 's' : ''})`
      : ''
  const hint = first.isDiagram
    ? 'no diagram of that name was rendered; check the name against the files in slides/diagrams/'
    : 'check the path: it is relative to the Markdown file'
  throw new StackdeckError(
    'DECK',
    `slide ${first.slide}: image ${first.url} not found (${relative(root, first.path!)}); ${hint}${more}`,
    { file: relative(root, file), line: first.line },
  )
}

/**
 * The deck stage shared by `build` and `dev`: reads the deck, summarizes it and fails on a
 * missing image. The one place a deck file is read.
 */
export async function readCheckedDeck(
  file: string,
  root: string,
): Promise<{ markdown: string; summary: DeckSummary }> {
  let markdown: string
  try {
    markdown = await readFile(file, 'utf8')
  } catch (error) {
    throw new StackdeckError('DECK', `cannot read the deck: ${(error as Error).message}`, {
      file: relative(root, file),
    })
  }
  const summary = summarizeDeck(markdown, file)
  checkDeckImages(summary, file, root)
  return { markdown, summary }
}

/** One thing that exports but will not look the same everywhere. */
export interface DeckWarning {
  readonly line: number | undefined
  readonly message: string
}

/**
 * What builds but is not portable: remote images (fetched when the deck is shown, so the
 * HTML is not self-contained and an offline PDF export shows nothing) and characters the
 * bundled font lacks (drawn with whatever font the viewer has, or as a blank).
 */
export function deckWarnings(
  markdown: string,
  summary: DeckSummary,
  covers: (codePoint: number) => boolean,
): DeckWarning[] {
  const warnings: DeckWarning[] = []
  for (const image of summary.images) {
    if (image.path === undefined && !/^data:/i.test(image.url)) {
      warnings.push({
        line: image.line,
        message: `slide ${image.slide}: remote image ${image.url} is fetched when the deck is shown; download it into assets/ to keep the exports self-contained`,
      })
    }
  }
  const seen = new Set<string>()
  markdown.split('\n').forEach((text, i) => {
    for (const ch of text) {
      const codePoint = ch.codePointAt(0)!
      // Marks and joiners are drawn with the character they belong to.
      if (seen.has(ch) || /[\s\p{M}\p{Cf}]/u.test(ch) || covers(codePoint)) continue
      seen.add(ch)
      warnings.push({
        line: i + 1,
        message: `'${ch}' (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}) is not in the bundled font; viewers draw it with a font of their own or not at all. Use a character the font has (e.g. × for ✕) or an image`,
      })
    }
  })
  return warnings
}
