/**
 * The dev server's problems, keyed by what failed: a key equal by value replaces the
 * problem, and a deck's warnings go together.
 */
import { describe, expect, it } from 'vitest'
import { ProblemSet } from '../../src/dev/problems.ts'

describe('ProblemSet', () => {
  it('keeps one problem per key, compared by value, in the order they arose', () => {
    const problems = new ProblemSet()
    problems.set({ key: { kind: 'diagram', name: 'type1' }, message: 'first' })
    problems.set({ key: { kind: 'theme' }, message: 'theme' })
    problems.set({ key: { kind: 'diagram', name: 'type1' }, message: 'again' })
    // Same words, other kind: not the same problem.
    problems.set({ key: { kind: 'deck', deck: 'type1' }, message: 'deck', deck: 'type1' })
    expect(problems.list().map((p) => p.message)).toEqual(['again', 'theme', 'deck'])
    expect(problems.has({ kind: 'deck', deck: 'type1' })).toBe(true)
    problems.delete({ kind: 'diagram', name: 'type1' })
    expect(problems.has({ kind: 'diagram', name: 'type1' })).toBe(false)
  })

  it("removes one deck's warnings and leaves the others'", () => {
    const problems = new ProblemSet()
    for (const deck of ['a', 'b'])
      for (const index of [1, 2])
        problems.set({ key: { kind: 'deck-warning', deck, index }, message: `${deck}${index}` })
    problems.deleteWhere((key) => key.kind === 'deck-warning' && key.deck === 'a')
    expect(problems.list().map((p) => p.message)).toEqual(['b1', 'b2'])
  })
})
