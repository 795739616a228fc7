/**
 * Compile-time rules of the definition API, checked by the compiler: `npm run typecheck`
 * fails if a line marked `@ts-expect-error` compiles (the directive is then unused) or if a
 * positive case stops compiling. tests/model/types.test.ts compiles this file too, so the
 * test suite fails the same way, and checks the messages the editor shows.
 */
import { describe, expectTypeOf, it } from 'vitest'
import {
  box,
  defineComparison,
  defineStack,
  group,
  row,
  type GroupDef,
  type LayerDef,
  type RowDef,
  type ComparisonDiagram,
  type StackDiagram,
} from '../../src/index.ts'

describe('ids', () => {
  it('infers the declared ids, nested ones included', () => {
    const diagram = defineStack({
      title: 't',
      layers: [
        { id: 'vms', columns: [{ id: 'vm', caption: 'c', layers: [{ id: 'app', label: 'a' }] }] },
        { id: 'hv', label: 'h' },
      ],
    })
    expectTypeOf(diagram).toEqualTypeOf<StackDiagram<'vms' | 'vm' | 'app' | 'hv'>>()
  })

  it('accepts declared ids in emphasis, steps and braces', () => {
    defineStack({
      title: 't',
      layers: [
        { id: 'hv', label: 'h' },
        { id: 'hw', label: 'w' },
      ],
      emphasis: 'hv',
      steps: ['hw', 'hv'],
      braces: [{ from: 'hv', to: 'hw', label: 'b' }],
    })
  })

  it('rejects an id that is not declared', () => {
    const layers = [
      { id: 'hv', label: 'h' },
      { id: 'hw', label: 'w' },
    ] as const
    // @ts-expect-error 'hx' is not a declared id
    defineStack({ title: 't', layers, emphasis: 'hx' })
    // @ts-expect-error 'hx' is not a declared id
    defineStack({ title: 't', layers, steps: ['hw', 'hx'] })
    // @ts-expect-error 'hx' is not a declared id
    defineStack({ title: 't', layers, braces: [{ from: 'hx', label: 'b' }] })
    // @ts-expect-error 'hx' is not a declared id
    defineStack({ title: 't', layers, braces: [{ from: 'hv', to: 'hx', label: 'b' }] })
  })

  it('accepts no reference at all in a diagram without ids', () => {
    // @ts-expect-error nothing declares an id
    defineStack({ title: 't', layers: [{ label: 'a' }], emphasis: 'a' })
  })

  it("takes a comparison's ids panel by panel", () => {
    const left = { caption: 'a', layers: [{ id: 'left', label: 'l' }] } as const
    const right = { caption: 'b', layers: [{ id: 'right', label: 'r' }] } as const
    const diagram = defineComparison({
      title: 't',
      panels: [left, right],
      steps: ['left', 'right'],
    })
    expectTypeOf(diagram).toEqualTypeOf<ComparisonDiagram<readonly ['left', 'right']>>()
    // @ts-expect-error 'middle' is not a declared id
    defineComparison({ title: 't', panels: [left, right], emphasis: 'middle' })
    defineComparison({
      title: 't',
      panels: [left, { ...right, braces: [{ from: 'right', label: 'x' }] }],
    })
    defineComparison({
      title: 't',
      // @ts-expect-error a brace covers items of its own panel: 'left' is the other panel's
      panels: [left, { ...right, braces: [{ from: 'left', label: 'x' }] }],
    })
  })

  it('keeps checking the other panels when one declares no id', () => {
    const plain = { caption: 'a', layers: [{ label: 'l' }] } as const
    const right = { caption: 'b', layers: [{ id: 'right', label: 'r' }] } as const
    defineComparison({ title: 't', panels: [plain, right], emphasis: 'right' })
    // @ts-expect-error 'rigth' is a typo
    defineComparison({ title: 't', panels: [plain, right], emphasis: 'rigth' })
  })

  it('takes ids from builder helpers, and none from helpers without ids', () => {
    const kernel = box({ id: 'kernel', label: 'k', tone: 'kernel' })
    const vm = (os: string) => group({ caption: 'VM', layers: [{ label: os, tone: 'guest' }] })
    expectTypeOf(kernel).toEqualTypeOf<LayerDef<'kernel'>>()
    expectTypeOf(vm('Linux')).toEqualTypeOf<GroupDef<never>>()
    const layers = [row({ columns: [vm('a'), vm('b')] }), kernel] as const
    defineStack({ title: 't', layers, emphasis: 'kernel' })
    // @ts-expect-error 'kernal' is a typo of the helper's id
    defineStack({ title: 't', layers, emphasis: 'kernal' })
  })
})

describe('shapes', () => {
  it('tells a box, a row and a group apart', () => {
    expectTypeOf<{ label: 'a'; columns: [] }>().not.toMatchTypeOf<LayerDef | RowDef | GroupDef>()
    defineStack({ title: 't', layers: [{ label: 'a' }, { columns: [{ label: 'b' }] }] })
    defineStack({ title: 't', layers: [{ caption: 'c', layers: [{ label: 'b' }] }] })
  })

  it('rejects fields that cannot go together', () => {
    // @ts-expect-error a box has no columns
    defineStack({ title: 't', layers: [{ label: 'a', columns: [{ label: 'b' }] }] })
    // @ts-expect-error a box has no caption and no layers
    defineStack({ title: 't', layers: [{ label: 'a', caption: 'c', layers: [{ label: 'b' }] }] })
    // @ts-expect-error a row has no tone
    defineStack({ title: 't', layers: [{ columns: [{ label: 'b' }], tone: 'app' }] })
    // @ts-expect-error a group has no label
    defineStack({ title: 't', layers: [{ label: 'a', layers: [{ label: 'b' }] }] })
    // @ts-expect-error a column cannot be a row
    defineStack({ title: 't', layers: [{ columns: [{ columns: [{ label: 'b' }] }] }] })
    // @ts-expect-error not a tone
    box({ label: 'a', tone: 'purple' })
  })
})

describe('helpers without as const', () => {
  it('keep literal tones through the builders, with no annotation', () => {
    const container = (app: string) =>
      group({
        caption: 'コンテナ',
        tone: 'container',
        layers: [
          { label: app, tone: 'app' },
          { label: 'ライブラリ', tone: 'container' },
        ],
      })
    const hardware = box({ label: 'ハードウェア', tone: 'hardware' })
    defineStack({ title: 't', layers: [{ columns: [container('a'), container('b')] }, hardware] })
  })

  it('keep literal tones with satisfies', () => {
    const hardware = { label: 'ハードウェア', tone: 'hardware' } satisfies LayerDef
    defineStack({ title: 't', layers: [hardware] })
  })

  it('fail without a builder, which is what the builders are for', () => {
    const plain = (app: string) => ({ label: app, tone: 'app' })
    // @ts-expect-error the tone widened to string
    defineStack({ title: 't', layers: [plain('a')] })
  })
})
