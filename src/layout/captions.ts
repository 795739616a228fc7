/**
 * Phase 6, panel captions: a comparison's captions under its panels, on one row as tall as
 * the longest caption.
 */
import type { TextMeasurer } from '../text/font.ts'
import type { PanelFrame } from './frames.ts'
import type { TextLine } from './geometry.ts'
import { METRICS, baseline, pitch } from './metrics.ts'
import { wrapText, type WrappedText } from './wrap-text.ts'

export interface PlacedCaptions {
  readonly lines: readonly TextLine[]
  /** Bottom of the caption row; `top` when no panel has a caption. */
  readonly bottom: number
  readonly texts: readonly WrappedText[]
}

/** Captions under the stacks, whose bottom is `top`. */
export function placeCaptions(
  frames: readonly PanelFrame[],
  top: number,
  font: TextMeasurer,
): PlacedCaptions {
  const wrapped = frames.map(({ panel, stackWidth }) =>
    panel.caption === undefined
      ? undefined
      : wrapText(font, panel.caption, stackWidth, METRICS.panel, `${panel.path}.caption`),
  )
  const texts = wrapped.filter((w): w is WrappedText => w !== undefined)
  const rows = Math.max(0, ...texts.map((w) => w.lines.length))
  if (rows === 0) return { lines: [], bottom: top, texts }
  const captionTop = top + METRICS.panelCaptionGap
  const lines = frames.flatMap((frame, i) =>
    (wrapped[i]?.lines ?? []).map((text, li): TextLine => ({
      text,
      x: frame.x + frame.stackWidth / 2,
      y: baseline(font, captionTop + li * pitch(METRICS.panel), METRICS.panel),
      size: METRICS.panel,
      anchor: 'middle',
      role: 'panel',
    })),
  )
  return { lines, bottom: captionTop + rows * pitch(METRICS.panel), texts }
}
