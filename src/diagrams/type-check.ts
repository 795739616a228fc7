/**
 * Type-checks the diagram definitions of one folder with the TypeScript compiler, so that a
 * definition that renders but does not compile (an id typo the run-time check cannot see
 * through a helper, a wrong argument) is a failure instead of a ✓. Runs in its own worker
 * (type-check-worker.ts) beside loading and rendering.
 *
 * Speed, since every `diagrams`, `build` and dev edit asks:
 * - The answer is kept with a hash of every file the program read (definitions, helpers,
 *   stackdeck's own types) in memory and in `.cache/stackdeck/type-check-*.json`: when none
 *   changed, the last answer stands and TypeScript is not even loaded (loading it is
 *   ~450 ms of the ~850 ms a check from nothing takes).
 * - Otherwise the program is rebuilt from the previous one (a semantic-diagnostics builder
 *   program): unchanged files keep their parsed source and their diagnostics, so a dev edit
 *   re-checks the edited file and what depends on it.
 * - The compiler loads with V8's code cache (see loadCompiler).
 * - Only the ES library is loaded, plus Node's types when a file in the folder uses Node
 *   (they cost ~300 ms to parse): definitions build data, they rarely touch Node.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type TS from 'typescript'
import { StackdeckError } from '../errors.ts'
import { writeFileAtomic } from '../util/atomic-write.ts'
import { requireWithCodeCache, type CachedModule } from '../util/code-cache.ts'
import { listDir } from '../util/list-dir.ts'
import { systemTempDir } from '../util/temp-files.ts'
import { isDefinitionFile } from './discover.ts'

type TypeScript = typeof TS

/** One compiler error, located like a validation error. */
export interface TypeProblem {
  /** Absolute path of the file the error is in (a definition or a helper it imports). */
  readonly file: string
  /** 1-based. */
  readonly line: number
  /** 1-based. */
  readonly column: number
  /** The compiler's message on one line, e.g. `Type '"hx"' is not assignable to type '"hv" | "hw"'.` */
  readonly message: string
}

export interface TypeCheckReport {
  /** Every error in the definitions folder, by file then position. */
  readonly problems: readonly TypeProblem[]
  /** Answered from the last check (nothing changed) without running the compiler. */
  readonly reused: boolean
  readonly ms: number
}

/** What a check depended on: when all of it is unchanged, its answer still holds. */
interface CheckState {
  readonly version: 1
  readonly typescript: string
  readonly roots: readonly string[]
  /** Hash of every file the program read, TypeScript's own libraries aside. */
  readonly files: Readonly<Record<string, string>>
  readonly problems: readonly TypeProblem[]
}

/** Extensions of definitions the compiler checks (JavaScript ones are loaded unchecked). */
const CHECKED = new Set(['.ts', '.mts'])
/** A file that uses Node's API: then Node's types are loaded for the check. */
const USES_NODE =
  /\bfrom\s+['"]node:|\bimport\s*\(\s*['"]node:|\b(process|Buffer|require|__dirname|__filename|console|setTimeout|setInterval|setImmediate)\b/

const hash = (text: string) => createHash('sha1').update(text).digest('base64url')

/** The installed compiler's version, read without loading the compiler. */
function installedTypeScriptVersion(): string {
  const require = createRequire(import.meta.url)
  const manifest = JSON.parse(readFileSync(require.resolve('typescript/package.json'), 'utf8'))
  return String((manifest as { version?: unknown }).version)
}

/** A code cache still to write once the compiler has done its first check (see loadCompiler). */
let unsavedCodeCache: CachedModule | undefined

/**
 * Loads the compiler with `require`, not `import` (through tsx's module hooks its 9 MB take
 * ~2 s against ~0.4 s; require is not hooked where only tsx's ESM loader is registered), and
 * with V8's code cache, kept in the OS temp folder like tsx's transform cache: ~0.15 s
 * (the system's folder, not the run's that `build` removes when it ends).
 */
async function loadCompiler(): Promise<TypeScript> {
  const file = createRequire(import.meta.url).resolve('typescript')
  const key = hash(`${file}\0${installedTypeScriptVersion()}\0${process.versions.v8}`).slice(0, 16)
  const loaded = requireWithCodeCache(
    file,
    join(systemTempDir(), `stackdeck-typescript-${key}.v8cache`),
  )
  if (loaded.stale) unsavedCodeCache = loaded
  return loaded.exports as TypeScript
}

/**
 * Writes the compiler's code cache if this thread made none yet: call it after a check has
 * been answered (the cache then holds what the check compiled, and the answer did not wait).
 */
export async function saveCompilerCodeCache(): Promise<void> {
  const loaded = unsavedCodeCache
  unsavedCodeCache = undefined
  await loaded?.save().catch(() => {
    // A read-only temp folder: the next run compiles again, nothing worse.
  })
}

/**
 * The options every definition is checked with, whatever the project's tsconfig says: strict,
 * modules resolved the way tsx loads them (bundler-style, `.ts` extensions allowed).
 */
export function definitionCompilerOptions(ts: TypeScript, useNode: boolean): TS.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: useNode ? ['node'] : [],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    allowJs: true,
  }
}

/** One diagnostic as a problem: the message chain on one line, positions 1-based. */
function toProblem(ts: TypeScript, diagnostic: TS.Diagnostic): TypeProblem | undefined {
  const { file, start } = diagnostic
  if (!file || start === undefined) return undefined
  const { line, character } = file.getLineAndCharacterOfPosition(start)
  const message = ts
    .flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    .split('\n')
    .map((part) => part.trim())
    .join(' ')
  return { file: resolve(file.fileName), line: line + 1, column: character + 1, message }
}

/**
 * A compiler host that keeps parsed files while their text is unchanged, so a rebuilt
 * program re-parses only what was edited. Files under node_modules (the compiler's
 * libraries, Node's types, an installed stackdeck) are read once per process.
 */
function cachingHost(ts: TypeScript, options: TS.CompilerOptions): TS.CompilerHost {
  const host = ts.createCompilerHost(options)
  const parsed = new Map<string, { readonly version: string; readonly file: TS.SourceFile }>()
  host.getSourceFile = (fileName, languageVersion, onError) => {
    const kept = parsed.get(fileName)
    if (kept && fileName.includes('/node_modules/')) return kept.file
    const text = host.readFile(fileName)
    if (text === undefined) {
      onError?.(`cannot read ${fileName}`)
      return undefined
    }
    const version = hash(text)
    if (kept?.version === version) return kept.file
    // The builder program tells files apart by this version (TypeScript's watch API sets it the same way).
    const file = Object.assign(ts.createSourceFile(fileName, text, languageVersion), { version })
    parsed.set(fileName, { version, file })
    return file
  }
  // tsx loads `import ... from 'file:///…/index.ts'`; the compiler only knows paths.
  host.resolveModuleNameLiterals = (literals, containing, redirected, compilerOptions, file) =>
    literals.map((literal) => {
      const name = literal.text.startsWith('file:') ? fileURLToPath(literal.text) : literal.text
      const mode = ts.getModeForUsageLocation(file, literal, compilerOptions)
      return ts.resolveModuleName(
        name,
        containing,
        compilerOptions,
        host,
        undefined,
        redirected,
        mode,
      )
    })
  return host
}

/** Where the last answer for `dir` is kept: one file per definitions folder (`--definitions`). */
function cacheFileOf(root: string, dir: string): string {
  return join(
    root,
    '.cache',
    'stackdeck',
    `type-check-${hash(relative(root, dir)).slice(0, 12)}.json`,
  )
}

/** The definitions the compiler checks, sorted. */
async function definitionRoots(dir: string): Promise<string[]> {
  const entries = await listDir(dir)
  return entries
    .filter((entry) => isDefinitionFile(entry) && CHECKED.has(extname(entry)))
    .sort()
    .map((entry) => join(dir, entry))
}

/** The answer kept on disk by the last check of `dir`, if it was made by this compiler. */
async function readKept(root: string, dir: string): Promise<CheckState | undefined> {
  try {
    const state = JSON.parse(await readFile(cacheFileOf(root, dir), 'utf8')) as CheckState
    return state.version === 1 && state.typescript === installedTypeScriptVersion()
      ? state
      : undefined
  } catch {
    return undefined // none yet, or unreadable: check from scratch
  }
}

/**
 * The last check's answer when it still holds, read and verified without the compiler (a
 * few ms): the caller needs no worker at all when nothing changed.
 */
export async function keptAnswer(root: string, dir: string): Promise<TypeCheckReport | undefined> {
  const started = performance.now()
  const [kept, roots] = await Promise.all([readKept(root, dir), definitionRoots(dir)])
  if (!kept || !(await stillHolds(kept, roots))) return undefined
  return { problems: kept.problems, reused: true, ms: performance.now() - started }
}

/**
 * Checks one definitions folder, again and again (the dev server keeps one per session):
 * each `check()` answers for the folder as it is on disk now.
 */
export class DefinitionTypeCheck {
  private state: CheckState | undefined
  /** The last answer, not yet written to `.cache/` (see save()). */
  private unsaved: CheckState | undefined
  private stateRead = false
  private ts: TypeScript | undefined
  private program: TS.SemanticDiagnosticsBuilderProgram | undefined
  private host: { readonly useNode: boolean; readonly host: TS.CompilerHost } | undefined
  private readonly cacheFile: string

  /**
   * @param root the project root; the last answer is kept in `<root>/.cache/stackdeck/`
   * @param dir the definitions folder
   * @param loadTypeScript how to load the compiler (only when a check must run)
   */
  constructor(
    readonly root: string,
    readonly dir: string,
    private readonly loadTypeScript: () => Promise<TypeScript> = loadCompiler,
  ) {
    this.cacheFile = cacheFileOf(root, dir)
  }

  async check(): Promise<TypeCheckReport> {
    const started = performance.now()
    const roots = await definitionRoots(this.dir)
    const kept = await this.keptState()
    if (kept && (await stillHolds(kept, roots))) {
      this.state = kept
      return { problems: kept.problems, reused: true, ms: performance.now() - started }
    }
    const state = await this.run(roots)
    this.state = state
    this.unsaved = state
    return { problems: state.problems, reused: false, ms: performance.now() - started }
  }

  /**
   * Keeps the last answer in `.cache/` for the next process. Apart from check(), so that the
   * worker writes it after sending the answer (a dev edit does not wait for the disk).
   */
  async save(): Promise<void> {
    const state = this.unsaved
    this.unsaved = undefined
    if (!state) return
    try {
      await writeFileAtomic(this.cacheFile, JSON.stringify(state))
    } catch {
      // A read-only project still gets its check; only the next run is slower.
    }
  }

  /**
   * Loads the compiler and builds the program now, so that the next check after an edit
   * is quick: done once a session that was answered from the cache has been idle a while.
   */
  async warm(): Promise<void> {
    if (this.program) return
    const state = await this.run(await definitionRoots(this.dir))
    this.state = state
  }

  private async keptState(): Promise<CheckState | undefined> {
    if (this.state || this.stateRead) return this.state
    this.stateRead = true
    return readKept(this.root, this.dir)
  }

  private async run(roots: readonly string[]): Promise<CheckState> {
    const ts = (this.ts ??= await this.loadTypeScript())
    const useNode = await this.usesNode()
    if (this.host?.useNode !== useNode) {
      // Other options make another program: nothing of the previous one can be reused.
      this.host = { useNode, host: cachingHost(ts, definitionCompilerOptions(ts, useNode)) }
      this.program = undefined
    }
    const options = definitionCompilerOptions(ts, useNode)
    const program = ts.createSemanticDiagnosticsBuilderProgram(
      [...roots],
      options,
      this.host.host,
      this.program,
    )
    this.program = program
    const inside = (file: TS.SourceFile) => resolve(file.fileName).startsWith(this.dir + sep)
    // Files affected by an edit (a definition whose helper changed) must be checked through
    // this loop: asking for one file's diagnostics would return what was kept for it.
    while (program.getSemanticDiagnosticsOfNextAffectedFile(undefined, (f) => !inside(f))) {
      // each call checks one affected file in the folder
    }
    const inFolder = program.getSourceFiles().filter(inside)
    const problems = inFolder
      .flatMap((file) => [
        ...program.getSyntacticDiagnostics(file),
        ...program.getSemanticDiagnostics(file),
      ])
      .map((diagnostic) => toProblem(ts, diagnostic))
      .filter((problem): problem is TypeProblem => problem !== undefined)
    const files: Record<string, string> = {}
    for (const file of program.getSourceFiles()) {
      if (program.getProgram().isSourceFileDefaultLibrary(file)) continue
      files[resolve(file.fileName)] = hash(file.text)
    }
    return { version: 1, typescript: ts.version, roots, files, problems }
  }

  /** Whether a file in the definitions folder uses Node's API (see USES_NODE). */
  private async usesNode(): Promise<boolean> {
    const entries = await listDir(this.dir)
    for (const entry of entries) {
      if (!/\.[mc]?[jt]s$/.test(entry)) continue
      const text = await readFile(join(this.dir, entry), 'utf8').catch(() => '')
      if (USES_NODE.test(text)) return true
    }
    return false
  }
}

/** Whether a check's answer still holds: the same definitions, every file it read unchanged. */
async function stillHolds(state: CheckState, roots: readonly string[]): Promise<boolean> {
  if (state.roots.length !== roots.length || state.roots.some((r, i) => r !== roots[i])) {
    return false
  }
  const entries = Object.entries(state.files)
  const now = await Promise.all(
    entries.map(([file]) => readFile(file, 'utf8').then(hash, () => undefined)),
  )
  return entries.every(([, version], i) => now[i] === version)
}

/**
 * The type error a diagram fails with: the first compiler error in its own file or in a
 * helper it imports (`dependencies`, absolute, the definition first), or none.
 */
export function typeErrorFor(
  problems: readonly TypeProblem[],
  dependencies: readonly string[],
  root: string,
): StackdeckError | undefined {
  const order = new Map(dependencies.map((file, i) => [resolve(file), i]))
  const own = problems
    .filter((p) => order.has(p.file))
    .sort(
      (a, b) => order.get(a.file)! - order.get(b.file)! || a.line - b.line || a.column - b.column,
    )
  const [first, ...rest] = own
  if (!first) return undefined
  const more =
    rest.length > 0 ? ` (and ${rest.length} more type error${rest.length > 1 ? 's' : ''})` : ''
  return new StackdeckError('TYPE', `type error: ${first.message}${more}`, {
    file: relative(root, first.file),
    line: first.line,
    column: first.column,
  })
}
