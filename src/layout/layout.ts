/**
 * Layout: sizes every box from measured text and places it. Pure: the font measurer is
 * passed in, no SVG is produced here.
 *
 * Widths flow down (a row splits its width among columns by weight), heights flow up (a
 * box is as tall as its wrapped text, a row as tall as its tallest column), then
 * positions flow down again, stretching boxes so that a row's columns share one height.
 */
import { StackdeckError } from '../errors.ts'
import { LIMITS } from '../model/limits.ts'
import type {
  ResolvedDiagram,
  ResolvedGroup,
  ResolvedItem,
  ResolvedLayer,
  ResolvedPanel,
  ResolvedRow,
} from '../model/resolved.ts'
import type { TextMeasurer } from '../text/font.ts'
import { breakLines } from '../text/line-break.ts'
import type { DiagramLayout, PlacedBox, PlacedBrace, TextLine } from './geometry.ts'

/** Sizes in CSS px at a 1280×720 slide; no text is smaller than 18 px, the readable minimum. */
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

type Measured = MeasuredLayer | MeasuredRow | MeasuredGroup

interface MeasuredLayer {
  readonly item: ResolvedLayer
  readonly label: readonly string[]
  readonly detail: readonly string[]
  readonly height: number
}
interface MeasuredRow {
  readonly item: ResolvedRow
  readonly columns: readonly {
    readonly measured: Measured
    readonly x: number
    readonly width: number
  }[]
  readonly height: number
}
interface MeasuredGroup {
  readonly item: ResolvedGroup
  readonly caption: readonly string[]
  readonly children: readonly Measured[]
  readonly height: number
}

const pitch = (size: number) => size * METRICS.lineHeight

class Layouter {
  readonly boxes: PlacedBox[] = []
  readonly strings: string[] = []

  constructor(private readonly font: TextMeasurer) {}

  wrap(text: string, width: number, size: number, field: string): readonly string[] {
    this.checkGlyphs(text, field)
    // Room for two characters at least, or the columns are simply too narrow to say more.
    if (width < 2 * size) {
      throw new StackdeckError(
        'LAYOUT',
        `this box is too narrow for text (${Math.max(0, Math.floor(width))} px inside): use fewer columns or less nesting, give the column more weight, or widen the diagram`,
        { field },
      )
    }
    const result = breakLines(text, width, (s) => this.font.width(s, size))
    if (!result.ok) {
      throw new StackdeckError(
        'LAYOUT',
        `'${result.tooWide}' is ${Math.ceil(this.font.width(result.tooWide, size))} px wide at ${size} px but the box leaves ${Math.floor(width)} px; shorten it, add a space or \\n where it may break, or give the column more weight or the diagram more width`,
        { field },
      )
    }
    if (result.lines.length > 4) {
      throw new StackdeckError(
        'LAYOUT',
        `text needs ${result.lines.length} lines in a ${Math.floor(width)} px box (at most 4 stay readable); shorten it or give the column more room`,
        { field },
      )
    }
    return result.lines
  }

  /**
   * Every drawn character must be in the embedded font: a viewer would otherwise draw it
   * with a font of its own (or not at all, as Chromium does with emoji in an SVG image),
   * and the box was sized for a width nobody draws.
   */
  private checkGlyphs(text: string, field: string): void {
    for (const ch of text) {
      if (/[\s\p{M}\p{Cf}]/u.test(ch) || this.font.covers(ch.codePointAt(0)!)) continue
      const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
      const emoji = /\p{Extended_Pictographic}/u.test(ch)
      throw new StackdeckError(
        'LAYOUT',
        `'${ch}' (${code}) cannot be drawn: the bundled font has no glyph for it${emoji ? ' (diagrams draw no emoji; put it on the slide, where emoji are drawn)' : '; use a character the font has (e.g. × for ✕)'}`,
        { field },
      )
    }
  }

  measure(item: ResolvedItem, width: number): Measured {
    switch (item.kind) {
      case 'layer':
        return this.measureLayer(item, width)
      case 'row':
        return this.measureRow(item, width)
      case 'group':
        return this.measureGroup(item, width)
    }
  }

  private measureLayer(item: ResolvedLayer, width: number): MeasuredLayer {
    const inner = width - 2 * METRICS.boxPadX
    const label = this.wrap(item.label, inner, METRICS.label, `${item.path}.label`)
    const detail =
      item.detail === undefined
        ? []
        : this.wrap(item.detail, inner, METRICS.detail, `${item.path}.detail`)
    const height =
      2 * METRICS.boxPadY +
      label.length * pitch(METRICS.label) +
      detail.length * pitch(METRICS.detail)
    return { item, label, detail, height }
  }

  private measureRow(item: ResolvedRow, width: number): MeasuredRow {
    const total = item.columns.reduce((sum, c) => sum + c.weight, 0)
    const free = width - METRICS.gapX * (item.columns.length - 1)
    let x = 0
    const columns = item.columns.map((column) => {
      const w = (free * column.weight) / total
      const measured = this.measure(column, w)
      const placed = { measured, x, width: w }
      x += w + METRICS.gapX
      return placed
    })
    return { item, columns, height: Math.max(...columns.map((c) => c.measured.height)) }
  }

  private measureGroup(item: ResolvedGroup, width: number): MeasuredGroup {
    const pad = item.caption === undefined ? 0 : METRICS.framePad
    const inner = width - 2 * pad
    const caption =
      item.caption === undefined
        ? []
        : this.wrap(item.caption, inner - 4, METRICS.caption, `${item.path}.caption`)
    const children = item.items.map((child) => this.measure(child, inner))
    const height = groupChrome(caption.length) + stackHeight(children.map((c) => c.height))
    return { item, caption, children, height }
  }

  /** Places a measured item in the given rectangle; extra height goes to the top item. */
  place(m: Measured, x: number, y: number, width: number, height: number): void {
    if ('label' in m) return this.placeLayer(m, x, y, width, height)
    if ('columns' in m) {
      const index = this.boxes.length
      for (const column of m.columns)
        this.place(column.measured, x + column.x, y, column.width, height)
      this.boxes.splice(index, 0, {
        kind: 'row',
        key: m.item.key,
        path: m.item.path,
        rect: { x, y, width, height },
        tone: 'neutral',
        framed: false,
        lines: [],
        children: this.boxes.slice(index).map((b) => b.key),
      })
      return
    }
    this.placeGroup(m, x, y, width, height)
  }

  private placeLayer(m: MeasuredLayer, x: number, y: number, width: number, height: number): void {
    const block = m.label.length * pitch(METRICS.label) + m.detail.length * pitch(METRICS.detail)
    let top = y + (height - block) / 2
    const lines: TextLine[] = []
    const cx = x + width / 2
    for (const [texts, size, role] of [
      [m.label, METRICS.label, 'label'],
      [m.detail, METRICS.detail, 'detail'],
    ] as const) {
      for (const text of texts) {
        lines.push({ text, x: cx, y: this.baseline(top, size), size, anchor: 'middle', role })
        top += pitch(size)
      }
    }
    this.add({
      kind: 'layer',
      key: m.item.key,
      path: m.item.path,
      rect: { x, y, width, height },
      tone: m.item.tone,
      framed: false,
      lines,
      children: [],
    })
  }

  private placeGroup(m: MeasuredGroup, x: number, y: number, width: number, height: number): void {
    const framed = m.item.caption !== undefined
    const pad = framed ? METRICS.framePad : 0
    const lines = m.caption.map((text, i): TextLine => ({
      text,
      x: x + pad + 2,
      y: this.baseline(y + METRICS.framePad / 2 + i * pitch(METRICS.caption), METRICS.caption),
      size: METRICS.caption,
      anchor: 'start',
      role: 'caption',
    }))
    const index = this.boxes.length
    const heights = m.children.map((c) => c.height)
    heights[0]! += height - m.height
    let top = y + chromeTop(m.caption.length)
    m.children.forEach((child, i) => {
      const h = heights[i]!
      this.place(child, x + pad, top, width - 2 * pad, h)
      top += h + METRICS.gapY
    })
    const children = this.boxes.slice(index).map((b) => b.key)
    // Frames go behind their contents, so the group is drawn before its children.
    this.boxes.splice(index, 0, {
      kind: 'group',
      key: m.item.key,
      path: m.item.path,
      rect: { x, y, width, height },
      tone: m.item.tone,
      framed,
      lines,
      children,
    })
    this.strings.push(...m.caption)
  }

  private add(box: PlacedBox): void {
    this.boxes.push(box)
    this.strings.push(...box.lines.map((l) => l.text))
  }

  /** Baseline that centres the font's content box in a line of `size * lineHeight`. */
  baseline(lineTop: number, size: number): number {
    return lineTop + (pitch(size) - this.font.contentHeight * size) / 2 + this.font.ascent * size
  }
}

/** Space between a framed group's top edge and its first child: the caption. */
function chromeTop(captionLines: number): number {
  if (captionLines === 0) return 0
  return METRICS.framePad / 2 + captionLines * pitch(METRICS.caption) + METRICS.captionGap
}

/** Height a group adds around its children (none when unframed). */
function groupChrome(captionLines: number): number {
  return captionLines === 0 ? 0 : chromeTop(captionLines) + METRICS.framePad
}

function stackHeight(heights: readonly number[]): number {
  return heights.reduce((sum, h) => sum + h, 0) + METRICS.gapY * Math.max(0, heights.length - 1)
}

/**
 * Heights of the levels, counted from the bottom, that all panels share: while every panel
 * has a plain layer with the same label at a level (ハードウェア, ホストOS), those layers get
 * one height so they sit on one baseline. Above the first difference, heights are natural,
 * so a panel's layer is never stretched to match an unrelated one.
 */
function alignedLevelHeights(plans: readonly PanelPlan[]): number[] {
  const heights: number[] = []
  if (plans.length < 2) return heights
  for (let k = 0; ; k++) {
    const atLevel = plans.map((p) => p.measured[p.measured.length - 1 - k])
    const labels = atLevel.map((m) => (m && 'label' in m ? m.item.label : undefined))
    if (labels[0] === undefined || labels.some((label) => label !== labels[0])) return heights
    heights.push(Math.max(...atLevel.map((m) => m!.height)))
  }
}

interface PanelPlan {
  readonly panel: ResolvedPanel
  readonly x: number
  readonly width: number
  readonly stackWidth: number
  readonly braceLines: readonly (readonly string[])[]
  readonly measured: readonly Measured[]
}

/** Lays out a validated diagram. Throws a LAYOUT StackdeckError when text cannot fit. */
export function layoutDiagram(diagram: ResolvedDiagram, font: TextMeasurer): DiagramLayout {
  const l = new Layouter(font)
  const n = diagram.panels.length
  const inner = diagram.width - 2 * METRICS.margin
  const panelWidth = (inner - METRICS.panelGap * (n - 1)) / n

  // Every panel reserves the widest brace area, so equal roles get equal widths across panels.
  const braceLines = diagram.panels.map((panel) =>
    panel.braces.map((b) =>
      l.wrap(b.label, METRICS.braceMaxText, METRICS.brace, `${b.path}.label`),
    ),
  )
  const braceText = Math.max(0, ...braceLines.flat(2).map((s) => font.width(s, METRICS.brace)))
  const anyBraces = diagram.panels.some((p) => p.braces.length > 0)
  const braceArea = anyBraces
    ? METRICS.braceGap + METRICS.braceArm + METRICS.braceGap + braceText
    : 0
  const stackWidth = panelWidth - braceArea
  if (stackWidth < 120) {
    throw new StackdeckError(
      'LAYOUT',
      `brace labels leave only ${Math.floor(stackWidth)} px for the stack; shorten them or widen the diagram`,
      { field: diagram.kind === 'comparison' ? 'panels' : 'braces' },
    )
  }

  const plans: PanelPlan[] = diagram.panels.map((panel, i) => ({
    panel,
    x: METRICS.margin + i * (panelWidth + METRICS.panelGap),
    width: panelWidth,
    stackWidth,
    braceLines: braceLines[i]!,
    measured: panel.items.map((item) => l.measure(item, stackWidth)),
  }))

  const levelHeight = alignedLevelHeights(plans)
  const panelHeights = plans.map((p) =>
    stackHeight(p.measured.map((m, i) => levelHeight[p.measured.length - 1 - i] ?? m.height)),
  )
  const stacksHeight = Math.max(...panelHeights)
  const top = METRICS.margin

  const braces: PlacedBrace[] = []
  let notesBottom = 0
  plans.forEach((plan, pi) => {
    let y = top + stacksHeight - panelHeights[pi]!
    plan.measured.forEach((m, i) => {
      const h = levelHeight[plan.measured.length - 1 - i] ?? m.height
      l.place(m, plan.x, y, plan.stackWidth, h)
      y += h + METRICS.gapY
    })
    const panelExtents: { top: number; bottom: number; path: string }[] = []
    plan.panel.braces.forEach((brace, bi) => {
      const from = l.boxes.find((b) => b.key === brace.from)!
      const to = l.boxes.find((b) => b.key === brace.to)!
      const upper = Math.min(from.rect.y, to.rect.y)
      const lower = Math.max(from.rect.y + from.rect.height, to.rect.y + to.rect.height)
      const x = plan.x + plan.stackWidth + METRICS.braceGap + METRICS.braceArm
      const texts = plan.braceLines[bi]!
      const block = texts.length * pitch(METRICS.brace)
      // Centred on the bracket, but never above the figure's top edge.
      const blockTop = Math.max(top, (upper + lower) / 2 - block / 2)
      const extent = { top: Math.min(upper, blockTop), bottom: Math.max(lower, blockTop + block) }
      const clash = panelExtents.find(
        (other) => extent.top < other.bottom && other.top < extent.bottom,
      )
      if (clash) {
        throw new StackdeckError(
          'LAYOUT',
          `this brace overlaps ${clash.path} (the layers they cover or their notes); braces beside one stack must cover separate layers and leave room for their notes`,
          { field: brace.path },
        )
      }
      panelExtents.push({ ...extent, path: brace.path })
      notesBottom = Math.max(notesBottom, blockTop + block)
      const lines = texts.map((text, li): TextLine => ({
        text,
        x: x + METRICS.braceGap,
        y: l.baseline(blockTop + li * pitch(METRICS.brace), METRICS.brace),
        size: METRICS.brace,
        anchor: 'start',
        role: 'brace',
      }))
      l.strings.push(...texts)
      braces.push({ path: brace.path, x, top: upper, bottom: lower, lines })
    })
  })

  const captions: TextLine[] = []
  let height = top + stacksHeight
  const captionLines = plans.map((plan) =>
    plan.panel.caption === undefined
      ? []
      : l.wrap(plan.panel.caption, plan.stackWidth, METRICS.panel, `${plan.panel.path}.caption`),
  )
  const captionRows = Math.max(0, ...captionLines.map((c) => c.length))
  if (captionRows > 0) {
    const captionTop = height + METRICS.panelCaptionGap
    plans.forEach((plan, pi) => {
      captionLines[pi]!.forEach((text, li) => {
        captions.push({
          text,
          x: plan.x + plan.stackWidth / 2,
          y: l.baseline(captionTop + li * pitch(METRICS.panel), METRICS.panel),
          size: METRICS.panel,
          anchor: 'middle',
          role: 'panel',
        })
        l.strings.push(text)
      })
    })
    height = captionTop + captionRows * pitch(METRICS.panel)
  }
  // A brace note taller than what it braces may reach below the stacks (never into the
  // captions: it stands to the right of them).
  height = Math.ceil(Math.max(height, notesBottom) + METRICS.margin)

  if (height > LIMITS.maxHeight) {
    throw new StackdeckError(
      'LAYOUT',
      `the diagram is ${height} px tall at a readable text size, more than the ${LIMITS.maxHeight} px a 16:9 slide has under its heading; shorten labels, widen it, or split it into two diagrams`,
      { field: diagram.kind === 'comparison' ? 'panels' : 'layers' },
    )
  }
  return {
    width: diagram.width,
    height,
    boxes: l.boxes,
    braces,
    captions,
    text: l.strings.join(''),
  }
}
