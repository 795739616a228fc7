/**
 * Phase 2, measuring: widths flow down (a row splits its width among its columns by
 * weight), text is wrapped to those widths, and heights flow up (a box is as tall as its
 * lines, a row as tall as its tallest column, a group as its items and caption).
 */
import type { ResolvedGroup, ResolvedItem, ResolvedLayer, ResolvedRow } from '../model/resolved.ts'
import type { TextMeasurer } from '../text/font.ts'
import { METRICS, pitch, stackHeight } from './metrics.ts'
import { wrapText, type WrappedText } from './wrap-text.ts'

export type Measured = MeasuredLayer | MeasuredRow | MeasuredGroup

export interface MeasuredLayer {
  readonly kind: 'layer'
  readonly item: ResolvedLayer
  readonly label: WrappedText
  readonly detail: WrappedText | undefined
  readonly height: number
}
export interface MeasuredRow {
  readonly kind: 'row'
  readonly item: ResolvedRow
  /** `x` from the row's left edge. */
  readonly columns: readonly {
    readonly measured: Measured
    readonly x: number
    readonly width: number
  }[]
  readonly height: number
}
export interface MeasuredGroup {
  readonly kind: 'group'
  readonly item: ResolvedGroup
  readonly caption: WrappedText | undefined
  readonly children: readonly Measured[]
  readonly height: number
}

export interface MeasuredStack {
  /** The stack's items, top to bottom. */
  readonly items: readonly Measured[]
  /** Every text field wrapped on the way, in order. */
  readonly texts: readonly WrappedText[]
}

/** Measures a panel's items at the stack's width. */
export function measureStack(
  items: readonly ResolvedItem[],
  width: number,
  font: TextMeasurer,
): MeasuredStack {
  const texts: WrappedText[] = []
  const wrap = (text: string, room: number, size: number, field: string): WrappedText => {
    const wrapped = wrapText(font, text, room, size, field)
    texts.push(wrapped)
    return wrapped
  }

  const measure = (item: ResolvedItem, w: number): Measured => {
    switch (item.kind) {
      case 'layer':
        return measureLayer(item, w)
      case 'row':
        return measureRow(item, w)
      case 'group':
        return measureGroup(item, w)
    }
  }

  const measureLayer = (item: ResolvedLayer, w: number): MeasuredLayer => {
    const inner = w - 2 * METRICS.boxPadX
    const label = wrap(item.label, inner, METRICS.label, `${item.path}.label`)
    const detail =
      item.detail === undefined
        ? undefined
        : wrap(item.detail, inner, METRICS.detail, `${item.path}.detail`)
    const height =
      2 * METRICS.boxPadY +
      label.lines.length * pitch(METRICS.label) +
      (detail?.lines.length ?? 0) * pitch(METRICS.detail)
    return { kind: 'layer', item, label, detail, height }
  }

  const measureRow = (item: ResolvedRow, w: number): MeasuredRow => {
    const total = item.columns.reduce((sum, c) => sum + c.weight, 0)
    const free = w - METRICS.gapX * (item.columns.length - 1)
    let x = 0
    const columns = item.columns.map((column) => {
      const cw = (free * column.weight) / total
      const placed = { measured: measure(column, cw), x, width: cw }
      x += cw + METRICS.gapX
      return placed
    })
    return {
      kind: 'row',
      item,
      columns,
      height: Math.max(...columns.map((c) => c.measured.height)),
    }
  }

  const measureGroup = (item: ResolvedGroup, w: number): MeasuredGroup => {
    const pad = item.caption === undefined ? 0 : METRICS.framePad
    const inner = w - 2 * pad
    const caption =
      item.caption === undefined
        ? undefined
        : wrap(item.caption, inner - 4, METRICS.caption, `${item.path}.caption`)
    const children = item.items.map((child) => measure(child, inner))
    const height =
      groupChrome(caption?.lines.length ?? 0) + stackHeight(children.map((c) => c.height))
    return { kind: 'group', item, caption, children, height }
  }

  return { items: items.map((item) => measure(item, width)), texts }
}

/** Space between a framed group's top edge and its first child: the caption. */
export function chromeTop(captionLines: number): number {
  if (captionLines === 0) return 0
  return METRICS.framePad / 2 + captionLines * pitch(METRICS.caption) + METRICS.captionGap
}

/** Height a group adds around its children (none when unframed). */
function groupChrome(captionLines: number): number {
  return captionLines === 0 ? 0 : chromeTop(captionLines) + METRICS.framePad
}
