/**
 * The `diagrams` pipeline, reused by `build` and `dev`:
 * discover → load palettes and font → for each definition: import and validate (in a
 * worker, see definition-loader.ts), type-check (beside it, in another worker: see
 * type-check.ts) → render → write.
 * A bad definition is reported and skipped; the good ones are still written, and the bad
 * one's previous SVGs are left where they were.
 */
import { readFile, rm } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { ResolvedConfig } from '../config.ts'
import { StackdeckError, isStackdeckError } from '../errors.ts'
import { loadFont } from '../text/font.ts'
import { DIAGRAM_FEATURES, subsetWoffBase64 } from '../text/subset.ts'
import { loadPalettes } from '../theme/palette.ts'
import { writeFileAtomic } from '../util/atomic-write.ts'
import { discoverDefinitions, type DefinitionFile } from './discover.ts'
import { DefinitionLoader, type LoadOutcome } from './definition-loader.ts'
import { typeErrorFor, type TypeCheckReport } from './type-check.ts'
import { checkDiagramName, diagramOfFile, isStackdeckSvg } from './diagram-files.ts'
import { renderResolved, type RenderContext } from './render-diagram.ts'
import { listDir } from '../util/list-dir.ts'

export interface DiagramResult {
  readonly name: string
  /** Definition file, relative to the project root. */
  readonly file: string
  /** Written SVGs, absolute. Empty on error. */
  readonly outputs: readonly string[]
  /** Local modules the definition imported, absolute (for the dev watcher). */
  readonly dependencies: readonly string[]
  readonly ms: number
  readonly error?: StackdeckError
  /** Drawn, but worse than it could be (a word broken inside), located in the file. */
  readonly warnings?: readonly StackdeckError[]
}

export interface BuildDiagramsOptions {
  /** Render only these diagram names (the dev server re-renders what changed). */
  readonly only?: ReadonlySet<string>
  /** Called as each diagram finishes, for progress lines. */
  readonly onResult?: (result: DiagramResult) => void
  /** Remove SVGs of diagrams whose definition no longer exists. Default true on a full run. */
  readonly prune?: boolean
  /** Time budget per definition in ms. Default: definitionTimeoutMs() (10 s or the env). */
  readonly timeoutMs?: number
  /**
   * The loader to use, started by the caller (who also closes it) so that its worker boots
   * while the caller imports this module. Default: one of its own, closed at the end.
   */
  readonly loader?: DefinitionLoader
}

export function renderContext(config: ResolvedConfig): RenderContext {
  return { palettes: loadPalettes(config.theme), font: loadFont() }
}

export async function buildDiagrams(
  config: ResolvedConfig,
  options: BuildDiagramsOptions = {},
): Promise<DiagramResult[]> {
  // First, so the worker boots while this thread lists the files and loads the font.
  const loader = options.loader ?? new DefinitionLoader({ timeoutMs: options.timeoutMs })
  try {
    // One check covers the folder; it runs while the worker imports and this thread renders.
    const checking = loader.typeCheck(config.root, config.diagramsDir)
    checking.catch(() => {}) // awaited below; a bug surfaces there
    const all = await discoverDefinitions(config.diagramsDir)
    const unknown = [...(options.only ?? [])].filter((name) => !all.some((d) => d.name === name))
    if (unknown.length > 0) {
      throw new StackdeckError(
        'USAGE',
        `no diagram named ${unknown.map((n) => `'${n}'`).join(', ')}; diagrams: ${all.map((d) => d.name).join(', ') || 'none yet'}`,
      )
    }
    const selected = options.only ? all.filter((d) => options.only!.has(d.name)) : all
    // Every load is queued at once: the worker imports the next definition while this
    // thread lays out and writes the previous one.
    const loads = selected.map((d) => loader.load(d.file, relative(config.root, d.file)))
    for (const load of loads) load.catch(() => {}) // awaited below; a bug surfaces there
    const ctx = renderContext(config)
    // HarfBuzz compiles and takes in the font on its first subset (~40 ms): done now, while
    // the worker is still on the first definition, instead of after it.
    if (selected.length > 0) subsetWoffBase64(ctx.font.file, ctx.font.data, '', DIAGRAM_FEATURES)
    const results: DiagramResult[] = []
    for (const [i, definition] of selected.entries()) {
      const result = await renderLoaded(definition, config, ctx, loads[i]!, checking)
      results.push(result)
      options.onResult?.(result)
    }
    if (options.prune ?? !options.only) await pruneStale(config.diagramsOutDir, all)
    return results
  } finally {
    if (!options.loader) await loader.close()
  }
}

/** Loads and type-checks (in `loader`'s workers), renders and writes one definition. */
export async function buildOne(
  definition: DefinitionFile,
  config: ResolvedConfig,
  ctx: RenderContext,
  loader: DefinitionLoader,
): Promise<DiagramResult> {
  const checking = loader.typeCheck(config.root, config.diagramsDir)
  checking.catch(() => {}) // awaited in renderLoaded; a bug surfaces there
  return renderLoaded(
    definition,
    config,
    ctx,
    loader.load(definition.file, relative(config.root, definition.file)),
    checking,
  )
}

async function renderLoaded(
  definition: DefinitionFile,
  config: ResolvedConfig,
  ctx: RenderContext,
  loading: Promise<LoadOutcome>,
  checking: Promise<TypeCheckReport>,
): Promise<DiagramResult> {
  const started = performance.now()
  const file = relative(config.root, definition.file)
  const loaded = await loading
  const done = (
    outputs: string[],
    error?: StackdeckError,
    warnings: readonly StackdeckError[] = [],
  ): DiagramResult => ({
    name: definition.name,
    file,
    outputs,
    dependencies: loaded.dependencies,
    ms: performance.now() - started,
    ...(error ? { error: error.inFile(file) } : {}),
    warnings: warnings.map((w) => w.inFile(file)),
  })
  if (!loaded.ok) return done([], loaded.error)
  // After the run-time validation, whose messages name the field: a type error is what
  // is left (it would otherwise render with a ✓).
  const typeError = typeErrorFor((await checking).problems, loaded.dependencies, config.root)
  if (typeError) return done([], typeError)
  try {
    checkDiagramName(definition.name)
    const { svgs: rendered, warnings } = await renderResolved(loaded.diagram, definition.name, ctx)
    // Render every variant before writing any, so a failure leaves all old files in place.
    const outputs = rendered.map((r) => join(config.diagramsOutDir, r.fileName))
    await Promise.all(rendered.map((r, i) => writeFileAtomic(outputs[i]!, r.svg)))
    await removeDiagramFiles(
      config.diagramsOutDir,
      definition.name,
      rendered.map((r) => r.fileName),
    )
    return done(outputs, undefined, warnings)
  } catch (error) {
    if (!isStackdeckError(error)) throw error
    return done([], error)
  }
}

/**
 * Deletes the SVGs of diagram `name` that stackdeck wrote, except `keep`: variants a
 * diagram no longer has (a removed step) when it is re-rendered, all of them when its
 * definition was deleted (dev), so no deck shows a stale file.
 */
export async function removeDiagramFiles(
  outDir: string,
  name: string,
  keep: readonly string[] = [],
): Promise<void> {
  const entries = await listDir(outDir)
  const stale = entries.filter((e) => diagramOfFile(e) === name && !keep.includes(e))
  await removeOurs(outDir, stale)
}

/** Deletes SVGs whose diagram was deleted; files of diagrams that failed this run stay. */
async function pruneStale(outDir: string, definitions: readonly DefinitionFile[]): Promise<void> {
  const names = new Set(definitions.map((d) => d.name))
  const entries = await listDir(outDir)
  const stale = entries.filter((entry) => {
    const name = diagramOfFile(entry)
    return name !== undefined && !names.has(name)
  })
  await removeOurs(outDir, stale)
}

/**
 * Deletes only SVGs stackdeck wrote (see isStackdeckSvg): a hand-made SVG in the output
 * folder, or a whole assets/ given as --out, is never touched.
 */
async function removeOurs(outDir: string, fileNames: readonly string[]): Promise<void> {
  await Promise.all(
    fileNames.map(async (fileName) => {
      const file = join(outDir, fileName)
      const head = await readFile(file, 'utf8').then(
        (s) => s.slice(0, 400),
        () => '',
      )
      if (isStackdeckSvg(head)) await rm(file, { force: true })
    }),
  )
}
