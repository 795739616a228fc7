/**
 * Bounds that keep a diagram readable on a 16:9 slide. Validation enforces the structural
 * ones; layout enforces the ones that depend on measured text.
 */
export const LIMITS = {
  /** Longer labels cannot fit a box at a readable size; split the idea instead. */
  labelChars: 60,
  detailChars: 80,
  braceChars: 24,
  titleChars: 200,
  /** Rows inside groups inside rows… past this a figure is unreadable. */
  nestingDepth: 4,
  columnsPerRow: 8,
  itemsPerStack: 14,
  panels: { min: 2, max: 4 },
  weight: { min: 0.25, max: 8 },
  width: { min: 320, max: 1160 },
  /** Height a 16:9 slide at 1280×720 leaves under a heading. */
  maxHeight: 560,
  idPattern: /^[A-Za-z][A-Za-z0-9_-]{0,39}$/,
} as const

export const DEFAULT_WIDTH = { stack: 960, comparison: 1120 } as const
