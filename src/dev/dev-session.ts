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
import { realpath } from 'node:fs/promises'
import { relative, resolve } from 'node:path'
import type { ResolvedConfig } from '../config.ts'
import { buildOne, removeDiagramFiles, renderContext } from '../diagrams/build-diagrams.ts'
import { DefinitionLoader } from '../diagrams/definition-loader.ts'
import { discoverDefinitions, type DefinitionFile } from '../diagrams/discover.ts'
import type { RenderContext } from '../diagrams/render-diagram.ts'
import { discoverDecks, type DeckFile } from '../deck/discover-decks.ts'
import type { InspectOptions } from '../deck/check-deck.ts'
import { problemError } from '../deck/deck-problem.ts'
import { deckEnvironment } from '../project/check-project.ts'
import { StackdeckError, isStackdeckError } from '../errors.ts'
import { planBatch, type BatchPlan } from './plan-batch.ts'
import { ProblemSet, type Problem, type ProblemKey } from './problems.ts'
import { renderDeckView, type DeckView } from './render-deck-view.ts'
import { isInside } from '../deck/inline-asset.ts'

export type { Problem, ProblemKey } from './problems.ts'

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

export class DevSession {
  private ctx: RenderContext | undefined
  private environment: InspectOptions | undefined
  private readonly diagramDeps = new Map<string, readonly string[]>()
  private readonly views = new Map<string, DeckView>()
  private decks: DeckFile[] = []
  private readonly problemSet = new ProblemSet()
  /** Definitions load in a worker that a looping one cannot take the server down with. */
  private readonly loader = new DefinitionLoader()
  private closed = false

  constructor(
    readonly config: ResolvedConfig,
    private readonly deps: SessionDeps,
  ) {}

  /** Renders everything once. */
  async start(): Promise<void> {
    const definitions = await discoverDefinitions(this.config.diagramsDir)
    this.decks = await this.discoverServableDecks()
    await this.carryOut(
      {
        reloadTheme: true,
        renderDiagrams: definitions.map((d) => d.name),
        forgetDiagrams: [],
        removedDecks: [],
        renderDecks: this.decks.map((d) => d.name),
      },
      definitions,
    )
  }

  /**
   * Reacts to changed paths (added, changed or deleted: the file system is asked what is
   * there now, which is what makes editors that save by rename come out right): lists
   * what exists, plans what the changes affect (planBatch), and carries it out.
   */
  async handle(paths: readonly string[]): Promise<void> {
    const definitions = await discoverDefinitions(this.config.diagramsDir)
    const decksBefore = this.decks
    this.decks = await this.discoverServableDecks()
    const plan = planBatch(
      paths.map((p) => resolve(p)),
      {
        folders: this.config,
        definitions: definitions.map((d) => d.name),
        diagramDeps: this.diagramDeps,
        decksBefore,
        decks: this.decks,
        deckDiagrams: new Map([...this.views].map(([deck, view]) => [deck, view.diagrams])),
        failedDecks: new Set(this.decks.map((d) => d.name).filter((d) => this.deckFailed(d))),
      },
    )
    await this.carryOut(plan, definitions)
  }

  /** The plan's steps, in order: theme, diagrams, removed decks, decks, then the problems. */
  private async carryOut(plan: BatchPlan, definitions: readonly DefinitionFile[]): Promise<void> {
    if (plan.reloadTheme) await this.reloadTheme()
    for (const name of plan.forgetDiagrams) await this.forgetDiagram(name)
    await this.renderDiagrams(definitions.filter((d) => plan.renderDiagrams.includes(d.name)))
    if (this.closed) return
    for (const deck of plan.removedDecks) this.removeDeck(deck)
    await this.renderDecks(plan.renderDecks)
    this.publishProblems()
  }

  private deckFailed(deck: string): boolean {
    return this.problemSet.has({ kind: 'deck', deck })
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
      if (isInside(root, real)) {
        decks.push(deck)
        continue
      }
      this.problemSet.set({
        key: { kind: 'deck', deck: deck.name },
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
    return this.problemSet.list()
  }

  /** Files outside the watched folders that diagram definitions import. */
  extraWatchPaths(): string[] {
    return [...new Set([...this.diagramDeps.values()].flat())]
  }

  private async reloadTheme(): Promise<void> {
    try {
      // Themes and the Marp options of marp.config.ts, as the build reads them.
      this.environment = await deckEnvironment(this.config)
      this.ctx = renderContext(this.config)
      this.problemSet.delete({ kind: 'theme' })
    } catch (error) {
      // No diagram is rendered with the last palette while the theme is broken: their
      // old SVGs stay, and the problem says why nothing changes.
      this.ctx = undefined
      this.record({ kind: 'theme' }, error)
    }
  }

  /** A failure outside every stage's own handling (a full disk, a bug): shown, not fatal. */
  recordUnexpected(error: unknown): void {
    this.record({ kind: 'dev-server' }, error)
    this.publishProblems()
  }

  private async renderDiagrams(definitions: readonly DefinitionFile[]): Promise<void> {
    const ctx = this.ctx
    if (!ctx) return // the theme is broken: its problem is already shown
    for (const definition of definitions) {
      const result = await buildOne(definition, this.config, ctx, this.loader)
      if (this.closed) return
      const key: ProblemKey = { kind: 'diagram', name: definition.name }
      this.diagramDeps.set(definition.name, result.dependencies)
      if (result.error) this.record(key, result.error)
      else this.problemSet.delete(key)
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
    this.problemSet.delete({ kind: 'diagram', name })
    // Its SVGs go too (those stackdeck wrote), so a deck still showing it reports the
    // missing diagram.
    await removeDiagramFiles(this.config.diagramsOutDir, name)
  }

  /** Open pages keep the last slides and say why nothing updates any more. */
  private removeDeck(gone: DeckFile): void {
    this.views.delete(gone.name)
    const key: ProblemKey = { kind: 'deck', deck: gone.name }
    if (!this.problemSet.has(key)) {
      const file = relative(this.config.root, gone.file)
      this.problemSet.set({
        key,
        deck: gone.name,
        file,
        message: `${file} was deleted; this page updates again when the file is back`,
      })
    }
    this.deps.onEvent({ type: 'deck-removed', deck: gone.name })
  }

  private async renderDecks(names: readonly string[]): Promise<void> {
    for (const deck of this.decks.filter((d) => names.includes(d.name))) {
      const started = performance.now()
      try {
        if (!existsSync(deck.file)) continue
        if (!this.environment) continue // the theme is broken: its problem is already shown
        const view = await renderDeckView(deck, this.environment)
        this.views.set(deck.name, view)
        this.problemSet.delete({ kind: 'deck', deck: deck.name })
        this.recordWarnings(deck.name, view)
        this.deps.onEvent({ type: 'deck', view, ms: performance.now() - started })
      } catch (error) {
        this.record({ kind: 'deck', deck: deck.name }, error, deck.name)
      }
    }
  }

  /** The deck check's warnings, one problem each, replacing the deck's previous ones. */
  private recordWarnings(deck: string, view: DeckView): void {
    this.problemSet.deleteWhere((key) => key.kind === 'deck-warning' && key.deck === deck)
    view.warnings.forEach((warning, i) => {
      this.problemSet.set({
        key: { kind: 'deck-warning', deck, index: i + 1 },
        deck,
        level: 'warning',
        message: problemError(warning).message,
        file: warning.file,
        line: warning.line,
      })
    })
  }

  private record(key: ProblemKey, error: unknown, deck?: string): void {
    if (!isStackdeckError(error)) {
      // A bug, not a user mistake; still keep serving, but show the stack.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
      this.problemSet.set({ key, deck, message: `internal error: ${message}` })
      return
    }
    this.problemSet.set({
      key,
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
