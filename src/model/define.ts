import type { ComparisonDef, ComparisonDiagram, StackDef, StackDiagram } from './types.ts'

/**
 * Declares a stack diagram. The argument is checked by the compiler here and validated
 * again when the file is rendered (for what types cannot say: blank labels, duplicate ids).
 *
 * @example
 * export default defineStack({
 *   title: 'ハイパーバイザ型仮想化',
 *   layers: [
 *     { columns: [{ caption: '仮想マシン', layers: [{ label: 'アプリ' }, { label: 'ゲストOS' }] }] },
 *     { id: 'hv', label: 'ハイパーバイザ', tone: 'hypervisor' },
 *     { label: 'ハードウェア', tone: 'hardware' },
 *   ],
 * })
 */
export function defineStack(def: StackDef): StackDiagram {
  return { ...def, kind: 'stack' }
}

/** Declares a comparison figure: two to four stacks side by side on one baseline. */
export function defineComparison(def: ComparisonDef): ComparisonDiagram {
  return { ...def, kind: 'comparison' }
}
