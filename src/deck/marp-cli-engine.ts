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
const BASE_DIR = Symbol.for('stackdeck.marp-cli-engine.baseDir')
const shared = globalThis as typeof globalThis & { [BASE_DIR]?: string | undefined }

/** Runs `fn` with images of the deck in `baseDir` inlined by the marp-cli engine. */
export async function withDeckBaseDir<T>(baseDir: string, fn: () => Promise<T>): Promise<T> {
  const previous = shared[BASE_DIR]
  shared[BASE_DIR] = baseDir
  try {
    return await fn()
  } finally {
    shared[BASE_DIR] = previous
  }
}

/**
 * An arrow function on purpose: marp-cli treats any function with a `prototype` as an
 * engine class and calls it with `new`, skipping the Marp instance it hands to plain
 * functions.
 */
export const stackdeckEngine = ({ marp }: { marp: Marp }): Marp =>
  // Without a deck folder (plain `npx marp`), images stay as written: Marp's own behaviour.
  applyStackdeck(marp, { baseDir: shared[BASE_DIR] })
