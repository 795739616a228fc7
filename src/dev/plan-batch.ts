/**
 * What one batch of file changes re-renders in the dev server, decided without I/O: the
 * session lists what exists now (definitions, decks), hands it in with what it knows
 * from earlier renders, and carries out the plan. Every rule about which change affects
 * what lives here, as a list of named steps.
 */
import { basename, dirname, extname } from 'node:path'
import type { ResolvedConfig } from '../config.ts'
import type { DeckFile } from '../deck/discover-decks.ts'
import { isDefinitionFile } from '../diagrams/discover.ts'
import { isInside } from '../deck/inline-asset.ts'

/** The folders the rules look at (absolute, as in the resolved config). */
export type ProjectFolders = Pick<
  ResolvedConfig,
  'slidesDir' | 'diagramsDir' | 'themesDir' | 'assetsDir' | 'diagramsOutDir'
>

export interface BatchState {
  readonly folders: ProjectFolders
  /** Names of the diagrams that have a definition now. */
  readonly definitions: readonly string[]
  /** Local files each diagram's definition imported at its last load. */
  readonly diagramDeps: ReadonlyMap<string, readonly string[]>
  /** Decks served before the batch, and the decks there are now. */
  readonly decksBefore: readonly DeckFile[]
  readonly decks: readonly DeckFile[]
  /** Diagrams each deck showed at its last good render; a deck with none is absent. */
  readonly deckDiagrams: ReadonlyMap<string, readonly string[]>
  /** Decks whose last render failed (an error, not a warning): tried again on any change. */
  readonly failedDecks: ReadonlySet<string>
}

export interface BatchPlan {
  /** Themes (and the diagram palette) are read again: a theme file changed. */
  readonly reloadTheme: boolean
  /** Diagrams to load and render, in name order. */
  readonly renderDiagrams: readonly string[]
  /** Diagrams whose definition is gone: their SVGs and problems go too. */
  readonly forgetDiagrams: readonly string[]
  /** Decks no longer there. */
  readonly removedDecks: readonly DeckFile[]
  /** Decks to render again, in deck order. */
  readonly renderDecks: readonly string[]
}

/** `changes` are absolute paths that were added, changed or deleted. */
export function planBatch(changes: readonly string[], state: BatchState): BatchPlan {
  const { folders } = state
  const reloadTheme = changes.some((p) => isThemeFile(p, folders))
  const named = diagramsNamedBy(changes, state)
  const existing = new Set(state.definitions)
  const renderDiagrams = reloadTheme
    ? [...state.definitions]
    : state.definitions.filter((name) => named.has(name))
  const forgetDiagrams = [...named].filter((name) => !existing.has(name)).sort()
  const live = new Set(state.decks.map((d) => d.name))
  const removedDecks = state.decksBefore.filter((d) => !live.has(d.name))
  const touched = new Set([...renderDiagrams, ...named])
  const everyDeck = reloadTheme || changes.some((p) => isDeckAsset(p, folders))
  const renderDecks = state.decks
    .filter(
      (deck) =>
        everyDeck ||
        changes.includes(deck.file) ||
        needsRender(deck.name, state) ||
        (state.deckDiagrams.get(deck.name) ?? []).some((d) => touched.has(d)),
    )
    .map((d) => d.name)
  return { reloadTheme, renderDiagrams, forgetDiagrams, removedDecks, renderDecks }
}

function isThemeFile(path: string, folders: ProjectFolders): boolean {
  return isInside(folders.themesDir, path) && extname(path) === '.css'
}

/**
 * Diagrams a change concerns: a definition file in the definitions folder (added,
 * changed or deleted), or a local module a definition imported.
 */
function diagramsNamedBy(changes: readonly string[], state: BatchState): Set<string> {
  const names = new Set<string>()
  for (const path of changes) {
    if (dirname(path) === state.folders.diagramsDir && isDefinitionFile(path))
      names.add(basename(path, extname(path)))
    for (const [name, files] of state.diagramDeps) if (files.includes(path)) names.add(name)
  }
  return names
}

/**
 * A file a deck could show: anything in the assets folder but the generated diagrams, or
 * a non-Markdown file beside the decks (slides/images/…).
 */
function isDeckAsset(path: string, folders: ProjectFolders): boolean {
  if (isInside(folders.diagramsOutDir, path)) return false
  if (isInside(folders.assetsDir, path)) return true
  return (
    isInside(folders.slidesDir, path) &&
    !isInside(folders.diagramsDir, path) &&
    extname(path) !== '.md'
  )
}

/** A deck with no good render yet, or whose last one failed, is tried on every batch. */
function needsRender(deck: string, state: BatchState): boolean {
  return !state.deckDiagrams.has(deck) || state.failedDecks.has(deck)
}
