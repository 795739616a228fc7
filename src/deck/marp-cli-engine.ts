/**
 * The functional engine marp-cli calls (see marp.config.ts). marp-cli hands in the Marp
 * options of its configuration (`{ lang, ...options, html }`); stackdeck builds its own
 * engine from them. marp-cli tells the engine nothing about the file it converts, so the
 * build registers its decks by content around each marp-cli run (`withDeckContexts`) and
 * the engine finds each deck's folder from the Markdown it is asked to render.
 * Plain `npx marp` runs without a registration: the project is the current folder, its
 * themes come from `themes/`, and images stay as written (Marp's own behaviour).
 */
import type { Marp, MarpOptions } from '@marp-team/marp-core'
import { resolveConfig, type ResolvedConfig } from '../config.ts'
import { diagramFolder } from '../diagrams/diagram-files.ts'
import { createMarp, type DeckContext } from './marp-engine.ts'
import { readThemesSync, type ThemeFile } from './themes.ts'

/** What every deck of a run shares: the project, its asset rule, its themes. */
export type ProjectContext = Omit<DeckContext, 'baseDir'>

/** The project context of a marp-cli run: the config's asset rule and diagrams, these themes. */
export function projectContext(
  config: ResolvedConfig,
  themes: readonly ThemeFile[],
): ProjectContext {
  return {
    root: config.root,
    allowedFolders: config.assetFolders,
    themes,
    diagrams: diagramFolder(config),
    shareAssets: true,
  }
}

/** A deck as marp-cli will read it, and the folder its relative URLs resolve against. */
export interface DeckSource {
  readonly markdown: string
  readonly baseDir: string
}

/**
 * Kept on globalThis under a registered symbol, not in a module variable: marp.config.ts
 * may import this file through another loader or path than the build does (vitest, a
 * project's own config), and two module instances must still see one value.
 */
const STATE = Symbol.for('stackdeck.marp-cli-engine.decks')
interface EngineState {
  project: ProjectContext | undefined
  /** Deck folders by Markdown content, for every marp-cli run in progress. */
  readonly decks: Map<string, { baseDir: string; users: number }>
  runs: number
}
const shared = globalThis as typeof globalThis & { [STATE]?: EngineState }
const state = (shared[STATE] ??= { project: undefined, decks: new Map(), runs: 0 })

/** marp-cli drops a byte-order mark before rendering; the lookup does too. */
const key = (markdown: string) => (markdown.charCodeAt(0) === 0xfeff ? markdown.slice(1) : markdown)

/**
 * Runs `fn` (a marp-cli run) with `decks` known to the engine. Runs may overlap (the
 * formats of a build, a dev export): each adds its decks and removes them when done.
 */
export async function withDeckContexts<T>(
  project: ProjectContext,
  decks: readonly DeckSource[],
  fn: () => Promise<T>,
): Promise<T> {
  state.project = project
  state.runs += 1
  for (const deck of decks) {
    const entry = state.decks.get(key(deck.markdown))
    if (entry) entry.users += 1
    else state.decks.set(key(deck.markdown), { baseDir: deck.baseDir, users: 1 })
  }
  try {
    return await fn()
  } finally {
    for (const deck of decks) {
      const entry = state.decks.get(key(deck.markdown))
      if (entry && --entry.users === 0) state.decks.delete(key(deck.markdown))
    }
    if (--state.runs === 0) state.project = undefined
  }
}

/** Plain `npx marp` in a project folder: its themes, its asset rule, images as written. */
function plainMarpContext(): DeckContext {
  const config = resolveConfig()
  return projectContext(config, readThemesSync(config.themesDir))
}

/**
 * An arrow function on purpose: marp-cli treats any function with a `prototype` as an
 * engine class and calls it with `new`, skipping the options it hands to plain functions.
 * Its `marp` property (a getter for marp-cli's own instance) is not enumerable, so the
 * spread keeps only the options.
 */
export const stackdeckEngine = (options: MarpOptions): Marp => {
  const context: DeckContext = state.project
    ? { ...state.project, baseDir: (markdown) => state.decks.get(key(markdown))?.baseDir }
    : plainMarpContext()
  return createMarp({ ...options }, context)
}
