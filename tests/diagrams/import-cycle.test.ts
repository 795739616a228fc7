import { describe, expect, it } from 'vitest'
import { cycleThrough, thrownIn } from '../../src/diagrams/import-cycle.ts'

const graph = new Map<string, string[]>([
  ['/d/def.ts', ['/d/_a.ts', '/d/_x.ts']],
  ['/d/_a.ts', ['/d/_b.ts']],
  ['/d/_b.ts', ['/d/_c.ts', '/d/_x.ts']],
  ['/d/_c.ts', ['/d/_a.ts']],
  ['/d/_x.ts', []],
])

describe('cycleThrough', () => {
  it('returns the cycle through a file, starting where the definition entered it', () => {
    // _c.ts threw; the definition reached the cycle through _a.ts.
    expect(cycleThrough(graph, '/d/_c.ts', '/d/def.ts')).toEqual([
      '/d/_a.ts',
      '/d/_b.ts',
      '/d/_c.ts',
      '/d/_a.ts',
    ])
  })

  it('returns undefined for a file in no cycle', () => {
    expect(cycleThrough(graph, '/d/_x.ts', '/d/def.ts')).toBeUndefined()
  })
})

describe('thrownIn', () => {
  const error = new ReferenceError("Cannot access 'a' before initialization")
  it('finds the first frame in one of the files, as a path or a tsx file URL', () => {
    error.stack = `ReferenceError: Cannot access 'a' before initialization\n    at <anonymous> (/d/_b.ts:2:27)\n    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)`
    expect(thrownIn(error, ['/d/_a.ts', '/d/_b.ts'])).toBe('/d/_b.ts')
    error.stack = `ReferenceError: x\n    at file:///d/_c.ts?tsx-namespace=1234:3:1\n    at file:///d/_a.ts?tsx-namespace=1234:1:1`
    expect(thrownIn(error, ['/d/_a.ts', '/d/_c.ts'])).toBe('/d/_c.ts')
    expect(thrownIn(error, ['/d/elsewhere.ts'])).toBeUndefined()
  })
})
