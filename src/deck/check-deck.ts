/**
 * The deck check: reads a deck the way the engine renders it and lists, with slide and
 * line, what an export would otherwise get wrong silently (a missing or refused image, a
 * theme that does not exist) and what would not look the same everywhere (remote
 * resources, web fonts with no bundled copy, characters no bundled font has, emoji with
 * no bundled image). `build`, `check` and every `dev` render run it.
 *
 * Pure functions over parsed input, plus `inspectDeck`, which reads the file and renders.
 */
import { readFile } from 'node:fs/promises'
import { dirname, relative } from 'node:path'
import type { MarpOptions } from '@marp-team/marp-core'
import type MarkdownIt from 'markdown-it'
import { StackdeckError } from '../errors.ts'
import type { DeckProblem } from './deck-problem.ts'
import { nearest } from '../util/nearest.ts'
import { bundledFontCss } from './bundled-fonts.ts'
import { diagramOfImage, type DiagramFolder } from '../diagrams/diagram-files.ts'
import { assetProblem } from './inline-asset.ts'
import {
  createMarp,
  imageUrl,
  localImagePath,
  renderReport,
  type RenderReport,
} from './marp-engine.ts'
import type { CssFinding } from './portable-css.ts'
import type { ThemeFile } from './themes.ts'

export type { DeckProblem } from './deck-problem.ts'

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
  /** 1-based line where each slide starts (index 0 is slide 1). */
  readonly slideLines: readonly number[]
}

const summaryEngines = new Map<string, MarkdownIt>()

/**
 * Parses `markdown` (the deck at `file`) with the stackdeck engine and lists slides and
 * images; `diagrams` says which images are diagrams. No I/O.
 */
export function summarizeDeck(
  markdown: string,
  file: string,
  diagrams: DiagramFolder,
): DeckSummary {
  // One engine per diagrams folder: parsing leaves no state behind, and building a Marp
  // instance (themes included) costs more than parsing a deck. No deck folder: image URLs
  // stay as written, with the diagram variant each slide shows.
  const key = `${diagrams.root}\u0000${diagrams.dir}`
  let summaryEngine = summaryEngines.get(key)
  if (!summaryEngine) {
    summaryEngine = createMarp({}, { root: '/', embedFonts: false, diagrams })
      .markdown as MarkdownIt
    summaryEngines.set(key, summaryEngine)
  }
  const tokens = summaryEngine.parse(markdown, {})
  const slideLines: number[] = []
  const images: DeckImage[] = []
  let line: number | undefined
  for (const token of tokens) {
    if (token.type === 'marpit_slide_open') slideLines.push((token.map?.[0] ?? 0) + 1)
    // Line numbers live on block tokens; an image gets the line of the block holding it.
    if (token.map) line = token.map[0] + 1
    for (const child of token.children ?? []) {
      if (child.type !== 'image') continue
      const url = imageUrl(child)
      const path = localImagePath(url, dirname(file))
      images.push({
        slide: slideLines.length,
        line,
        url,
        path,
        isDiagram: diagramOfImage(url, path, diagrams) !== undefined,
      })
    }
  }
  return { slides: slideLines.length, images, slideLines }
}

/**
 * Images that cannot be exported (missing, outside the project, a type not every viewer
 * shows) are errors; remote ones are warnings (fetched whenever the deck is shown).
 */
export function imageProblems(
  summary: DeckSummary,
  file: string,
  root: string,
  problemOf: (path: string) => string | undefined = (path) => assetProblem(path, { root }),
): DeckProblem[] {
  const deck = relative(root, file)
  const problems: DeckProblem[] = []
  const seen = new Set<string>()
  for (const image of summary.images) {
    const at = { file: deck, line: image.line, slide: image.slide }
    if (image.path === undefined) {
      if (/^data:/i.test(image.url) || seen.has(image.url)) continue
      seen.add(image.url)
      problems.push({
        ...at,
        level: 'warning',
        message: `remote image ${image.url} is fetched when the deck is shown; download it into assets/ to keep the exports self-contained`,
      })
      continue
    }
    const problem = problemOf(image.path)
    if (problem === undefined) continue
    const hint =
      problem === 'not found'
        ? image.isDiagram
          ? '; no diagram of that name was rendered: check the name against the files in slides/diagrams/'
          : '; check the path: it is relative to the Markdown file'
        : ''
    problems.push({
      ...at,
      level: 'error',
      message:
        problem === 'not found'
          ? `image ${image.url} not found (${relative(root, image.path)})${hint}`
          : `image ${image.url} (${relative(root, image.path)}) ${problem}`,
    })
  }
  return problems
}

/** Characters no bundled font draws (emoji are drawn as images and are not counted). */
export function characterProblems(
  markdown: string,
  file: string,
  covers: (codePoint: number) => boolean,
): DeckProblem[] {
  const problems: DeckProblem[] = []
  const seen = new Set<string>()
  markdown.split('\n').forEach((text, i) => {
    for (const ch of text) {
      const codePoint = ch.codePointAt(0)!
      // Marks and joiners are drawn with the character they belong to; emoji are images.
      if (seen.has(ch) || /[\s\p{M}\p{Cf}\p{Extended_Pictographic}]/u.test(ch) || covers(codePoint))
        continue
      seen.add(ch)
      problems.push({
        level: 'warning',
        file,
        line: i + 1,
        message: `'${ch}' (U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}) is not in the bundled fonts; viewers draw it with a font of their own or not at all. Use a character the fonts have (e.g. × for ✕) or an image`,
      })
    }
  })
  return problems
}

/** The theme a deck names (front matter or a `<!-- theme: … -->` directive), if any. */
export function deckThemeName(markdown: string): string | undefined {
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(markdown)?.[1] ?? ''
  const fromFrontMatter = /^\s*theme\s*:\s*["']?([^"'\s#]+)/m.exec(frontMatter)?.[1]
  const fromComment = /<!--\s*theme\s*:\s*["']?([^"'\s]+?)["']?\s*-->/.exec(markdown)?.[1]
  return fromComment ?? fromFrontMatter
}

const lineOfText = (markdown: string, text: string): number | undefined => {
  const index = markdown.indexOf(text)
  return index < 0 ? undefined : markdown.slice(0, index).split('\n').length
}

function cssFindingMessage(finding: CssFinding): string {
  switch (finding.kind) {
    case 'web-font':
      return `web font '${finding.family}' has no bundled copy; text set in it uses the bundled Noto Sans JP, so the exports stay offline. To keep its look, put its font files in the project and declare them with @font-face`
    case 'remote-import':
      return `@import of ${finding.url} was removed: exports load nothing from the network; copy the CSS into the theme`
    case 'remote-url':
      return `${finding.url} is fetched from the network whenever the deck is shown; download it into the project and refer to it by a relative path`
    case 'bad-url':
      return `${finding.url}: ${finding.reason}`
  }
}

/** Problems of the render: the deck's theme (and themes it imports), its `<style>` CSS, emoji. */
export function renderProblems(
  report: RenderReport,
  markdown: string,
  file: string,
  root: string,
  themeNames: readonly string[],
): DeckProblem[] {
  const deck = relative(root, file)
  const problems: DeckProblem[] = []
  const themeUrls = new Set<string>()
  for (const name of themeNames) {
    const theme = report.themes.get(name)
    if (!theme) continue
    for (const finding of theme.findings) {
      if ('url' in finding) themeUrls.add(finding.url)
      problems.push({
        level: finding.kind === 'bad-url' ? 'error' : 'warning',
        file: relative(root, theme.file),
        line: finding.line,
        message: cssFindingMessage(finding),
      })
    }
  }
  for (const finding of report.deckCss) {
    // Remote URLs a theme keeps come through the rendered CSS again: reported once, above.
    if ('url' in finding && themeUrls.has(finding.url)) continue
    // Built-in themes' web fonts (gaia's Lato) are bundled: only findings in the deck count.
    const line = 'url' in finding ? lineOfText(markdown, finding.url) : undefined
    if (line === undefined && finding.kind !== 'bad-url') continue
    problems.push({
      level: finding.kind === 'bad-url' ? 'error' : 'warning',
      file: deck,
      line,
      message: cssFindingMessage(finding),
    })
  }
  for (const emoji of report.missingEmoji) {
    problems.push({
      level: 'warning',
      file: deck,
      line: lineOfText(markdown, emoji),
      message: `emoji ${emoji} has no bundled image (newer than the twemoji package); viewers draw it with a font of their own`,
    })
  }
  return problems
}

/** Names of the themes a theme CSS imports by name (`@import 'gaia'`). */
function importedThemes(css: string): string[] {
  return [...css.matchAll(/@import(?:-theme)?\s+["']([^"'/]+)["']/g)].map((m) => m[1]!)
}

export interface DeckInspection {
  readonly markdown: string
  readonly summary: DeckSummary
  readonly problems: readonly DeckProblem[]
  /** Slides as the engine renders them (the check measures them in Chromium). */
  readonly html: string
  /** Theme and deck CSS, portable. */
  readonly css: string
  /** @font-face rules of the bundled fonts, subset to the deck. */
  readonly fontCss: string
  readonly title: string | undefined
  readonly lang: string | undefined
  readonly theme: string | undefined
}

export interface InspectOptions {
  readonly root: string
  /** Folders outside the project whose files decks may use (config `assetFolders`). */
  readonly allowedFolders?: readonly string[]
  readonly themes: readonly ThemeFile[]
  readonly marpOptions: MarpOptions
  /** Where the project's diagrams are (config `diagramsOutDir`). */
  readonly diagrams: DiagramFolder
  readonly covers: (codePoint: number) => boolean
  /** Marp Core's browser script; off for the dev view, which swaps HTML in place. */
  readonly script?: boolean
}

/**
 * Reads and renders one deck with the project's Marp options and themes and lists its
 * problems. Throws a StackdeckError only when the deck cannot be read or rendered at all.
 */
export async function inspectDeck(file: string, options: InspectOptions): Promise<DeckInspection> {
  const deck = relative(options.root, file)
  let markdown: string
  try {
    markdown = await readFile(file, 'utf8')
  } catch (error) {
    throw new StackdeckError('DECK', `cannot read the deck: ${(error as Error).message}`, {
      file: deck,
    })
  }
  const summary = summarizeDeck(markdown, file, options.diagrams)
  const marp = createMarp(
    { ...options.marpOptions, ...(options.script === false ? { script: false } : {}) },
    {
      root: options.root,
      allowedFolders: options.allowedFolders,
      baseDir: dirname(file),
      themes: options.themes,
      diagrams: options.diagrams,
      embedFonts: false,
    },
  )
  let rendered: { html: string; css: string }
  try {
    rendered = marp.render(markdown)
  } catch (error) {
    throw new StackdeckError(
      'DECK',
      `Marp could not render the deck: ${(error as Error).message}`,
      {
        file: deck,
      },
    )
  }
  const report = renderReport(marp)!
  const globals =
    (marp as unknown as { lastGlobalDirectives?: { title?: string; lang?: string } })
      .lastGlobalDirectives ?? {}
  const theme = deckThemeName(markdown)
  const problems: DeckProblem[] = []
  if (theme !== undefined && !marp.themeSet.has(theme)) {
    const known = [...new Set(['default', 'gaia', 'uncover', ...report.themes.keys()])]
    const guess = nearest(theme, known)
    problems.push({
      level: 'error',
      file: deck,
      line: lineOfText(markdown, theme),
      message: `theme '${theme}' does not exist${guess ? `; did you mean '${guess}'?` : ''} (Marp would fall back to its default theme); themes: ${known.join(', ')} (a theme's name is its /* @theme name */ comment)`,
    })
  }
  const themeNames = themeClosure(theme ?? 'default', report)
  problems.push(
    ...imageProblems(summary, file, options.root, (path) =>
      assetProblem(path, { root: options.root, allowed: options.allowedFolders }),
    ),
    ...renderProblems(report, markdown, file, options.root, themeNames),
    ...characterProblems(markdown, deck, options.covers),
  )
  return {
    markdown,
    summary,
    problems,
    html: rendered.html,
    css: rendered.css,
    fontCss: bundledFontCss(report.fontText, report.families),
    title: globals.title,
    lang: globals.lang,
    theme,
  }
}

/** A theme and the project themes it imports, recursively. */
function themeClosure(name: string, report: RenderReport): string[] {
  const names: string[] = []
  const visit = (n: string) => {
    if (names.includes(n)) return
    names.push(n)
    const theme = report.themes.get(n)
    if (theme) for (const imported of importedThemes(theme.css)) visit(imported)
  }
  visit(name)
  return names
}
