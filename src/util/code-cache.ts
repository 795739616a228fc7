/**
 * Requires a large CommonJS file with V8's code cache kept on disk, the way Node 22's
 * module.enableCompileCache() does (Node 20 has none): compiling is most of what loading
 * the TypeScript compiler costs (~450 ms for its 9 MB), and a cache made after the module
 * has run holds the functions compiled since, which a cache made at load would not.
 */
import { readFileSync } from 'node:fs'
import { createRequire, Module } from 'node:module'
import { dirname } from 'node:path'
import { Script } from 'node:vm'
import { writeFileAtomic } from './atomic-write.ts'

export interface CachedModule {
  readonly exports: unknown
  /** Whether the cache was missing or rejected, so save() would write one. */
  readonly stale: boolean
  /** Writes the code cache as it is now (after use, it holds what was compiled lazily). */
  save(): Promise<void>
}

/** `require(file)` through a code cache in `cacheFile` (created or replaced by save()). */
export function requireWithCodeCache(file: string, cacheFile: string): CachedModule {
  let cachedData: Buffer | undefined
  try {
    cachedData = readFileSync(cacheFile)
  } catch {
    cachedData = undefined // none yet
  }
  const script = new Script(Module.wrap(readFileSync(file, 'utf8')), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  })
  const module = { exports: {} as unknown }
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
  return {
    exports: module.exports,
    // V8 rejects a cache from another V8 version or flags, or a damaged one: then it is rewritten.
    stale: cachedData === undefined || script.cachedDataRejected === true,
    save: () => writeFileAtomic(cacheFile, script.createCachedData()),
  }
}
