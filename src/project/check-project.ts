/**
 * `stackdeck check`, and the first stage of `build`: every deck is read, rendered with the
 * project's Marp options and themes, and checked; with a browser, its slides are also
 * measured for content running off the slide or over the header and footer.
 *
 *   themes + Marp options → for each deck: inspect → measure (Chromium) → problems
 *
 * Problems are reported through `onProblem` as they are found; the result says whether
 * the decks may be exported (no errors; no warnings either when `strict`).
 */
import { readFile } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import type { Browser } from '../browser/find-browser.ts'
import type { ResolvedConfig } from '../config.ts'
import {
  inspectDeck,
  type DeckInspection,
  type DeckProblem,
  type InspectOptions,
} from '../deck/check-deck.ts'
import { problemError } from '../deck/deck-problem.ts'
import type { DeckFile } from '../deck/discover-decks.ts'
import { loadMarpOptions } from '../deck/marp-options.ts'
import { diagramFolder } from '../diagrams/diagram-files.ts'
import { readThemes } from '../deck/themes.ts'
import { StackdeckError, isStackdeckError } from '../errors.ts'
import { loadFont } from '../text/font.ts'
import { openSlideMeasurer, type SlideMeasurer } from './measure-decks.ts'

/** What every deck of a project is rendered with: read once per build or dev render. */
export async function deckEnvironment(config: ResolvedConfig): Promise<InspectOptions> {
  const [themes, marpOptions] = await Promise.all([
    readThemes(config.themesDir),
    loadMarpOptions(config.marpConfig),
  ])
  // The diagram theme (`theme: stackdeck`) is there even when it lives outside themes/.
  if (!themes.some((t) => resolve(t.file) === config.theme)) {
    themes.unshift({ file: config.theme, css: await readFile(config.theme, 'utf8') })
  }
  const font = loadFont()
  return {
    root: config.root,
    allowedFolders: config.assetFolders,
    themes,
    marpOptions,
    diagrams: diagramFolder(config),
    covers: (cp) => font.covers(cp),
  }
}

export interface CheckOptions {
  readonly strict?: boolean
  /** Measure slides in this browser; without one, overflow is not checked. */
  readonly browser?: Browser | undefined
  /** Or in this measurer (already starting); checkProject closes it. */
  readonly measurer?: Promise<SlideMeasurer> | undefined
  /** The themes and Marp options, when the caller has them already. */
  readonly environment?: Promise<InspectOptions> | undefined
  readonly onProblem?: (deck: DeckFile, problem: DeckProblem) => void
  readonly onDeck?: (
    deck: DeckFile,
    inspection: DeckInspection,
    ms: number,
    problems: readonly DeckProblem[],
  ) => void
}

export interface CheckResult {
  readonly environment: InspectOptions
  readonly errors: number
  readonly warnings: number
  /** The first problem that stops an export, as a located error. */
  readonly failure: StackdeckError | undefined
}

export async function checkProject(
  config: ResolvedConfig,
  decks: readonly DeckFile[],
  options: CheckOptions = {},
): Promise<CheckResult> {
  const environment = await (options.environment ?? deckEnvironment(config))
  const measurer: SlideMeasurer | undefined = await (options.measurer ??
    (options.browser ? openSlideMeasurer(options.browser) : undefined))
  let errors = 0
  let warnings = 0
  let failure: StackdeckError | undefined
  try {
    for (const deck of decks) {
      const started = performance.now()
      let problems: DeckProblem[]
      let inspection: DeckInspection | undefined
      try {
        inspection = await inspectDeck(deck.file, environment)
        problems = [...inspection.problems]
        if (measurer) problems.push(...(await measurer.measure(inspection, deck, config.root)))
      } catch (error) {
        if (!isStackdeckError(error)) throw error
        problems = [
          {
            level: 'error',
            file: error.file ?? relative(config.root, deck.file),
            line: error.line,
            message: error.detail,
          },
        ]
      }
      for (const problem of problems) {
        options.onProblem?.(deck, problem)
        if (problem.level === 'error') errors++
        else warnings++
        if (!failure && (problem.level === 'error' || options.strict)) {
          failure = problemError(problem)
        }
      }
      if (inspection) options.onDeck?.(deck, inspection, performance.now() - started, problems)
    }
  } finally {
    await measurer?.close()
  }
  return { environment, errors, warnings, failure }
}
