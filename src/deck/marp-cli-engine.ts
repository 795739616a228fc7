/**
 * The functional engine marp-cli calls (see marp.config.ts). marp-cli hands in its own
 * Marp Core instance; stackdeck adds its plugins. The base folder for inlining images is
 * the deck being exported, set by the build around each marp-cli call: marp-cli renders
 * one file at a time and tells the engine nothing about it.
 */
import type { Marp } from '@marp-team/marp-core'
import { applyStackdeck } from './marp-engine.ts'

/**
 * Kept on globalThis under a registered symbol, not in a module variable: marp.config.ts
 * may import this file through another loader or path than the build does (vitest, a
 * project's own config), and two module instances must still see one value.
 */
const STATE = Symbol.for('stackdeck.marp-cli-engine.deck')
interface DeckState {
  baseDir: string | undefined
  /** Exports running with `baseDir` (the formats of one deck run concurrently). */
  users: number
  /** Resolves when `users` drops to 0, for exports of another deck that wait their turn. */
  idle: Promise<void>
  release: () => void
}
const shared = globalThis as typeof globalThis & { [STATE]?: DeckState }
const state = (shared[STATE] ??= {
  baseDir: undefined,
  users: 0,
  idle: Promise.resolve(),
  release: () => {},
})

/**
 * Runs `fn` with images of the deck in `baseDir` inlined by the marp-cli engine. Calls for
 * the same deck run together; a call for another deck waits until they are done, since
 * marp-cli gives the engine no other way to know which file it renders.
 */
export async function withDeckBaseDir<T>(baseDir: string, fn: () => Promise<T>): Promise<T> {
  while (state.users > 0 && state.baseDir !== baseDir) await state.idle
  if (state.users === 0) {
    state.baseDir = baseDir
    state.idle = new Promise<void>((resolve) => (state.release = resolve))
  }
  state.users += 1
  try {
    return await fn()
  } finally {
    state.users -= 1
    if (state.users === 0) {
      state.baseDir = undefined
      state.release()
    }
  }
}

/**
 * An arrow function on purpose: marp-cli treats any function with a `prototype` as an
 * engine class and calls it with `new`, skipping the Marp instance it hands to plain
 * functions.
 */
export const stackdeckEngine = ({ marp }: { marp: Marp }): Marp =>
  // Without a deck folder (plain `npx marp`), images stay as written: Marp's own behaviour.
  applyStackdeck(marp, { baseDir: state.baseDir })
