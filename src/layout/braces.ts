/**
 * Phase 5, braces: a bracket right of the layers it covers, its note centred on it but
 * never above the figure's top. Braces beside one stack must not overlap.
 */
import { StackdeckError } from '../errors.ts'
import type { TextMeasurer } from '../text/font.ts'
import type { PanelFrame } from './frames.ts'
import type { PlacedBox, PlacedBrace, TextLine } from './geometry.ts'
import { METRICS, baseline, pitch } from './metrics.ts'

export interface PlacedBraces {
  readonly braces: readonly PlacedBrace[]
  /** Lowest note bottom (0 without braces): a note may reach below the stacks. */
  readonly bottom: number
}

/** Places one panel's braces beside its placed boxes; `top` is the figure's top edge. */
export function placeBraces(
  frame: PanelFrame,
  boxes: readonly PlacedBox[],
  top: number,
  font: TextMeasurer,
): PlacedBraces {
  const braces: PlacedBrace[] = []
  const extents: { top: number; bottom: number; path: string }[] = []
  let bottom = 0
  frame.panel.braces.forEach((brace, bi) => {
    const from = boxes.find((b) => b.key === brace.from)!
    const to = boxes.find((b) => b.key === brace.to)!
    const upper = Math.min(from.rect.y, to.rect.y)
    const lower = Math.max(from.rect.y + from.rect.height, to.rect.y + to.rect.height)
    const x = frame.x + frame.stackWidth + METRICS.braceGap + METRICS.braceArm
    const texts = frame.braceNotes[bi]!.lines
    const block = texts.length * pitch(METRICS.brace)
    // Centred on the bracket, but never above the figure's top edge.
    const blockTop = Math.max(top, (upper + lower) / 2 - block / 2)
    const extent = { top: Math.min(upper, blockTop), bottom: Math.max(lower, blockTop + block) }
    const clash = extents.find((other) => extent.top < other.bottom && other.top < extent.bottom)
    if (clash) {
      throw new StackdeckError(
        'LAYOUT',
        `this brace overlaps ${clash.path} (the layers they cover or their notes); braces beside one stack must cover separate layers and leave room for their notes`,
        { field: brace.path },
      )
    }
    extents.push({ ...extent, path: brace.path })
    bottom = Math.max(bottom, blockTop + block)
    const lines = texts.map((text, li): TextLine => ({
      text,
      x: x + METRICS.braceGap,
      y: baseline(font, blockTop + li * pitch(METRICS.brace), METRICS.brace),
      size: METRICS.brace,
      anchor: 'start',
      role: 'brace',
    }))
    braces.push({ path: brace.path, x, top: upper, bottom: lower, lines })
  })
  return { braces, bottom }
}
