/**
 * The dev server's state and reactions, without HTTP: which diagrams and decks exist,
 * their last good render, the current problems, and what a batch of file changes
 * re-renders. It runs the build's own stages (buildOne for diagrams, the deck check and
 * engine for decks), so what the browser shows is what `stackdeck build` exports.
 *
 * A change never throws out of here: every failure becomes a problem shown in the
 * terminal and in the browser overlay, over the last good render.
 */
import { existsSync } from 'node:fs'
import { realpath, rm } from 'node:fs/promises'
import { basename, dirname, extname, relative, resolve, sep } from 'node:path'
import type { ResolvedConfig } from '../config.ts'
import { buildOne, renderContext } from '../diagrams/build-diagrams.ts'
import { DefinitionLoader } from '../diagrams/definition-loader.ts'
import { discoverDefinitions, isDefinitionFile } from '../diagrams/discover.ts'
import { diagramOfFile, type RenderContext } from '../diagrams/render-diagram.ts'
import { discoverDecks, type DeckFile } from '../deck/discover-decks.ts'
import type { InspectOptions } from '../deck/check-deck.ts'
import { problemError } from '../deck/deck-problem.ts'
import { deckEnvironment } from '../project/check-project.ts'
import { StackdeckError, isStackdeckError } from '../errors.ts'
import { renderDeckView, type DeckView } from './render-deck-view.ts'
import { listDir } from '../util/list-dir.ts'

export interface Problem {
  /** What failed: `diagram type1`, `deck virtualization`, `theme`. */
  readonly source: string
  /** One line, as the terminal prints it. */
  readonly message: string
  readonly file?: string | undefined
  readonly line?: number | undefined
  readonly field?: string | undefined
  /** Set for problems of one deck; the others concern every page. */
  readonly deck?: string | undefined
  /** Warnings (the deck check's) show, but the render went through. Default: error. */
  readonly level?: 'error' | 'warning'
}

export type SessionEvent =
  | {
      readonly type: 'diagram'
      readonly name: string
      readonly ms: number
      readonly error?: StackdeckError
    }
  | { readonly type: 'deck'; readonly view: DeckView; readonly ms: number }
  | { readonly type: 'deck-removed'; readonly deck: string }
  | { readonly type: 'problems'; readonly problems: readonly Problem[] }

export interface SessionDeps {
  /** Called for every outcome; the server broadcasts, the CLI prints. */
  readonly onEvent: (event: SessionEvent) => void
}

const inside = (dir: string, file: string) => file === dir || file.startsWith(dir + sep)

export class DevSession {
  private ctx: RenderContext | undefined
  private environment: InspectOptions | undefined
  private readonly diagramDeps = new Map<string, readonly string[]>()
  private readonly views = new Map<string, DeckView>()
  private decks: DeckFile[] = []
  private readonly problemsBySource = new Map<string, Problem>()
  /** Definitions load in a worker that a looping one cannot take the server down with. */
  private readonly loader = new DefinitionLoader()
  private closed = false

  constructor(
    readonly config: ResolvedConfig,
    private readonly deps: SessionDeps,
  ) {}

  /** Renders everything once. */
  async start(): Promise<void> {
    await this.reloadTheme()
    const definitions = await discoverDefinitions(this.config.diagramsDir)
    await this.renderDiagrams(definitions.map((d) => d.name))
    this.decks = await this.discoverServableDecks()
    await this.renderDecks(this.decks.map((d) => d.name))
    this.publishProblems()
  }

  /**
   * Decks whose file really lies in the project: a symlink to a file elsewhere would let
   * the server show that file's contents, so it is reported instead of served.
   */
  private async discoverServableDecks(): Promise<DeckFile[]> {
    const root = await realpath(this.config.root)
    const decks: DeckFile[] = []
    for (const deck of await discoverDecks(this.config.slidesDir, [this.config.diagramsDir])) {
      const real = await realpath(deck.file).catch(() => undefined)
      if (real === undefined) continue // deleted between listing and now
      if (inside(root, real)) {
        decks.push(deck)
        continue
      }
      this.problemsBySource.set(`deck ${deck.name}`, {
        source: `deck ${deck.name}`,
        deck: deck.name,
        message: `${relative(this.config.root, deck.file)} links to a file outside the project; the dev server does not serve it`,
      })
    }
    return decks
  }

  /** Stops loading definitions (one that never finishes included); nothing is rendered after. */
  async close(): Promise<void> {
    this.closed = true
    await this.loader.close()
  }

  view(deck: string): DeckView | undefined {
    return this.views.get(deck)
  }

  deckNames(): string[] {
    return this.decks.map((d) => d.name)
  }

  problems(): Problem[] {
    return [...this.problemsBySource.values()]
  }

  /** Files outside the watched folders that diagram definitions import. */
  extraWatchPaths(): string[] {
    return [...new Set([...this.diagramDeps.values()].flat())]
  }

  /**
   * Reacts to changed paths (added, changed or deleted: the file system is asked what is
   * there now, which is what makes editors that save by rename come out right).
   */
  async handle(paths: readonly string[]): Promise<void> {
    const changed = paths.map((p) => resolve(p))
    const c = this.config
    const themeChanged = changed.some((p) => inside(c.themesDir, p) && extname(p) === '.css')
    const diagrams = new Set<string>()
    let allDiagrams = false
    if (themeChanged) {
      await this.reloadTheme()
      allDiagrams = true
    }
    for (const path of changed) {
      if (
        inside(c.diagramsDir, path) &&
        dirname(path) === c.diagramsDir &&
        isDefinitionFile(path)
      ) {
        diagrams.add(basename(path, extname(path)))
      }
      for (const [name, files] of this.diagramDeps) if (files.includes(path)) diagrams.add(name)
    }
    const definitions = await discoverDefinitions(c.diagramsDir)
    const existing = new Set(definitions.map((d) => d.name))
    const targets = allDiagrams ? [...existing] : [...diagrams].filter((n) => existing.has(n))
    for (const name of diagrams) if (!existing.has(name)) await this.forgetDiagram(name)
    await this.renderDiagrams(targets)
    if (this.closed) return

    const slidesChanged = changed.some((p) => inside(c.slidesDir, p) && !inside(c.diagramsDir, p))
    // Images may live in assets/ or beside the decks (slides/images/…): any file there that
    // is not a deck could be one a deck shows.
    const assetsChanged = changed.some(
      (p) =>
        (inside(resolve(c.root, 'assets'), p) && !inside(c.diagramsOutDir, p)) ||
        (inside(c.slidesDir, p) && !inside(c.diagramsDir, p) && extname(p) !== '.md'),
    )
    const before = this.decks
    this.decks = await this.discoverServableDecks()
    const live = new Set(this.decks.map((d) => d.name))
    for (const gone of before.filter((d) => !live.has(d.name))) {
      this.views.delete(gone.name)
      // Open pages keep the last slides and say why nothing updates any more.
      if (!this.problemsBySource.has(`deck ${gone.name}`)) {
        this.problemsBySource.set(`deck ${gone.name}`, {
          source: `deck ${gone.name}`,
          deck: gone.name,
          file: relative(c.root, gone.file),
          message: `${relative(c.root, gone.file)} was deleted; this page updates again when the file is back`,
        })
      }
      this.deps.onEvent({ type: 'deck-removed', deck: gone.name })
    }
    const touched = new Set([...targets, ...diagrams])
    const decks = this.decks.filter((deck) => {
      if (themeChanged || assetsChanged) return true
      if (slidesChanged && changed.includes(resolve(deck.file))) return true
      const view = this.views.get(deck.name)
      if (!view || this.problemsBySource.has(`deck ${deck.name}`)) return true
      return view.diagrams.some((d) => touched.has(d))
    })
    await this.renderDecks(decks.map((d) => d.name))
    this.publishProblems()
  }

  private async reloadTheme(): Promise<void> {
    try {
      // Themes and the Marp options of marp.config.ts, as the build reads them.
      this.environment = await deckEnvironment(this.config)
      this.ctx = renderContext(this.config)
      this.problemsBySource.delete('theme')
    } catch (error) {
      // No diagram is rendered with the last palette while the theme is broken: their
      // old SVGs stay, and the problem says why nothing changes.
      this.ctx = undefined
      this.record('theme', error)
    }
  }

  /** A failure outside every stage's own handling (a full disk, a bug): shown, not fatal. */
  recordUnexpected(error: unknown): void {
    this.record('dev server', error)
    this.publishProblems()
  }

  private async renderDiagrams(names: readonly string[]): Promise<void> {
    const ctx = this.ctx
    if (!ctx) return // the theme is broken: its problem is already shown
    const definitions = await discoverDefinitions(this.config.diagramsDir)
    for (const definition of definitions.filter((d) => names.includes(d.name))) {
      const result = await buildOne(definition, this.config, ctx, this.loader)
      if (this.closed) return
      this.diagramDeps.set(definition.name, result.dependencies)
      if (result.error) this.record(`diagram ${definition.name}`, result.error)
      else this.problemsBySource.delete(`diagram ${definition.name}`)
      this.deps.onEvent({
        type: 'diagram',
        name: definition.name,
        ms: result.ms,
        error: result.error,
      })
    }
  }

  private async forgetDiagram(name: string): Promise<void> {
    this.diagramDeps.delete(name)
    this.problemsBySource.delete(`diagram ${name}`)
    const dir = this.config.diagramsOutDir
    // Its SVGs go too, so a deck still showing it reports the missing diagram.
    const files = await listDir(dir)
    await Promise.all(
      files
        .filter((f) => diagramOfFile(f) === name)
        .map((f) => rm(resolve(dir, f), { force: true })),
    )
  }

  private async renderDecks(names: readonly string[]): Promise<void> {
    for (const deck of this.decks.filter((d) => names.includes(d.name))) {
      const started = performance.now()
      try {
        if (!existsSync(deck.file)) continue
        if (!this.environment) continue // the theme is broken: its problem is already shown
        const view = await renderDeckView(deck, this.environment)
        this.views.set(deck.name, view)
        this.problemsBySource.delete(`deck ${deck.name}`)
        this.recordWarnings(deck.name, view)
        this.deps.onEvent({ type: 'deck', view, ms: performance.now() - started })
      } catch (error) {
        this.record(`deck ${deck.name}`, error, deck.name)
      }
    }
  }

  /** The deck check's warnings, one problem each, replacing the deck's previous ones. */
  private recordWarnings(deck: string, view: DeckView): void {
    const prefix = `deck ${deck} warning `
    for (const source of [...this.problemsBySource.keys()])
      if (source.startsWith(prefix)) this.problemsBySource.delete(source)
    view.warnings.forEach((warning, i) => {
      this.problemsBySource.set(`${prefix}${i + 1}`, {
        source: `${prefix}${i + 1}`,
        deck,
        level: 'warning',
        message: problemError(warning).message,
        file: warning.file,
        line: warning.line,
      })
    })
  }

  private record(source: string, error: unknown, deck?: string): void {
    if (!isStackdeckError(error)) {
      // A bug, not a user mistake; still keep serving, but show the stack.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
      this.problemsBySource.set(source, { source, deck, message: `internal error: ${message}` })
      return
    }
    this.problemsBySource.set(source, {
      source,
      deck,
      message: error.message,
      file: error.file && relative(this.config.root, resolve(this.config.root, error.file)),
      line: error.line,
      field: error.field,
    })
  }

  private publishProblems(): void {
    this.deps.onEvent({ type: 'problems', problems: this.problems() })
  }
}
