/** Sizes every layout phase shares, in CSS px at a 1280×720 slide. */
import type { TextMeasurer } from '../text/font.ts'

/** No text is smaller than 18 px, the readable minimum. */
export const METRICS = {
  label: 22,
  detail: 18,
  caption: 18,
  brace: 18,
  panel: 22,
  /** Line pitch per px of font size; Noto Sans JP's ascent + descent is 1.448 em. */
  lineHeight: 1.45,
  boxPadX: 12,
  boxPadY: 8,
  framePad: 8,
  captionGap: 4,
  gapY: 6,
  gapX: 8,
  panelGap: 36,
  panelCaptionGap: 10,
  braceArm: 10,
  braceGap: 8,
  braceMaxText: 200,
  /** Room at the figure's edge for strokes and the emphasis outline (drawn 2 px outside a box). */
  margin: 6,
} as const

/** Height of one line of text at `size`. */
export const pitch = (size: number): number => size * METRICS.lineHeight

/** Baseline that centres the font's content box in a line of `size * lineHeight`. */
export function baseline(font: TextMeasurer, lineTop: number, size: number): number {
  return lineTop + (pitch(size) - font.contentHeight * size) / 2 + font.ascent * size
}

/** Height of items stacked with the vertical gap between them. */
export function stackHeight(heights: readonly number[]): number {
  return heights.reduce((sum, h) => sum + h, 0) + METRICS.gapY * Math.max(0, heights.length - 1)
}
