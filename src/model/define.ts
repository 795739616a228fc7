import type {
  ComparisonDef,
  ComparisonDiagram,
  GroupDef,
  LayerDef,
  RowDef,
  StackDef,
  StackDiagram,
} from './types.ts'

/*
 * Each function infers `Id`, the union of the ids its argument declares (`const`, so they
 * stay literal), and the fields that refer to ids take `NoInfer<Id>`: a typo in `emphasis`,
 * `steps` or a brace is a compile error that lists the declared ids, instead of widening
 * `Id`. With no ids declared, `Id` is `never`: nothing can be referred to. The builders
 * return their argument unchanged; they exist so helpers need no annotations or `as const`.
 */

/**
 * Declares a stack diagram. The argument is checked by the compiler here (ids, which fields
 * go together, tones) and validated again when the file is rendered (for what types cannot
 * say: blank labels, duplicate ids, sizes).
 *
 * @example
 * export default defineStack({
 *   title: 'ハイパーバイザ型仮想化',
 *   layers: [
 *     { columns: [{ caption: '仮想マシン', layers: [{ label: 'アプリ' }, { label: 'ゲストOS' }] }] },
 *     { id: 'hv', label: 'ハイパーバイザ', tone: 'hypervisor' },
 *     { id: 'hw', label: 'ハードウェア', tone: 'hardware' },
 *   ],
 *   steps: ['hw', 'hv'], // 'hx' would not compile: Type '"hx"' is not assignable to type '"hv" | "hw"'
 * })
 */
export function defineStack<const Id extends string = never>(def: StackDef<Id>): StackDiagram<Id> {
  return { ...def, kind: 'stack' }
}

/**
 * Declares a comparison figure: two to four stacks side by side on one baseline. It infers
 * each panel's ids: a panel's braces accept only that panel's ids (a brace covers items of
 * its own panel), `emphasis` and `steps` the ids of any panel.
 */
export function defineComparison<const Ids extends readonly unknown[]>(
  def: ComparisonDef<Ids>,
): ComparisonDiagram<Ids> {
  return { ...def, kind: 'comparison' }
}

/**
 * A box, for helpers: `const hw = box({ label: 'ハードウェア', tone: 'hardware' })` keeps the
 * tone's literal type and the id (if any), so the helper needs no annotation or `as const`.
 * Returns its argument.
 */
export function box<const Id extends string = never>(def: LayerDef<Id>): LayerDef<Id> {
  return def
}

/** A row of side-by-side columns, for helpers (see `box`). Returns its argument. */
export function row<const Id extends string = never>(def: RowDef<Id>): RowDef<Id> {
  return def
}

/**
 * A group (a VM, a container), for helpers: `const vm = (os: string) => group({ caption:
 * '仮想マシン', layers: [{ label: 'アプリ', tone: 'app' }, { label: os, tone: 'guest' }] })`.
 * Returns its argument.
 */
export function group<const Id extends string = never>(def: GroupDef<Id>): GroupDef<Id> {
  return def
}
