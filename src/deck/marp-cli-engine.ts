/**
 * The functional engine marp-cli calls (see marp.config.ts). marp-cli hands in the Marp
 * options of its configuration (`{ lang, ...options, html }`); stackdeck builds its own
 * engine from them. marp-cli tells the engine nothing about the file it converts, so the
 * build sets the deck context (folder, project, themes) around each marp-cli call.
 * Plain `npx marp` runs without one: the project is the current folder, its themes come
 * from `themes/`, and images stay as written (Marp's own behaviour).
 */
import type { Marp, MarpOptions } from '@marp-team/marp-core'
import { resolveConfig } from '../config.ts'
import { createMarp, type DeckContext } from './marp-engine.ts'
import { readThemesSync } from './themes.ts'

/**
 * Kept on globalThis under a registered symbol, not in a module variable: marp.config.ts
 * may import this file through another loader or path than the build does (vitest, a
 * project's own config), and two module instances must still see one value.
 */
const STATE = Symbol.for('stackdeck.marp-cli-engine.deck')
interface DeckState {
  context: DeckContext | undefined
  /** Identifies the deck of `context`: exports of one deck share it. */
  key: string | undefined
  /** Exports running with `context` (the formats of one deck run concurrently). */
  users: number
  /** Resolves when `users` drops to 0, for exports of another deck that wait their turn. */
  idle: Promise<void>
  release: () => void
}
const shared = globalThis as typeof globalThis & { [STATE]?: DeckState }
const state = (shared[STATE] ??= {
  context: undefined,
  key: undefined,
  users: 0,
  idle: Promise.resolve(),
  release: () => {},
})

/**
 * Runs `fn` with marp-cli's engine rendering in `context`. Calls with the same `key` run
 * together; a call for another deck waits until they are done, since marp-cli gives the
 * engine no other way to know which file it renders.
 */
export async function withDeckContext<T>(
  key: string,
  context: DeckContext,
  fn: () => Promise<T>,
): Promise<T> {
  while (state.users > 0 && state.key !== key) await state.idle
  if (state.users === 0) {
    state.key = key
    state.context = context
    state.idle = new Promise<void>((resolve) => (state.release = resolve))
  }
  state.users += 1
  try {
    return await fn()
  } finally {
    state.users -= 1
    if (state.users === 0) {
      state.key = undefined
      state.context = undefined
      state.release()
    }
  }
}

/** Plain `npx marp` in a project folder: its themes, its asset rule, images as written. */
function plainMarpContext(): DeckContext {
  const config = resolveConfig()
  return {
    root: config.root,
    allowedFolders: config.assetFolders,
    themes: readThemesSync(config.themesDir),
    shareAssets: true,
  }
}

/**
 * An arrow function on purpose: marp-cli treats any function with a `prototype` as an
 * engine class and calls it with `new`, skipping the options it hands to plain functions.
 * Its `marp` property (a getter for marp-cli's own instance) is not enumerable, so the
 * spread keeps only the options.
 */
export const stackdeckEngine = (options: MarpOptions): Marp => {
  const context = state.context ?? plainMarpContext()
  return createMarp({ ...options }, context)
}
