/**
 * Phase 1, widths: where each panel of the figure goes and how wide its stack is. Every
 * panel reserves the widest brace-note area, so equal roles get equal widths across panels.
 */
import { StackdeckError } from '../errors.ts'
import type { ResolvedDiagram, ResolvedPanel } from '../model/resolved.ts'
import type { TextMeasurer } from '../text/font.ts'
import { METRICS } from './metrics.ts'
import { wrapText, type WrappedText } from './wrap-text.ts'

export interface PanelFrame {
  readonly panel: ResolvedPanel
  /** Left edge of the panel. */
  readonly x: number
  /** The panel's stack, left of its brace notes. */
  readonly stackWidth: number
  /** One per brace of the panel, in order. */
  readonly braceNotes: readonly WrappedText[]
}

/** A stack narrower than this cannot hold a readable label. */
const MIN_STACK_WIDTH = 120

export function panelFrames(diagram: ResolvedDiagram, font: TextMeasurer): PanelFrame[] {
  const n = diagram.panels.length
  const inner = diagram.width - 2 * METRICS.margin
  const panelWidth = (inner - METRICS.panelGap * (n - 1)) / n
  const notes = diagram.panels.map((panel) =>
    panel.braces.map((b) =>
      wrapText(font, b.label, METRICS.braceMaxText, METRICS.brace, `${b.path}.label`),
    ),
  )
  const stackWidth = panelWidth - braceArea(notes.flat(), font)
  if (stackWidth < MIN_STACK_WIDTH) {
    throw new StackdeckError(
      'LAYOUT',
      `brace labels leave only ${Math.floor(stackWidth)} px for the stack; shorten them or widen the diagram`,
      { field: diagram.kind === 'comparison' ? 'panels' : 'braces' },
    )
  }
  return diagram.panels.map((panel, i) => ({
    panel,
    x: METRICS.margin + i * (panelWidth + METRICS.panelGap),
    stackWidth,
    braceNotes: notes[i]!,
  }))
}

/** Width right of the stack for brackets and their notes: none without braces. */
function braceArea(notes: readonly WrappedText[], font: TextMeasurer): number {
  if (notes.length === 0) return 0
  const widest = Math.max(
    0,
    ...notes.flatMap((n) => n.lines).map((s) => font.width(s, METRICS.brace)),
  )
  return METRICS.braceGap + METRICS.braceArm + METRICS.braceGap + widest
}
