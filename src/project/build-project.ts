/**
 * `stackdeck build`: the product's main job, stage by stage.
 *
 *   diagrams → check every deck (the `check` stage) → html, pdf and pptx of all decks (at once)
 *
 * The editable PPTX (the default) is written by the check itself, from the page each deck
 * is measured in; marp-cli makes HTML, PDF and the image PPTX.
 *
 * Every stage reports through `onEvent`; the first failure stops the build (previous
 * outputs stay in place: every write is atomic). Nothing is exported while any deck has
 * an error, or a warning under `strict`.
 */
import { relative } from 'node:path'
import { findBrowser, type Browser } from '../browser/find-browser.ts'
import type { ResolvedConfig } from '../config.ts'
import { buildDiagrams, type DiagramResult } from '../diagrams/build-diagrams.ts'
import type { DeckProblem, DeckSummary } from '../deck/check-deck.ts'
import { discoverDecks, type DeckFile } from '../deck/discover-decks.ts'
import { StackdeckError } from '../errors.ts'
import { exportDecks, outputPath, type ExportOptions } from '../export/export-deck.ts'
import { FORMAT_SPECS, FORMATS, type Format, type PptxMode } from '../export/formats.ts'
import { writeDeckHandout } from '../export/handout.ts'
import { writeSite } from '../site/build-site.ts'
import { firstSlidePictures, type SlidePictures } from '../site/thumbnail.ts'
import { writeStaged, type StagedFile } from '../util/atomic-write.ts'
import { removeStaleTemps, withRunTempDir } from '../util/temp-files.ts'
import {
  checkProject,
  deckEnvironment,
  type CheckOptions,
  type CheckResult,
} from './check-project.ts'
import { openSlideMeasurer, type MeasuredPage } from './measure-decks.ts'

export interface BuildOptions {
  /** Formats to export; default all. */
  readonly formats?: readonly Format[]
  /** Deck names to export; default every deck in slides/. */
  readonly decks?: readonly string[]
  readonly pdfNotes?: boolean
  /** Which PPTX: `editable` or `image` (marp-cli's slide screenshots); default: the config's. */
  readonly pptx?: PptxMode
  /** Warnings stop the build too (default: the config's `strict`). */
  readonly strict?: boolean
  readonly onEvent?: (event: BuildEvent) => void
}

export type BuildEvent =
  | { readonly type: 'diagram'; readonly result: DiagramResult }
  | { readonly type: 'diagrams-done'; readonly count: number; readonly ms: number }
  | { readonly type: 'browser'; readonly browser: Browser }
  | {
      readonly type: 'deck-checked'
      readonly deck: DeckFile
      readonly summary: DeckSummary
      readonly ms: number
      /** Errors the check found in this deck (each reported as a deck-problem). */
      readonly errors: number
    }
  | { readonly type: 'deck-problem'; readonly deck: DeckFile; readonly problem: DeckProblem }
  | {
      readonly type: 'exported'
      readonly deck: DeckFile
      readonly format: Format
      readonly file: string
      readonly ms: number
    }
  /** A deck's handout, made from its PDF. */
  | {
      readonly type: 'handout'
      readonly deck: DeckFile
      readonly file: string
      readonly ms: number
    }
  /** The site's index.html (after the link-preview images and tags of the deck pages). */
  | { readonly type: 'site'; readonly file: string; readonly ms: number }

export interface BuildResult {
  readonly outputs: readonly string[]
}

export async function buildProject(
  config: ResolvedConfig,
  options: BuildOptions = {},
): Promise<BuildResult> {
  // marp-cli's and the check's browser profiles go to a folder of this run, removed after.
  return withRunTempDir(() => build(config, options))
}

async function build(config: ResolvedConfig, options: BuildOptions): Promise<BuildResult> {
  const emit = options.onEvent ?? (() => {})
  const formats = options.formats ?? FORMATS
  const strict = options.strict ?? config.strict
  await Promise.all([removeStaleTemps(config.outDir), removeStaleTemps(config.diagramsOutDir)])
  // A misspelt --deck is reported before any work is done.
  const decks = await selectDecks(config, options.decks)

  const browser = await findBrowser()
  emit({ type: 'browser', browser })
  const environment = deckEnvironment(config)
  // Awaited later; handled now, so a failure meanwhile is not an unhandled rejection.
  environment.catch(() => {})
  await renderDiagramsStage(config, emit)
  // The check's browser starts only now: the diagrams and the exports are the critical
  // path, and the check (launch included) runs beside the exports.
  const pptxMode = options.pptx ?? config.pptx
  const editable =
    formats.includes('pptx') && pptxMode === 'editable' ? editableOutputs(config) : undefined
  const site = sitePictures()
  const measurer = openSlideMeasurer(browser, {
    ...(editable ? { onPptx: editable.write } : {}),
    onMeasured: site.capture,
  })
  measurer.catch(() => {})
  // marp-cli exports the rest (the image PPTX too, when asked for).
  const marpFormats = editable ? formats.filter((f) => f !== 'pptx') : formats

  // The exports start with the check and are renamed into place only if it passes: the
  // check (a second or two) runs while marp-cli works, and a failed check still leaves
  // every previous output as it was.
  let decide: (passed: boolean) => void = () => {}
  const passed = new Promise<boolean>((resolve) => (decide = resolve))
  const exports = exportStage(config, decks, marpFormats, options, {
    browser: marpFormats.some((f) => FORMAT_SPECS[f].needsBrowser) ? browser : undefined,
    themes: (await environment).themes,
    commit: passed,
    emit,
  })
  exports.catch(() => {})
  let checked: CheckResult
  try {
    checked = await checkStage(config, decks, { strict, measurer, environment }, emit)
  } catch (error) {
    decide(false)
    await editable?.discard()
    throw error
  }
  decide(checked.failure === undefined)
  if (checked.failure) {
    await editable?.discard()
    // The exports are discarded when marp-cli is done; the CLI exits before that.
    throw checkFailure(checked.failure, checked.errors + (strict ? checked.warnings : 0))
  }
  const outputs = await exports
  if (editable) {
    for (const [deck, file, ms] of await editable.commit()) {
      outputs.push(file)
      emit({ type: 'exported', deck, format: 'pptx', file, ms })
    }
  }
  outputs.push(...(await handoutStage(config, decks, outputs, emit)))
  // The index lists every deck: a build of some decks only tags their pages.
  const index = !options.decks?.length
  outputs.push(...(await siteStage(config, decks, site.pictures, index, emit)))
  return { outputs }
}

/** Every deck checked (see check-project.ts), each problem and deck reported as it comes. */
function checkStage(
  config: ResolvedConfig,
  decks: readonly DeckFile[],
  options: Pick<CheckOptions, 'strict' | 'measurer' | 'environment'>,
  emit: (event: BuildEvent) => void,
): Promise<CheckResult> {
  return checkProject(config, decks, {
    ...options,
    onProblem: (deck, problem) => emit({ type: 'deck-problem', deck, problem }),
    onDeck: (deck, inspection, ms, problems) =>
      emit({
        type: 'deck-checked',
        deck,
        summary: inspection.summary,
        ms,
        errors: problems.filter((p) => p.level === 'error').length,
      }),
  })
}

/** The first problem that stopped the build, located, for API callers (the CLI printed all). */
function checkFailure(first: StackdeckError, count: number): StackdeckError {
  const more = count - 1
  return new StackdeckError(
    'DECK',
    `${first.detail}${more > 0 ? ` (and ${more} more, see above)` : ''}; nothing was exported`,
    { file: first.file, line: first.line },
  )
}

/**
 * dist/<deck>.handout.pdf from each PDF this build wrote: composed from the PDF (its pages
 * embedded as vector forms), so after it, and only once the check has passed.
 */
async function handoutStage(
  config: ResolvedConfig,
  decks: readonly DeckFile[],
  outputs: readonly string[],
  emit: (event: BuildEvent) => void,
): Promise<string[]> {
  const { layout } = config.handout
  if (layout === 'none') return []
  const written: string[] = []
  for (const deck of decks) {
    const pdf = outputPath(config, deck, 'pdf')
    if (!outputs.includes(pdf)) continue
    const started = performance.now()
    const { file } = await writeDeckHandout(config, deck, pdf, layout)
    written.push(file)
    emit({ type: 'handout', deck, file, ms: performance.now() - started })
  }
  return written
}

/** Each deck's first slide, pictured in the check's page right after it is measured. */
function sitePictures() {
  const pictures = new Map<string, SlidePictures>()
  return {
    pictures,
    async capture(deck: DeckFile, page: MeasuredPage): Promise<void> {
      const taken = await firstSlidePictures(page)
      if (taken) pictures.set(deck.name, taken)
    },
  }
}

/** dist/index.html listing every deck with what is on disk for it, and link previews. */
async function siteStage(
  config: ResolvedConfig,
  decks: readonly DeckFile[],
  pictures: ReadonlyMap<string, SlidePictures>,
  index: boolean,
  emit: (event: BuildEvent) => void,
): Promise<string[]> {
  const started = performance.now()
  const files = await writeSite(
    config,
    decks.map((deck) => ({ deck, pictures: pictures.get(deck.name) })),
    { index },
  )
  if (index) emit({ type: 'site', file: files.at(-1)!, ms: performance.now() - started })
  return files
}

/**
 * The editable PPTX files the check writes: each to a temp file beside its target, all
 * renamed into place once the check has passed (or removed when it failed).
 */
function editableOutputs(config: ResolvedConfig) {
  const started = performance.now()
  const written: { deck: DeckFile; file: StagedFile; ms: number }[] = []
  return {
    async write(deck: DeckFile, pptx: Buffer): Promise<void> {
      const file = await writeStaged(outputPath(config, deck, 'pptx'), pptx)
      written.push({ deck, file, ms: performance.now() - started })
    },
    async commit(): Promise<(readonly [DeckFile, string, number])[]> {
      return Promise.all(
        written.map(async ({ deck, file, ms }) => {
          await file.commit()
          return [deck, outputPath(config, deck, 'pptx'), ms] as const
        }),
      )
    },
    async discard(): Promise<void> {
      await Promise.all(written.map(({ file }) => file.discard()))
    },
  }
}

/**
 * One marp-cli run per format for all decks (one browser each), the formats at once:
 * PPTX (slide screenshots) dominates, and HTML and PDF finish while it runs. Each format's
 * files are renamed into place once `commit` resolves true.
 */
async function exportStage(
  config: ResolvedConfig,
  decks: readonly DeckFile[],
  formats: readonly Format[],
  options: BuildOptions,
  stage: {
    readonly browser: Browser | undefined
    readonly themes: ExportOptions['themes']
    readonly commit: Promise<boolean>
    readonly emit: (event: BuildEvent) => void
  },
): Promise<string[]> {
  const outputs: string[] = []
  // allSettled: a failing format must not leave its siblings running after the error.
  const results = await Promise.allSettled(
    FORMATS.filter((f) => formats.includes(f)).map(async (format) => {
      const started = performance.now()
      const files = await exportDecks(config, decks, format, {
        browser: stage.browser,
        pdfNotes: options.pdfNotes,
        themes: stage.themes,
        commit: stage.commit,
      })
      if (!files) return
      const ms = performance.now() - started
      decks.forEach((deck, i) => {
        outputs.push(files[i]!)
        stage.emit({ type: 'exported', deck, format, file: files[i]!, ms })
      })
    }),
  )
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (rejected) throw rejected.reason
  return outputs
}

async function renderDiagramsStage(
  config: ResolvedConfig,
  emit: (event: BuildEvent) => void,
): Promise<void> {
  const started = performance.now()
  const diagrams = await buildDiagrams(config, {
    onResult: (result) => emit({ type: 'diagram', result }),
  })
  const failures = diagrams.filter((d) => d.error)
  const first = failures[0]?.error
  if (first) {
    // The first failure, located, for API callers; the CLI has printed every one already.
    const more = failures.length - 1
    throw new StackdeckError(
      first.code,
      `${first.detail}${more > 0 ? ` (and ${more} more failed diagram${more > 1 ? 's' : ''}, see above)` : ''}; nothing was exported`,
      { file: first.file, field: first.field, line: first.line },
    )
  }
  emit({ type: 'diagrams-done', count: diagrams.length, ms: performance.now() - started })
}

export async function selectDecks(
  config: ResolvedConfig,
  names: readonly string[] | undefined,
): Promise<DeckFile[]> {
  const all = await discoverDecks(config.slidesDir, [config.diagramsDir])
  if (all.length === 0) {
    throw new StackdeckError(
      'USAGE',
      `no decks in ${relative(config.root, config.slidesDir) || '.'}; add a Markdown file such as slides/my-deck.md`,
    )
  }
  if (!names || names.length === 0) return all
  const unknown = names.find((n) => !all.some((d) => d.name === n))
  if (unknown !== undefined) {
    throw new StackdeckError(
      'USAGE',
      `no deck named '${unknown}'; decks: ${all.map((d) => d.name).join(', ')}`,
    )
  }
  return all.filter((d) => names.includes(d.name))
}
