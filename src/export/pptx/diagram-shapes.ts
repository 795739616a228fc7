/**
 * A stackdeck diagram as native PowerPoint shapes: one `<p:grpSp>` of rounded rectangles,
 * text and bracket paths, read back from the very SVG the slide shows (light, dark or step
 * variant), so colours, dimming and line breaks are the ones the viewer of the HTML sees.
 *
 * Pure: SVG text in, DrawingML text out. The SVG carries everything needed: geometry and
 * colours as attributes, one `<text>` per wrapped line, `data-kind`/`data-role` saying what
 * each part is, and the font subset it was drawn with (used here to size free-standing text
 * boxes with the widths the browser draws).
 *
 * Coordinates: the group's child space is the SVG's viewBox at 9525 EMU per unit (one CSS
 * px at a 1280×720 slide), so the group resizes as a whole. Font sizes and line widths are
 * not scaled by a group's transform in PowerPoint, so they are given at the placed size.
 */
import Color from 'color'
import * as fontkit from 'fontkit'
import { parseSync, type INode } from 'svgson'
import { SLACK_EM } from './text-xml.ts'

/** Where a diagram sits on its slide, in EMU (914400 per inch; 9525 EMU per CSS px at 1280×720). */
export interface DiagramPlacement {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export interface DiagramShapesOptions {
  /** First free shape id on the slide (`<p:cNvPr id>` must be unique per slide). */
  readonly firstId: number
  /** Name of the group shown in PowerPoint's selection pane, e.g. the diagram name. */
  readonly name: string
  /** Typeface for Latin and East Asian runs (the same one the slide text uses). */
  readonly typeface: string
  /**
   * The slide's colour behind the diagram (CSS), when known. The SVG dims an item with a
   * group opacity, which fades its box and its text together; DrawingML has alpha per
   * shape only, so a faded label would let its faded box show through. With the
   * background known, dimmed text and outlines get the opaque colour the SVG shows.
   */
  readonly background?: string
}

/** EMU per SVG user unit in the group's child space. */
const EMU_PER_UNIT = 9525

/**
 * One `<p:grpSp>` drawing the diagram in `svg`, scaled into `placement` the way an `<img>`
 * shows an SVG (aspect ratio kept, centred). Returns the XML and the next free shape id.
 */
export function diagramGroupXml(
  svg: string,
  placement: DiagramPlacement,
  options: DiagramShapesOptions,
): { readonly xml: string; readonly nextId: number } {
  const scene = readScene(svg)
  const frame = fitViewBox(scene.viewBox, placement)
  const ids = { next: options.firstId + 1 }
  const ctx: EmitContext = {
    scene,
    // CSS px on the slide per SVG unit: text sizes and line widths are given at this scale.
    pxPerUnit: frame.width / (scene.viewBox.width * EMU_PER_UNIT),
    typeface: options.typeface,
    nextId: () => ids.next++,
  }
  const shapes = options.background ? settleOver(scene.shapes, options.background) : scene.shapes
  const children = shapes.map((shape) => shapeXml(shape, ctx)).join('')
  const groupName = attr(options.name)
  const xml =
    `<p:grpSp><p:nvGrpSpPr><p:cNvPr id="${options.firstId}" name="${groupName}"` +
    `${scene.title ? ` title="${attr(scene.title)}"` : ''}${scene.description ? ` descr="${attr(scene.description)}"` : ''}/>` +
    `<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>` +
    `<p:grpSpPr><a:xfrm><a:off x="${emu(frame.x)}" y="${emu(frame.y)}"/><a:ext cx="${emu(frame.width)}" cy="${emu(frame.height)}"/>` +
    `<a:chOff x="${unit(scene.viewBox.x)}" y="${unit(scene.viewBox.y)}"/>` +
    `<a:chExt cx="${unit(scene.viewBox.width)}" cy="${unit(scene.viewBox.height)}"/></a:xfrm></p:grpSpPr>` +
    `${children}</p:grpSp>`
  return { xml, nextId: ids.next }
}

// ---------------------------------------------------------------------------------------
// The scene: what the SVG draws, flattened into shapes in draw order.

interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** A colour as DrawingML wants it: six hex digits and an opacity (0–1). */
interface Paint {
  readonly rgb: string
  readonly alpha: number
}

interface Stroke {
  readonly paint: Paint
  readonly width: number
  /** Dash and gap lengths in SVG units, or none for a solid line. */
  readonly dash: readonly number[] | undefined
}

interface Run {
  readonly text: string
  readonly bold: boolean
  readonly paint: Paint
}

/** One SVG `<text>`: one visual line. `x` is its anchor, `y` its baseline. */
interface Line {
  readonly runs: readonly Run[]
  readonly x: number
  readonly y: number
  readonly size: number
  readonly anchor: 'start' | 'middle' | 'end'
  readonly role: string | undefined
}

interface RectShape {
  readonly kind: 'rect'
  readonly name: string
  readonly box: Box
  readonly radius: number
  readonly fill: Paint | undefined
  readonly stroke: Stroke | undefined
  /** The text drawn on it (a layer's label and detail, a frame's caption). */
  readonly lines: Line[]
}

interface PathShape {
  readonly kind: 'path'
  readonly name: string
  readonly segments: readonly PathSegment[]
  readonly fill: Paint | undefined
  readonly stroke: Stroke | undefined
  /** The note beside a brace, for the shape's description. */
  readonly note: Line[]
}

/** Text standing on its own: a brace's note, a comparison panel's caption. */
interface TextShape {
  readonly kind: 'text'
  readonly name: string
  readonly lines: Line[]
}

type Shape = RectShape | PathShape | TextShape

type Point = readonly [number, number]
type PathSegment =
  | { readonly op: 'move' | 'line'; readonly to: Point }
  | { readonly op: 'cubic'; readonly c1: Point; readonly c2: Point; readonly to: Point }
  | { readonly op: 'quad'; readonly c: Point; readonly to: Point }
  | { readonly op: 'close' }

interface FontFace {
  readonly bold: boolean
  readonly font: fontkit.Font
}

interface Scene {
  readonly viewBox: Box
  readonly title: string
  readonly description: string
  readonly shapes: readonly Shape[]
  readonly fonts: readonly FontFace[]
}

/** Presentation attributes inherited down the tree, and the accumulated transform. */
interface Inherited {
  readonly id: string
  readonly opacity: number
  readonly fill: string
  readonly fillOpacity: number
  readonly stroke: string
  readonly strokeOpacity: number
  readonly strokeWidth: number
  readonly dash: string
  readonly fontSize: number
  readonly fontWeight: string
  readonly anchor: string
  /** x' = sx·x + tx, y' = sy·y + ty (stackdeck draws no rotation or skew). */
  readonly transform: Affine
}

interface Affine {
  readonly sx: number
  readonly sy: number
  readonly tx: number
  readonly ty: number
}

function readScene(svg: string): Scene {
  const root = parseSync(svg)
  if (root.name !== 'svg') throw new Error(`expected an <svg> document, found <${root.name}>`)
  const viewBox = readViewBox(root)
  const shapes: Shape[] = []
  const start: Inherited = {
    id: root.attributes.id ?? 'diagram',
    opacity: 1,
    fill: 'black',
    fillOpacity: 1,
    stroke: 'none',
    strokeOpacity: 1,
    strokeWidth: 1,
    dash: 'none',
    fontSize: 16,
    fontWeight: 'normal',
    anchor: 'start',
    transform: { sx: 1, sy: 1, tx: 0, ty: 0 },
  }
  walkGroup(root, inherit(root, start), shapes)
  nameRootTexts(shapes, start.id)
  const child = (name: string) => root.children.find((c) => c.name === name)
  return {
    viewBox,
    title: textContent(child('title')).trim(),
    description: textContent(child('desc')).trim(),
    shapes,
    fonts: root.children
      .filter((c) => c.name === 'style')
      .flatMap((s) => fontFaces(textContent(s))),
  }
}

/** Text drawn outside any item (a comparison's panel captions): `<svg id>--caption-<n>`. */
function nameRootTexts(shapes: Shape[], rootId: string): void {
  let n = 0
  shapes.forEach((shape, i) => {
    if (shape.kind === 'text' && shape.name === rootId)
      shapes[i] = { ...shape, name: `${rootId}--caption-${n++}` }
  })
}

function readViewBox(root: INode): Box {
  const numbers = (root.attributes.viewBox ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number)
  if (numbers.length === 4 && numbers.every(Number.isFinite)) {
    const [x, y, width, height] = numbers as [number, number, number, number]
    if (width > 0 && height > 0) return { x, y, width, height }
  }
  const width = Number(root.attributes.width)
  const height = Number(root.attributes.height)
  if (width > 0 && height > 0) return { x: 0, y: 0, width, height }
  throw new Error('the diagram SVG has neither a viewBox nor a width and height')
}

/**
 * Draws a container's children in order. Text inside a `<g>` belongs to the rectangle
 * drawn before it in that `<g>` (a layer's label, a frame's caption); text after a path,
 * or with no rectangle, stands on its own (a brace's note, a panel caption).
 */
function walkGroup(node: INode, state: Inherited, out: Shape[]): void {
  let holder: RectShape | undefined
  let rectCount = 0
  for (const child of node.children) {
    if (child.type !== 'element') continue
    const own = inherit(child, state)
    switch (child.name) {
      case 'g':
      case 'a':
        walkGroup(child, own, out)
        holder = undefined
        break
      case 'rect': {
        rectCount++
        const name = rectCount === 1 ? own.id : `${own.id}-${rectCount}`
        holder = readRect(child, own, name)
        out.push(holder)
        break
      }
      case 'path': {
        const shape = readPath(child, own)
        if (shape) out.push(shape)
        holder = undefined
        break
      }
      case 'text': {
        const lines = readText(child, own)
        if (holder) {
          holder.lines.push(...lines)
          break
        }
        const previous = out[out.length - 1]
        if (previous?.kind === 'text' && lines.every((l) => continues(previous.lines, l))) {
          previous.lines.push(...lines)
        } else {
          const note = previous?.kind === 'path' && previous.name === own.id
          const shape: TextShape = {
            kind: 'text',
            name: note ? `${own.id}-note` : own.id,
            lines: [...lines],
          }
          if (note) previous.note.push(...lines)
          out.push(shape)
        }
        break
      }
      default:
        // title, desc, style, defs: not drawn.
        break
    }
  }
}

/** Whether `line` is the next line of the same block: same anchor and x, just below. */
function continues(lines: readonly Line[], line: Line): boolean {
  const last = lines[lines.length - 1]
  if (!last) return false
  return (
    last.anchor === line.anchor &&
    last.role === line.role &&
    Math.abs(last.x - line.x) < 0.5 &&
    line.y > last.y &&
    line.y - last.y < 2 * Math.max(last.size, line.size)
  )
}

function inherit(node: INode, parent: Inherited): Inherited {
  const a = node.attributes
  const style = parseStyle(a.style)
  const get = (name: string): string | undefined => style.get(name) ?? a[name]
  const number = (name: string, fallback: number) => {
    const value = get(name)
    const parsed = value === undefined ? NaN : parseFloat(value)
    return Number.isFinite(parsed) ? parsed : fallback
  }
  return {
    id: a.id ?? parent.id,
    opacity: parent.opacity * number('opacity', 1),
    fill: get('fill') ?? parent.fill,
    fillOpacity: number('fill-opacity', parent.fillOpacity),
    stroke: get('stroke') ?? parent.stroke,
    strokeOpacity: number('stroke-opacity', parent.strokeOpacity),
    strokeWidth: number('stroke-width', parent.strokeWidth),
    dash: get('stroke-dasharray') ?? parent.dash,
    fontSize: number('font-size', parent.fontSize),
    fontWeight: get('font-weight') ?? parent.fontWeight,
    anchor: get('text-anchor') ?? parent.anchor,
    transform: compose(parent.transform, parseTransform(a.transform)),
  }
}

function parseStyle(style: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const declaration of (style ?? '').split(';')) {
    const colon = declaration.indexOf(':')
    if (colon > 0) out.set(declaration.slice(0, colon).trim(), declaration.slice(colon + 1).trim())
  }
  return out
}

function parseTransform(value: string | undefined): Affine {
  let result: Affine = { sx: 1, sy: 1, tx: 0, ty: 0 }
  for (const [, op, args] of (value ?? '').matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const n = args!
      .trim()
      .split(/[\s,]+/)
      .map(Number)
    let step: Affine
    if (op === 'translate') step = { sx: 1, sy: 1, tx: n[0] ?? 0, ty: n[1] ?? 0 }
    else if (op === 'scale') step = { sx: n[0] ?? 1, sy: n[1] ?? n[0] ?? 1, tx: 0, ty: 0 }
    else if (op === 'matrix' && n[1] === 0 && n[2] === 0)
      step = { sx: n[0] ?? 1, sy: n[3] ?? 1, tx: n[4] ?? 0, ty: n[5] ?? 0 }
    else throw new Error(`cannot draw the SVG transform '${value}' as shapes`)
    result = compose(result, step)
  }
  return result
}

/** `outer` applied after `inner`. */
function compose(outer: Affine, inner: Affine): Affine {
  return {
    sx: outer.sx * inner.sx,
    sy: outer.sy * inner.sy,
    tx: outer.sx * inner.tx + outer.tx,
    ty: outer.sy * inner.ty + outer.ty,
  }
}

const apply = (t: Affine, [x, y]: Point): Point => [t.sx * x + t.tx, t.sy * y + t.ty]

function numberAttr(node: INode, name: string): number {
  const value = parseFloat(node.attributes[name] ?? '0')
  return Number.isFinite(value) ? value : 0
}

function readRect(node: INode, state: Inherited, name: string): RectShape {
  const t = state.transform
  const [x, y] = apply(t, [numberAttr(node, 'x'), numberAttr(node, 'y')])
  const width = numberAttr(node, 'width') * t.sx
  const height = numberAttr(node, 'height') * t.sy
  const rx = node.attributes.rx ?? node.attributes.ry
  return {
    kind: 'rect',
    name,
    box: { x, y, width, height },
    radius: rx === undefined ? 0 : parseFloat(rx) * t.sx,
    fill: fillOf(state),
    stroke: strokeOf(state),
    lines: [],
  }
}

function readPath(node: INode, state: Inherited): PathShape | undefined {
  const segments = parsePath(node.attributes.d ?? '').map((s) => transformSegment(s, state))
  if (segments.length === 0) return undefined
  return {
    kind: 'path',
    name: state.id,
    segments,
    fill: fillOf(state),
    stroke: strokeOf(state),
    note: [],
  }
}

function transformSegment(segment: PathSegment, state: Inherited): PathSegment {
  const t = state.transform
  switch (segment.op) {
    case 'close':
      return segment
    case 'move':
    case 'line':
      return { op: segment.op, to: apply(t, segment.to) }
    case 'cubic':
      return {
        op: 'cubic',
        c1: apply(t, segment.c1),
        c2: apply(t, segment.c2),
        to: apply(t, segment.to),
      }
    case 'quad':
      return { op: 'quad', c: apply(t, segment.c), to: apply(t, segment.to) }
  }
}

/** SVG path data → absolute segments. Arcs are not supported (stackdeck draws none). */
function parsePath(d: string): PathSegment[] {
  const tokens = d.match(/[a-zA-Z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? []
  const out: PathSegment[] = []
  let i = 0
  let command = ''
  let current: Point = [0, 0]
  let start: Point = [0, 0]
  const next = (): number => {
    const value = Number(tokens[i++])
    if (!Number.isFinite(value)) throw new Error(`malformed SVG path data '${d}'`)
    return value
  }
  const point = (relative: boolean): Point => {
    const x = next()
    const y = next()
    return relative ? [current[0] + x, current[1] + y] : [x, y]
  }
  while (i < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[i]!)) command = tokens[i++]!
    const relative = command === command.toLowerCase()
    switch (command.toUpperCase()) {
      case 'M':
        current = start = point(relative)
        out.push({ op: 'move', to: current })
        // Further pairs after a moveto are linetos.
        command = relative ? 'l' : 'L'
        break
      case 'L':
        current = point(relative)
        out.push({ op: 'line', to: current })
        break
      case 'H': {
        const x = next()
        current = [relative ? current[0] + x : x, current[1]]
        out.push({ op: 'line', to: current })
        break
      }
      case 'V': {
        const y = next()
        current = [current[0], relative ? current[1] + y : y]
        out.push({ op: 'line', to: current })
        break
      }
      case 'C': {
        const c1 = point(relative)
        const c2 = point(relative)
        current = point(relative)
        out.push({ op: 'cubic', c1, c2, to: current })
        break
      }
      case 'Q': {
        const c = point(relative)
        current = point(relative)
        out.push({ op: 'quad', c, to: current })
        break
      }
      case 'Z':
        out.push({ op: 'close' })
        current = start
        break
      default:
        throw new Error(`cannot draw the SVG path command '${command}' as a shape (path '${d}')`)
    }
  }
  return out
}

function readText(node: INode, state: Inherited): Line[] {
  const [x, y] = apply(state.transform, [numberAttr(node, 'x'), numberAttr(node, 'y')])
  const runs: Run[] = []
  const collect = (n: INode, s: Inherited) => {
    for (const child of n.children) {
      if (child.type === 'text') {
        if (child.value.length > 0)
          runs.push({ text: child.value, bold: isBold(s.fontWeight), paint: paintOf(s) })
      } else if (child.type === 'element' && child.name === 'tspan') {
        collect(child, inherit(child, s))
      }
    }
  }
  collect(node, state)
  if (runs.length === 0) return []
  const anchor = state.anchor === 'middle' || state.anchor === 'end' ? state.anchor : 'start'
  return [
    {
      runs: mergeRuns(runs),
      x,
      y,
      size: state.fontSize * state.transform.sy,
      anchor,
      role: node.attributes['data-role'],
    },
  ]
}

function mergeRuns(runs: readonly Run[]): Run[] {
  const out: Run[] = []
  for (const run of runs) {
    const last = out[out.length - 1]
    if (last && last.bold === run.bold && samePaint(last.paint, run.paint)) {
      out[out.length - 1] = { ...last, text: last.text + run.text }
    } else out.push(run)
  }
  return out
}

const samePaint = (a: Paint, b: Paint) => a.rgb === b.rgb && a.alpha === b.alpha

function isBold(weight: string): boolean {
  if (weight === 'bold' || weight === 'bolder') return true
  const n = Number(weight)
  return Number.isFinite(n) && n >= 600
}

function fillOf(state: Inherited): Paint | undefined {
  const color = parseColor(state.fill)
  if (!color) return undefined
  return { rgb: color.rgb, alpha: color.alpha * state.fillOpacity * state.opacity }
}

function paintOf(state: Inherited): Paint {
  return fillOf(state) ?? { rgb: '000000', alpha: 0 }
}

function strokeOf(state: Inherited): Stroke | undefined {
  const color = parseColor(state.stroke)
  if (!color || state.strokeWidth <= 0) return undefined
  const dash = state.dash === 'none' ? [] : state.dash.split(/[\s,]+/).map(Number)
  return {
    paint: { rgb: color.rgb, alpha: color.alpha * state.strokeOpacity * state.opacity },
    width: state.strokeWidth * state.transform.sx,
    dash: dash.length > 0 && dash.every((n) => Number.isFinite(n) && n >= 0) ? dash : undefined,
  }
}

/** CSS colour → hex and alpha; undefined for `none`/`transparent`. Parsing is `color`'s. */
function parseColor(value: string): { rgb: string; alpha: number } | undefined {
  const v = value.trim().toLowerCase()
  if (v === 'none' || v === 'transparent' || v === '') return undefined
  let color: ReturnType<typeof Color>
  try {
    color = Color(v)
  } catch {
    // The theme's colours are checked when it is read (palette.ts); anything else in our
    // own SVG is a bug.
    throw new Error(`cannot turn the SVG colour '${value}' into a DrawingML colour`)
  }
  return { rgb: color.hex().slice(1).toUpperCase(), alpha: color.alpha() }
}

const hexByte = (n: number) =>
  Math.round(Math.min(255, Math.max(0, n)))
    .toString(16)
    .padStart(2, '0')
    .toUpperCase()

function textContent(node: INode | undefined): string {
  if (!node) return ''
  if (node.type === 'text') return node.value
  return node.children.map(textContent).join('')
}

/** The embedded font subsets (`@font-face` with a base64 data URL), to measure text with. */
function fontFaces(css: string): FontFace[] {
  const out: FontFace[] = []
  for (const [, body] of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const data = /url\(\s*["']?data:[^;,]*;base64,([A-Za-z0-9+/=]+)/.exec(body!)?.[1]
    if (!data) continue
    const weight = /font-weight\s*:\s*([^;]+)/.exec(body!)?.[1]?.trim() ?? 'normal'
    const font = parsedFont(data)
    if (font) out.push({ bold: isBold(weight), font })
  }
  return out
}

/**
 * Parsed subsets by their data: a diagram's light, dark and step variants embed the same
 * one, and unpacking a WOFF (fontkit inflates it in JavaScript) was most of the time spent
 * per group (19 ms warm; 2 ms with the parsed font reused).
 */
const parsedFonts = new Map<string, fontkit.Font | undefined>()
const PARSED_FONTS_KEPT = 32

function parsedFont(base64: string): fontkit.Font | undefined {
  if (parsedFonts.has(base64)) return parsedFonts.get(base64)
  const parsed = fontkit.create(Buffer.from(base64, 'base64'))
  const font = 'layout' in parsed ? parsed : undefined
  if (parsedFonts.size >= PARSED_FONTS_KEPT) parsedFonts.delete(parsedFonts.keys().next().value!)
  parsedFonts.set(base64, font)
  return font
}

// ---------------------------------------------------------------------------------------
// Text placement. A viewer does not lay a line out as Chromium does: measured in
// LibreOffice 7.4 with Noto Sans JP, a line at 100 % spacing is 1.2 em tall with its
// baseline 1.0 em down (the font says 1.448 and 1.16), and a line of exact height h has
// its baseline h − 0.2 em below its top. So each paragraph gets an exact height and the
// block is placed so that every baseline lands where the SVG has it.

/** Below the baseline of an exactly spaced line, per px of font size (LibreOffice, measured). */
const VIEWER_DESCENT = 0.2
/**
 * Height of a block's first line per px of font size: stackdeck's line pitch. It moves no
 * baseline (the block's top is placed from it), it only sets how far the block reaches up.
 */
const FIRST_LINE_PITCH = 1.45

interface TextBlock {
  /** Exact height of each line (its paragraph's line spacing), SVG units. */
  readonly heights: readonly number[]
  /** Where the block starts and ends in the viewer when every baseline is the SVG's. */
  readonly top: number
  readonly height: number
  /** Horizontal extent of the lines, measured with the embedded font. */
  readonly left: number
  readonly width: number
}

function textBlock(lines: readonly Line[], fonts: readonly FontFace[]): TextBlock {
  const heights = lines.map((line, i) => {
    const previous = lines[i - 1]
    // Baselines are h − 0.2 em down each line, so consecutive baselines are this far apart.
    return previous
      ? line.y - previous.y + VIEWER_DESCENT * (line.size - previous.size)
      : FIRST_LINE_PITCH * line.size
  })
  const first = lines[0]!
  let left = Infinity
  let right = -Infinity
  for (const line of lines) {
    const width = lineWidth(line, fonts)
    const start =
      line.anchor === 'start' ? line.x : line.anchor === 'end' ? line.x - width : line.x - width / 2
    left = Math.min(left, start)
    right = Math.max(right, start + width)
  }
  return {
    heights,
    top: first.y - heights[0]! + VIEWER_DESCENT * first.size,
    height: heights.reduce((sum, h) => sum + h, 0),
    left,
    width: right - left,
  }
}

/** From the first line's ascent to the last line's descent, as the font draws them. */
function glyphExtent(
  lines: readonly Line[],
  fonts: readonly FontFace[],
): { top: number; bottom: number } {
  const face = fonts.find((f) => !f.bold) ?? fonts[0]
  // Noto Sans JP's, for an SVG without an embedded font.
  const ascent = face ? face.font.ascent / face.font.unitsPerEm : 1.16
  const descent = face ? -face.font.descent / face.font.unitsPerEm : 0.288
  const first = lines[0]!
  const last = lines[lines.length - 1]!
  return { top: first.y - ascent * first.size, bottom: last.y + descent * last.size }
}

const MEASURED_FEATURES: Record<string, boolean> = { kern: true, liga: false, calt: false }

/** Width of a line in SVG units, as the embedded font draws it. */
function lineWidth(line: Line, fonts: readonly FontFace[]): number {
  let width = 0
  for (const run of line.runs) {
    const face = fonts.find((f) => f.bold === run.bold) ?? fonts[0]
    if (!face) {
      // No font to ask: a full-width character is 1 em, others about 0.6 em.
      for (const ch of run.text) width += (JAPANESE.test(ch) ? 1 : 0.6) * line.size
      continue
    }
    const glyphs = face.font.layout(run.text, MEASURED_FEATURES)
    let em = glyphs.advanceWidth / face.font.unitsPerEm
    // A character the subset lacks is drawn by some other font, about 1 em wide.
    for (const glyph of glyphs.glyphs) if (glyph.id === 0) em += 1
    width += em * line.size
  }
  return width
}

// ---------------------------------------------------------------------------------------
// Dimming on a known background.

/**
 * Gives translucent text and outlines the opaque colour they show over what lies beneath
 * them: the background and the fills drawn before them there (a group's wash). Fills keep
 * their alpha: a faded box over the same backdrop looks the same either way.
 */
function settleOver(shapes: readonly Shape[], background: string): Shape[] {
  const base = parseColor(background)
  if (!base) return [...shapes]
  const out: Shape[] = []
  for (const shape of shapes) {
    const backdrop = backdropAt(anchorPoint(shape), out, base.rgb)
    const ink = (paint: Paint): Paint =>
      paint.alpha < 1 ? { rgb: mix(backdrop, paint), alpha: 1 } : paint
    const lines = (ls: readonly Line[]): Line[] =>
      ls.map((l) => ({ ...l, runs: l.runs.map((r) => ({ ...r, paint: ink(r.paint) })) }))
    const stroke = (st: Stroke | undefined) => st && { ...st, paint: ink(st.paint) }
    switch (shape.kind) {
      case 'rect':
        out.push({ ...shape, stroke: stroke(shape.stroke), lines: lines(shape.lines) })
        break
      case 'path':
        out.push({ ...shape, stroke: stroke(shape.stroke), note: lines(shape.note) })
        break
      case 'text':
        out.push({ ...shape, lines: lines(shape.lines) })
        break
    }
  }
  return out
}

function anchorPoint(shape: Shape): Point {
  switch (shape.kind) {
    case 'rect':
      return [shape.box.x + shape.box.width / 2, shape.box.y + shape.box.height / 2]
    case 'path': {
      for (const segment of shape.segments) if (segment.op !== 'close') return segment.to
      return [0, 0]
    }
    case 'text':
      return [shape.lines[0]!.x, shape.lines[0]!.y]
  }
}

/** The colour at `point` after the background and the fills of `below`. */
function backdropAt(point: Point, below: readonly Shape[], background: string): string {
  let color = background
  for (const shape of below) {
    if (shape.kind !== 'rect' || !shape.fill) continue
    const { x, y, width, height } = shape.box
    if (point[0] >= x && point[0] <= x + width && point[1] >= y && point[1] <= y + height)
      color = mix(color, shape.fill)
  }
  return color
}

/** `paint` composited over the opaque colour `under` (sRGB, as browsers blend). */
function mix(under: string, paint: Paint): string {
  const channel = (hex: string, i: number) => parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return [0, 1, 2]
    .map((i) =>
      hexByte(paint.alpha * channel(paint.rgb, i) + (1 - paint.alpha) * channel(under, i)),
    )
    .join('')
}

// ---------------------------------------------------------------------------------------
// DrawingML.

interface EmitContext {
  readonly scene: Scene
  readonly pxPerUnit: number
  readonly typeface: string
  readonly nextId: () => number
}

/** An SVG length in the group's child space. */
const unit = (v: number) => Math.round(v * EMU_PER_UNIT)
const emu = (v: number) => Math.round(v)

function fitViewBox(viewBox: Box, placement: DiagramPlacement): Box {
  const k = Math.min(placement.width / viewBox.width, placement.height / viewBox.height)
  if (!(k > 0)) throw new Error('a diagram placement needs a positive width and height')
  const width = viewBox.width * k
  const height = viewBox.height * k
  return {
    x: placement.x + (placement.width - width) / 2,
    y: placement.y + (placement.height - height) / 2,
    width,
    height,
  }
}

function shapeXml(shape: Shape, ctx: EmitContext): string {
  switch (shape.kind) {
    case 'rect':
      return rectXml(shape, ctx)
    case 'path':
      return pathXml(shape, ctx)
    case 'text':
      return textBoxXml(shape, ctx)
  }
}

function nvSpPr(ctx: EmitContext, name: string, descr: string, textBox = false): string {
  const d = descr ? ` descr="${attr(descr)}"` : ''
  return `<p:nvSpPr><p:cNvPr id="${ctx.nextId()}" name="${attr(name)}"${d}/><p:cNvSpPr${textBox ? ' txBox="1"' : ''}/><p:nvPr/></p:nvSpPr>`
}

function xfrm(box: Box): string {
  return `<a:xfrm><a:off x="${unit(box.x)}" y="${unit(box.y)}"/><a:ext cx="${Math.max(1, unit(box.width))}" cy="${Math.max(1, unit(box.height))}"/></a:xfrm>`
}

function rectXml(shape: RectShape, ctx: EmitContext): string {
  const { box, radius } = shape
  const shortSide = Math.min(box.width, box.height)
  const geometry =
    radius > 0 && shortSide > 0
      ? `<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val ${Math.round(Math.min(0.5, radius / shortSide) * 100000)}"/></a:avLst></a:prstGeom>`
      : `<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>`
  const spPr = `<p:spPr>${xfrm(box)}${geometry}${fillXml(shape.fill)}${lineXml(shape.stroke, ctx)}</p:spPr>`
  // A rounded rectangle's text area is inset by 1 − cos 45° of its corner radius (the preset's
  // text rectangle); insets are measured from there.
  const corner =
    radius > 0 && shortSide > 0 ? Math.min(radius, shortSide / 2) * (1 - Math.SQRT1_2) : 0
  const textArea: Box = {
    x: box.x + corner,
    y: box.y + corner,
    width: box.width - 2 * corner,
    height: box.height - 2 * corner,
  }
  const body = shape.lines.length > 0 ? txBodyXml(shape.lines, textArea, ctx) : ''
  return `<p:sp>${nvSpPr(ctx, shape.name, describeLines(shape.lines))}${spPr}${body}</p:sp>`
}

function pathXml(shape: PathShape, ctx: EmitContext): string {
  const points = shape.segments.flatMap((s) =>
    s.op === 'close'
      ? []
      : s.op === 'cubic'
        ? [s.c1, s.c2, s.to]
        : s.op === 'quad'
          ? [s.c, s.to]
          : [s.to],
  )
  const xs = points.map((p) => p[0])
  const ys = points.map((p) => p[1])
  const box: Box = {
    x: Math.min(...xs),
    y: Math.min(...ys),
    width: Math.max(...xs) - Math.min(...xs),
    height: Math.max(...ys) - Math.min(...ys),
  }
  const w = Math.max(1, unit(box.width))
  const h = Math.max(1, unit(box.height))
  const pt = ([x, y]: Point) => `<a:pt x="${unit(x - box.x)}" y="${unit(y - box.y)}"/>`
  const commands = shape.segments
    .map((s) => {
      switch (s.op) {
        case 'move':
          return `<a:moveTo>${pt(s.to)}</a:moveTo>`
        case 'line':
          return `<a:lnTo>${pt(s.to)}</a:lnTo>`
        case 'cubic':
          return `<a:cubicBezTo>${pt(s.c1)}${pt(s.c2)}${pt(s.to)}</a:cubicBezTo>`
        case 'quad':
          return `<a:quadBezTo>${pt(s.c)}${pt(s.to)}</a:quadBezTo>`
        case 'close':
          return '<a:close/>'
      }
    })
    .join('')
  const geometry =
    `<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/>` +
    `<a:pathLst><a:path w="${w}" h="${h}"${shape.fill ? '' : ' fill="none"'}>${commands}</a:path></a:pathLst></a:custGeom>`
  const spPr = `<p:spPr>${xfrm(box)}${geometry}${fillXml(shape.fill)}${lineXml(shape.stroke, ctx)}</p:spPr>`
  return `<p:sp>${nvSpPr(ctx, shape.name, describeLines(shape.note))}${spPr}</p:sp>`
}

function textBoxXml(shape: TextShape, ctx: EmitContext): string {
  const block = textBlock(shape.lines, ctx.scene.fonts)
  const { left, right } = widened(block, shape.lines, ctx.scene.viewBox)
  // The block's last line ends 0.2 em below its baseline; descenders reach further.
  const glyphs = glyphExtent(shape.lines, ctx.scene.fonts)
  const top = Math.min(block.top, glyphs.top)
  const box: Box = {
    x: left,
    y: top,
    width: right - left,
    height: Math.max(block.top + block.height, glyphs.bottom) - top,
  }
  const spPr = `<p:spPr>${xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>`
  return `<p:sp>${nvSpPr(ctx, shape.name, describeLines(shape.lines), true)}${spPr}${txBodyXml(shape.lines, box, ctx)}</p:sp>`
}

/** The block's extent with room to grow on the side(s) its text grows toward, inside the figure. */
function widened(
  block: TextBlock,
  lines: readonly Line[],
  figure: Box,
): { left: number; right: number } {
  // Free-standing text (brace notes, panel captions) gets the slide text boxes' allowance
  // for a wider substitute font or LibreOffice's Japanese/Latin gaps, within the figure.
  const extra = SLACK_EM * Math.max(...lines.map((l) => l.size))
  const left = block.left
  const right = block.left + block.width
  const roomLeft = Math.max(0, left - figure.x)
  const roomRight = Math.max(0, figure.x + figure.width - right)
  switch (lines[0]!.anchor) {
    case 'start':
      return { left, right: right + Math.min(extra, roomRight) }
    case 'end':
      return { left: left - Math.min(extra, roomLeft), right }
    case 'middle': {
      // Equal on both sides, so the text stays centred where the SVG centred it.
      const side = Math.min(extra / 2, roomLeft, roomRight)
      return { left: left - side, right: right + side }
    }
  }
}

function fillXml(paint: Paint | undefined): string {
  return paint ? `<a:solidFill>${colorXml(paint)}</a:solidFill>` : '<a:noFill/>'
}

function colorXml(paint: Paint): string {
  const alpha = Math.round(paint.alpha * 100000)
  return alpha >= 100000
    ? `<a:srgbClr val="${paint.rgb}"/>`
    : `<a:srgbClr val="${paint.rgb}"><a:alpha val="${alpha}"/></a:srgbClr>`
}

function lineXml(stroke: Stroke | undefined, ctx: EmitContext): string {
  if (!stroke) return '<a:ln><a:noFill/></a:ln>'
  // Line widths are absolute in DrawingML (a group's scale does not apply to them).
  const w = Math.max(1, Math.round(stroke.width * ctx.pxPerUnit * EMU_PER_UNIT))
  const dash = stroke.dash
    ? `<a:custDash>${pairs(stroke.dash)
        .map(
          ([d, sp]) =>
            `<a:ds d="${Math.round((d / stroke.width) * 100000)}" sp="${Math.round((sp / stroke.width) * 100000)}"/>`,
        )
        .join('')}</a:custDash>`
    : ''
  return `<a:ln w="${w}" cap="flat">${fillXml(stroke.paint)}${dash}<a:miter lim="400000"/></a:ln>`
}

/** SVG dash arrays of odd length repeat once to make pairs. */
function pairs(dash: readonly number[]): [number, number][] {
  const even = dash.length % 2 === 0 ? dash : [...dash, ...dash]
  const out: [number, number][] = []
  for (let i = 0; i + 1 < even.length; i += 2) out.push([even[i]!, even[i + 1]!])
  return out
}

/**
 * The lines as paragraphs in `box`, each baseline where the SVG put it: no wrapping, no
 * autofit, exact line heights, and insets that move the block to its place (none for a
 * layer's label, which the SVG centres in its box as the viewer does).
 */
function txBodyXml(lines: readonly Line[], box: Box, ctx: EmitContext): string {
  const block = textBlock(lines, ctx.scene.fonts)
  const first = lines[0]!
  const ins = { l: 0, t: 0, r: 0, b: 0 }
  let algn: 'l' | 'ctr' | 'r'
  if (first.anchor === 'middle') {
    algn = 'ctr'
    centreWithInsets(first.x - (box.x + box.width / 2), ins, 'l', 'r')
  } else if (first.anchor === 'end') {
    algn = 'r'
    ins.r = Math.max(0, box.x + box.width - first.x)
  } else {
    algn = 'l'
    ins.l = Math.max(0, first.x - box.x)
  }
  // Centred text stays centred when edited; captions and notes hang from their top.
  const anchor = first.anchor === 'middle' ? 'ctr' : 't'
  if (anchor === 'ctr') {
    centreWithInsets(block.top - (box.y + (box.height - block.height) / 2), ins, 't', 'b')
  } else ins.t = Math.max(0, block.top - box.y)
  const bodyPr =
    `<a:bodyPr vert="horz" wrap="none" lIns="${unit(ins.l)}" tIns="${unit(ins.t)}" rIns="${unit(ins.r)}" bIns="${unit(ins.b)}"` +
    ` anchor="${anchor}" anchorCtr="0" rtlCol="0"><a:noAutofit/></a:bodyPr>`
  const paragraphs = lines
    .map((line, i) => paragraphXml(line, block.heights[i]!, algn, ctx))
    .join('')
  return `<p:txBody>${bodyPr}<a:lstStyle/>${paragraphs}</p:txBody>`
}

/** Moves centred content by `offset` with an inset on one side (twice the offset). */
function centreWithInsets(
  offset: number,
  ins: Record<'l' | 't' | 'r' | 'b', number>,
  before: 'l' | 't',
  after: 'r' | 'b',
): void {
  // The SVG's coordinates are rounded to 0.01: smaller offsets are rounding.
  if (Math.abs(offset) < 0.05) return
  if (offset > 0) ins[before] = 2 * offset
  else ins[after] = -2 * offset
}

/** 1/100 pt at the placed size, for a length in SVG units. */
const centipoints = (v: number, ctx: EmitContext) => Math.round(v * ctx.pxPerUnit * 75)

function paragraphXml(line: Line, height: number, algn: string, ctx: EmitContext): string {
  const sz = Math.min(400000, Math.max(100, centipoints(line.size, ctx)))
  const runs = line.runs.map((run) => runXml(run, sz, ctx)).join('')
  const pPr =
    `<a:pPr algn="${algn}" indent="0" marL="0"><a:lnSpc><a:spcPts val="${centipoints(height, ctx)}"/></a:lnSpc>` +
    `<a:spcBef><a:spcPts val="0"/></a:spcBef><a:spcAft><a:spcPts val="0"/></a:spcAft><a:buNone/></a:pPr>`
  return `<a:p>${pPr}${runs}<a:endParaRPr lang="${lang(line.runs.map((r) => r.text).join(''))}" sz="${sz}" dirty="0"/></a:p>`
}

function runXml(run: Run, sz: number, ctx: EmitContext): string {
  const face = attr(ctx.typeface)
  const rPr =
    `<a:rPr lang="${lang(run.text)}" altLang="en-US" sz="${sz}" b="${run.bold ? 1 : 0}" dirty="0">` +
    `<a:solidFill>${colorXml(run.paint)}</a:solidFill>` +
    `<a:latin typeface="${face}"/><a:ea typeface="${face}"/><a:cs typeface="${face}"/></a:rPr>`
  return `<a:r>${rPr}<a:t>${text(run.text)}</a:t></a:r>`
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u
const lang = (s: string) => (JAPANESE.test(s) ? 'ja-JP' : 'en-US')

/** A shape's description for the selection pane and screen readers: `label (detail)`. */
function describeLines(lines: readonly Line[]): string {
  const byRole = new Map<string, string[]>()
  for (const line of lines) {
    const role = line.role === 'detail' ? 'detail' : 'main'
    const list = byRole.get(role) ?? []
    list.push(line.runs.map((r) => r.text).join(''))
    byRole.set(role, list)
  }
  const main = joinWrapped(byRole.get('main') ?? [])
  const detail = joinWrapped(byRole.get('detail') ?? [])
  return detail ? `${main} (${detail})` : main
}

/** Rejoins wrapped lines: a space between two Latin words, nothing between Japanese. */
function joinWrapped(lines: readonly string[]): string {
  return lines.reduce((joined, line) => {
    if (!joined) return line
    const latin = /[\u0021-\u024f]$/.test(joined) && /^[\u0021-\u024f]/.test(line)
    return joined + (latin ? ' ' : '') + line
  }, '')
}

/** Whether XML 1.0 can hold this code point (no control characters, lone surrogates, U+FFFE/F). */
function xmlChar(ch: string): boolean {
  const c = ch.codePointAt(0)!
  if (c < 0x20) return c === 0x9 || c === 0xa || c === 0xd
  return !(c >= 0xd800 && c <= 0xdfff) && c !== 0xfffe && c !== 0xffff
}

function text(s: string): string {
  return [...s]
    .filter(xmlChar)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

function attr(s: string): string {
  return text(s)
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;')
    .replace(/\r/g, '&#13;')
}
