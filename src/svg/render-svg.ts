/**
 * SVG stage: turns a layout into svgson nodes and then a string. Pure: colours, the font
 * subset and the emphasis are passed in. The output is self-contained (font embedded as
 * a data URL; no scripts, filters, foreignObject or external references) so it looks the
 * same as an <img>, inline, in VS Code, in a PDF and in a PPTX.
 */
import type { INode } from 'svgson'
import type { DiagramLayout, PlacedBox, PlacedBrace, TextLine } from '../layout/geometry.ts'
import { METRICS } from '../layout/layout.ts'
import type { Palette } from '../theme/palette.ts'
import { FONT_FAMILY } from '../text/font.ts'
import { woffFontFace } from '../text/subset.ts'
import { el, num, textNodes, toXml } from './svg-node.ts'

export interface SvgOptions {
  /**
   * Prefix for every id in the document, unique per diagram: `sd-type1`. Items are
   * `<prefix>-<key>` (keys start with a letter or `_`), generated parts `<prefix>--title`,
   * so no item id can collide with them.
   */
  readonly idPrefix: string
  readonly title: string
  readonly description: string
  readonly palette: Palette
  /** Base64 WOFF subset holding every character drawn. */
  readonly fontBase64: string
  /** Key of the highlighted item; the others are dimmed. */
  readonly emphasis: string | undefined
}

const RADIUS = 6
/** Must stay within the layout's margin (see METRICS.margin). */
const OUTLINE_GAP = 2

export function renderSvg(layout: DiagramLayout, options: SvgOptions): string {
  return toXml(buildSvg(layout, options))
}

export function buildSvg(layout: DiagramLayout, options: SvgOptions): INode {
  const { idPrefix: prefix, palette } = options
  const family = prefix
  const lit = litKeys(layout.boxes, options.emphasis)
  const body: INode[] = [
    el('title', { id: `${prefix}--title` }, textNodes(options.title)),
    el('desc', { id: `${prefix}--desc` }, textNodes(options.description)),
    el('style', {}, textNodes(woffFontFace(family, options.fontBase64))),
    ...layout.boxes.map((box) => drawBox(box, prefix, palette, options.emphasis, lit)),
    ...layout.braces.map((brace, i) => drawBrace(brace, `${prefix}--brace-${i}`, palette)),
    ...layout.captions.map((line) => drawText(line, palette.annotation)),
  ]
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: layout.width,
      height: layout.height,
      viewBox: `0 0 ${num(layout.width)} ${num(layout.height)}`,
      role: 'img',
      'aria-labelledby': `${prefix}--title ${prefix}--desc`,
      id: prefix,
      // Unquoted (CSS allows family names made of identifiers): svgson's parser does not
      // decode &quot;, and the output must survive its round trip.
      'font-family': `${family}, ${FONT_FAMILY}, sans-serif`,
      // Spaces inside labels were measured; keep them instead of collapsing.
      'xml:space': 'preserve',
    },
    body,
  )
}

/** Keys that stay at full strength: all when nothing is emphasized, else the emphasized item and what it holds. */
function litKeys(
  boxes: readonly PlacedBox[],
  emphasis: string | undefined,
): ReadonlySet<string> | undefined {
  if (emphasis === undefined) return undefined
  const target = boxes.find((b) => b.key === emphasis)
  return new Set([emphasis, ...(target?.children ?? [])])
}

function drawBox(
  box: PlacedBox,
  prefix: string,
  palette: Palette,
  emphasis: string | undefined,
  lit: ReadonlySet<string> | undefined,
): INode {
  const { x, y, width, height } = box.rect
  const emphasized = box.key === emphasis
  const dimmed = lit !== undefined && !lit.has(box.key) && !box.framed
  const attrs = {
    id: `${prefix}-${box.key}`,
    'data-kind': box.kind,
    'data-dimmed': dimmed ? 'true' : undefined,
  }
  if (box.kind === 'row' || (box.kind === 'group' && !box.framed)) {
    // Rows and unframed groups only arrange their children; emphasis still needs an outline.
    return el('g', attrs, emphasized ? [outline(box, palette.emphasis)] : [])
  }
  // Dimmed boxes get colours of their own, not opacity: see DimmedColors in palette.ts.
  const tone = (dimmed ? palette.dimmed : palette).tones[box.tone]
  const rect = box.framed
    ? el('rect', {
        x,
        y,
        width,
        height,
        rx: RADIUS,
        // A toned group (a container, a VM) gets a wash of its tone behind its layers.
        fill: box.tone === 'neutral' ? 'none' : tone.fill,
        'fill-opacity': box.tone === 'neutral' ? undefined : 0.35,
        stroke: emphasized ? palette.emphasis : palette.frame,
        'stroke-width': emphasized ? 3 : 1.5,
        'stroke-dasharray': emphasized ? undefined : '6 4',
      })
    : el('rect', {
        x,
        y,
        width,
        height,
        rx: RADIUS,
        fill: tone.fill,
        stroke: emphasized ? palette.emphasis : dimmed ? palette.dimmed.stroke : palette.stroke,
        'stroke-width': emphasized ? 4 : 1,
      })
  const color = box.framed ? palette.frameText : tone.text
  return el('g', attrs, [rect, ...box.lines.map((line) => drawText(line, color))])
}

/** Drawn just outside the box, so it does not sit on the frames of the children. */
function outline(box: PlacedBox, color: string): INode {
  const { x, y, width, height } = box.rect
  const gap = OUTLINE_GAP
  return el('rect', {
    x: x - gap,
    y: y - gap,
    width: width + 2 * gap,
    height: height + 2 * gap,
    rx: RADIUS + gap,
    fill: 'none',
    stroke: color,
    'stroke-width': 3,
  })
}

function drawBrace(brace: PlacedBrace, id: string, palette: Palette): INode {
  const arm = METRICS.braceArm
  const { x, top, bottom } = brace
  const mid = (top + bottom) / 2
  // A square bracket with a nib at the middle: clear at any height, unlike a curly brace.
  const d = `M${num(x - arm)} ${num(top + 1)}H${num(x)}V${num(bottom - 1)}H${num(x - arm)}M${num(x)} ${num(mid)}H${num(x + 4)}`
  return el('g', { id, 'data-kind': 'brace' }, [
    el('path', { d, fill: 'none', stroke: palette.annotation, 'stroke-width': 2 }),
    ...brace.lines.map((line) => drawText(line, palette.annotation)),
  ])
}

function drawText(line: TextLine, color: string): INode {
  return el(
    'text',
    {
      x: line.x,
      y: line.y,
      'font-size': line.size,
      'text-anchor': line.anchor === 'middle' ? 'middle' : undefined,
      fill: color,
      'data-role': line.role,
    },
    textNodes(line.text),
  )
}
