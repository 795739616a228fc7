/**
 * Phase 4, placement: positions flow down again. Each panel's stack sits on the common
 * baseline; a row's columns share the row's height and a group gives its extra height to
 * its top item, so bottom layers stay aligned. Text lines get their baselines here.
 */
import type { TextMeasurer } from '../text/font.ts'
import type { PlacedBox, Rect, TextLine } from './geometry.ts'
import type { Measured, MeasuredGroup, MeasuredLayer, MeasuredRow } from './measure.ts'
import { chromeTop } from './measure.ts'
import { METRICS, baseline, pitch, stackHeight } from './metrics.ts'

/**
 * Places the items of one panel whose left edge is `x`, bottom-aligned at `top + height`
 * (the tallest stack's height), with the heights alignment gave them. Draw order: a frame
 * or row before what it holds.
 */
export function placeStack(
  items: readonly Measured[],
  heights: readonly number[],
  x: number,
  width: number,
  top: number,
  height: number,
  font: TextMeasurer,
): PlacedBox[] {
  let y = top + height - stackHeight(heights)
  return items.flatMap((m, i) => {
    const h = heights[i]!
    const boxes = placeItem(m, { x, y, width, height: h }, font)
    y += h + METRICS.gapY
    return boxes
  })
}

function placeItem(m: Measured, rect: Rect, font: TextMeasurer): PlacedBox[] {
  switch (m.kind) {
    case 'layer':
      return [placeLayer(m, rect, font)]
    case 'row':
      return placeRow(m, rect, font)
    case 'group':
      return placeGroup(m, rect, font)
  }
}

/** Label and detail lines centred as one block in the box. */
function placeLayer(m: MeasuredLayer, rect: Rect, font: TextMeasurer): PlacedBox {
  const { x, y, width, height } = rect
  const label = m.label.lines
  const detail = m.detail?.lines ?? []
  const block = label.length * pitch(METRICS.label) + detail.length * pitch(METRICS.detail)
  let top = y + (height - block) / 2
  const lines: TextLine[] = []
  const cx = x + width / 2
  for (const [texts, size, role] of [
    [label, METRICS.label, 'label'],
    [detail, METRICS.detail, 'detail'],
  ] as const) {
    for (const text of texts) {
      lines.push({ text, x: cx, y: baseline(font, top, size), size, anchor: 'middle', role })
      top += pitch(size)
    }
  }
  return {
    kind: 'layer',
    key: m.item.key,
    path: m.item.path,
    rect,
    tone: m.item.tone,
    framed: false,
    lines,
    children: [],
  }
}

/** Columns side by side, each as tall as the row. */
function placeRow(m: MeasuredRow, rect: Rect, font: TextMeasurer): PlacedBox[] {
  const { x, y, height } = rect
  const inside = m.columns.flatMap((column) =>
    placeItem(column.measured, { x: x + column.x, y, width: column.width, height }, font),
  )
  const row: PlacedBox = {
    kind: 'row',
    key: m.item.key,
    path: m.item.path,
    rect,
    tone: 'neutral',
    framed: false,
    lines: [],
    children: inside.map((b) => b.key),
  }
  return [row, ...inside]
}

/** Caption at the top left of the frame, then the items; extra height goes to the top one. */
function placeGroup(m: MeasuredGroup, rect: Rect, font: TextMeasurer): PlacedBox[] {
  const { x, y, width, height } = rect
  const framed = m.item.caption !== undefined
  const pad = framed ? METRICS.framePad : 0
  const caption = m.caption?.lines ?? []
  const lines = caption.map((text, i): TextLine => ({
    text,
    x: x + pad + 2,
    y: baseline(font, y + METRICS.framePad / 2 + i * pitch(METRICS.caption), METRICS.caption),
    size: METRICS.caption,
    anchor: 'start',
    role: 'caption',
  }))
  const heights = m.children.map((c) => c.height)
  heights[0]! += height - m.height
  let top = y + chromeTop(caption.length)
  const inside = m.children.flatMap((child, i) => {
    const h = heights[i]!
    const boxes = placeItem(child, { x: x + pad, y: top, width: width - 2 * pad, height: h }, font)
    top += h + METRICS.gapY
    return boxes
  })
  const group: PlacedBox = {
    kind: 'group',
    key: m.item.key,
    path: m.item.path,
    rect,
    tone: m.item.tone,
    framed,
    lines,
    children: inside.map((b) => b.key),
  }
  // Frames go behind their contents, so the group is drawn before its children.
  return [group, ...inside]
}
