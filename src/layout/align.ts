/**
 * Phase 3, alignment: the height of every top-level item of every panel. Panels of a
 * comparison stand on one baseline, and the bottom layers they share get one height.
 */
import type { Measured } from './measure.ts'
import { stackHeight } from './metrics.ts'

export interface StackHeights {
  /** Per panel, the height of each of its items, top to bottom. */
  readonly items: readonly (readonly number[])[]
  /** The tallest panel: where every panel's bottom is. */
  readonly stacks: number
}

export function alignStacks(stacks: readonly (readonly Measured[])[]): StackHeights {
  const levels = sharedLevelHeights(stacks)
  const items = stacks.map((items) => items.map((m, i) => levels[items.length - 1 - i] ?? m.height))
  return { items, stacks: Math.max(...items.map(stackHeight)) }
}

/**
 * Heights of the levels, counted from the bottom, that all panels share: while every panel
 * has a plain layer with the same label at a level (ハードウェア, ホストOS), those layers get
 * one height so they sit on one baseline. Above the first difference, heights are natural,
 * so a panel's layer is never stretched to match an unrelated one.
 */
function sharedLevelHeights(stacks: readonly (readonly Measured[])[]): number[] {
  const heights: number[] = []
  if (stacks.length < 2) return heights
  for (let k = 0; ; k++) {
    const atLevel = stacks.map((items) => items[items.length - 1 - k])
    const labels = atLevel.map((m) => (m?.kind === 'layer' ? m.item.label : undefined))
    if (labels[0] === undefined || labels.some((label) => label !== labels[0])) return heights
    heights.push(Math.max(...atLevel.map((m) => m!.height)))
  }
}
