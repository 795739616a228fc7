import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { requireWithCodeCache } from '../../src/util/code-cache.ts'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-code-cache-'))
  await writeFile(
    join(dir, 'lib.cjs'),
    `const { basename } = require('node:path')\nmodule.exports = { name: basename(__filename), twice: (n) => n * 2 }\n`,
  )
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('requireWithCodeCache', () => {
  it('loads a CommonJS module with its own require and __filename', () => {
    const loaded = requireWithCodeCache(join(dir, 'lib.cjs'), join(dir, 'lib.v8cache'))
    const exports = loaded.exports as { name: string; twice: (n: number) => number }
    expect([exports.name, exports.twice(21)]).toEqual(['lib.cjs', 42])
  })

  it('is stale without a cache, writes one on save, and takes it the next time', async () => {
    const cache = join(dir, 'lib.v8cache')
    const first = requireWithCodeCache(join(dir, 'lib.cjs'), cache)
    expect(first.stale).toBe(true)
    await first.save()
    expect((await readFile(cache)).length).toBeGreaterThan(0)
    expect(requireWithCodeCache(join(dir, 'lib.cjs'), cache).stale).toBe(false)
  })

  it('loads all the same when the cache is damaged, and says it is stale', async () => {
    const cache = join(dir, 'lib.v8cache')
    await writeFile(cache, 'not a code cache')
    const loaded = requireWithCodeCache(join(dir, 'lib.cjs'), cache)
    expect(loaded.stale).toBe(true)
    expect((loaded.exports as { twice: (n: number) => number }).twice(2)).toBe(4)
  })
})
