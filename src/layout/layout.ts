/**
 * Layout: sizes every box from measured text and places it. Pure: the font measurer is
 * passed in, no SVG is produced here. One phase per module, each returning plain data:
 *
 *   frames (widths) → measure (wrap text, heights up) → align (shared baselines) →
 *   place (positions down) → braces → captions → height limit
 */
import { StackdeckError } from '../errors.ts'
import { LIMITS } from '../model/limits.ts'
import type { ResolvedDiagram } from '../model/resolved.ts'
import type { TextMeasurer } from '../text/font.ts'
import { alignStacks } from './align.ts'
import { placeBraces } from './braces.ts'
import { placeCaptions } from './captions.ts'
import { panelFrames } from './frames.ts'
import type { DiagramLayout, PlacedBox, PlacedBrace, TextLine } from './geometry.ts'
import { measureStack } from './measure.ts'
import { METRICS } from './metrics.ts'
import { placeStack } from './place.ts'
import { wrapWarnings } from './wrap-text.ts'

export { METRICS } from './metrics.ts'

/** Lays out a validated diagram. Throws a LAYOUT StackdeckError when text cannot fit. */
export function layoutDiagram(diagram: ResolvedDiagram, font: TextMeasurer): DiagramLayout {
  const top = METRICS.margin
  const frames = panelFrames(diagram, font)
  const stacks = frames.map((f) => measureStack(f.panel.items, f.stackWidth, font))
  const heights = alignStacks(stacks.map((s) => s.items))
  const panels = frames.map((frame, i) => {
    const boxes = placeStack(
      stacks[i]!.items,
      heights.items[i]!,
      frame.x,
      frame.stackWidth,
      top,
      heights.stacks,
      font,
    )
    return { boxes, ...placeBraces(frame, boxes, top, font) }
  })
  const captions = placeCaptions(frames, top + heights.stacks, font)
  // A brace note taller than what it braces may reach below the stacks (never into the
  // captions: it stands to the right of them).
  const notesBottom = Math.max(0, ...panels.map((p) => p.bottom))
  const height = Math.ceil(Math.max(captions.bottom, notesBottom) + METRICS.margin)
  checkHeight(diagram, height)

  const boxes = panels.flatMap((p) => p.boxes)
  const braces = panels.flatMap((p) => p.braces)
  const texts = [
    ...frames.flatMap((f) => f.braceNotes),
    ...stacks.flatMap((s) => s.texts),
    ...captions.texts,
  ]
  return {
    width: diagram.width,
    height,
    boxes,
    braces,
    captions: captions.lines,
    text: drawnText(boxes, braces, captions.lines),
    warnings: wrapWarnings(texts, font),
  }
}

function checkHeight(diagram: ResolvedDiagram, height: number): void {
  if (height <= LIMITS.maxHeight) return
  throw new StackdeckError(
    'LAYOUT',
    `the diagram is ${height} px tall at a readable text size, more than the ${LIMITS.maxHeight} px a 16:9 slide has under its heading; shorten labels, widen it, or split it into two diagrams`,
    { field: diagram.kind === 'comparison' ? 'panels' : 'layers' },
  )
}

/** Every string drawn, taken from the placed lines themselves: the font subset needs exactly these. */
function drawnText(
  boxes: readonly PlacedBox[],
  braces: readonly PlacedBrace[],
  captions: readonly TextLine[],
): string {
  const lines = [...boxes.flatMap((b) => b.lines), ...braces.flatMap((b) => b.lines), ...captions]
  return lines.map((l) => l.text).join('')
}
