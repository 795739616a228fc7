/**
 * The in-page half of the editable PPTX: reads every slide of a rendered Marp deck as
 * Chromium laid it out (the check's page, so the slides are rendered once for both) and
 * returns plain data (slide-data.ts). `extractSlides` runs inside Chromium (puppeteer
 * serializes it), so it is one self-contained function: everything it calls is declared
 * inside it, and it may only use what the page has.
 *
 * What it keeps is what a viewer sees:
 * - text as blocks (a heading, a paragraph, a list, a code block, header, footer, the page
 *   number), each paragraph with its runs (bold, italic, colour, code, links) and the
 *   geometry Chromium gave it: the block's box, line pitch, the gaps between paragraphs,
 *   list indents and markers;
 * - boxes that paint (a code block's background, a blockquote's border, inline code) as
 *   rectangles behind the text;
 * - images where they are drawn; SVG images (emoji, MathJax, logos) drawn to PNG here at
 *   twice their size, since not every PPTX viewer shows SVG pictures; stackdeck diagrams
 *   (recognised by their SVG's root id, `diagramSvgStart`) as their SVG, for native shapes;
 * - backgrounds: the section's colour and linear gradient, background images (Marp's
 *   `bg` figures with their size, position and opacity) as pictures behind everything;
 * - tables cell by cell.
 */
import type {
  Box,
  Bullet,
  Colour,
  DiagramItem,
  ImageItem,
  Paragraph,
  ExtractedItem,
  ShapeItem,
  SlideBackground,
  SlideData,
  SnapshotItem,
  TableCell,
  TableItem,
  TextBlock,
  TextRun,
} from './slide-data.ts'

export type ExtractedSlide = Omit<SlideData, 'notes' | 'items'> & {
  readonly items: readonly ExtractedItem[]
}

/**
 * Runs in the page (puppeteer serializes it: it imports nothing). `diagramSvgStart` is
 * `STACKDECK_SVG_START.source` (src/diagrams/diagram-files.ts), the one rule for what a
 * stackdeck diagram is.
 */
export async function extractSlides(diagramSvgStart: string): Promise<ExtractedSlide[]> {
  const diagramStart = new RegExp(diagramSvgStart)
  type Role = TextBlock['role']
  interface Line {
    top: number
    bottom: number
    left: number
    right: number
  }
  interface ParagraphDraft {
    runs: TextRun[]
    lines: Line[]
    align: Paragraph['align']
    lineHeight: number
    left: number
    hanging: number
    bullet?: Bullet
    level: number
  }
  type ToSlide = (rect: DOMRectReadOnly) => Box
  /** What a text block brings besides its text: boxes painted behind it, pictures in it. */
  type Pending = ShapeItem | HTMLImageElement | SVGSVGElement | SnapshotItem

  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })!
  const range = document.createRange()
  const BLOCK_TEXT = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])
  const slides: ExtractedSlide[] = []

  for (const svg of Array.from(document.querySelectorAll('svg[data-marpit-svg]'))) {
    if (svg instanceof SVGSVGElement) slides.push(await readSlide(svg))
  }
  return slides

  async function readSlide(svg: SVGSVGElement): Promise<ExtractedSlide> {
    const view = svg.viewBox.baseVal
    const matrix = svg.getScreenCTM()?.inverse() ?? new DOMMatrix()
    const toSlide: ToSlide = (rect) => {
      const a = new DOMPoint(rect.left, rect.top).matrixTransform(matrix)
      const b = new DOMPoint(rect.right, rect.bottom).matrixTransform(matrix)
      return { x: a.x, y: a.y, w: b.x - a.x, h: b.y - a.y }
    }
    const sections = Array.from(svg.querySelectorAll(':scope > foreignObject > section'))
    const role = (s: Element) => s.getAttribute('data-marpit-advanced-background')
    const content = sections.find((s) => role(s) === null || role(s) === 'content')
    const backdrop = sections.find((s) => role(s) === 'background')
    const pseudo = sections.find((s) => role(s) === 'pseudo')
    const items: ExtractedItem[] = []
    const main = backdrop ?? content
    const background = main ? readBackground(main) : { colour: { hex: 'FFFFFF', alpha: 1 } }
    if (main) items.push(...(await backgroundImages(main, toSlide)))
    if (backdrop) {
      for (const figure of Array.from(backdrop.querySelectorAll('figure'))) {
        items.push(...(await backgroundImages(figure, toSlide)))
      }
    }
    if (content instanceof HTMLElement) {
      for (const child of Array.from(content.children)) await walk(child, items, toSlide)
      for (const which of ['::before', '::after'] as const) {
        const host = pseudo instanceof HTMLElement ? pseudo : content
        const block = pseudoText(host, which, toSlide)
        if (block) items.push(block)
      }
    }
    return { width: view.width, height: view.height, background, items }
  }

  // ------------------------------------------------------------------ walking the content

  async function walk(element: Element, items: ExtractedItem[], toSlide: ToSlide): Promise<void> {
    const style = getComputedStyle(element)
    if (!visible(element, style)) return
    const tag = element.localName
    if (tag === 'script' || tag === 'style' || element.classList.contains('katex-mathml')) return
    items.push(...paintedBoxes(element, style, toSlide))
    if (isMath(element)) {
      items.push(snapshotOf(element, toSlide))
      return
    }
    if (element instanceof HTMLImageElement) {
      const image = await imageItem(element, toSlide)
      if (image) items.push(image)
      return
    }
    if (element instanceof SVGSVGElement) {
      const image = await svgItem(element, toSlide)
      if (image) items.push(image)
      return
    }
    if (element instanceof HTMLTableElement) {
      await tableItems(element, toSlide, items)
      return
    }
    if (tag === 'ul' || tag === 'ol') {
      await listBlock(element, toSlide, items)
      return
    }
    if (hasInlineContent(element)) {
      const pending: Pending[] = []
      const drafts = inlineParagraphs(element, toSlide, pending)
      const block = textBlock(element, drafts, roleOf(element, tag), toSlide)
      await settle(block, pending, items, toSlide)
      for (const child of Array.from(element.children)) {
        if (isBlock(child)) await walk(child, items, toSlide)
      }
      return
    }
    for (const child of Array.from(element.children)) await walk(child, items, toSlide)
  }

  function roleOf(element: Element, tag: string): Role {
    if (BLOCK_TEXT.has(tag)) return 'heading'
    if (element.closest('header')) return 'header'
    if (element.closest('footer')) return 'footer'
    if (tag === 'pre' || element.closest('pre, marp-pre')) return 'code'
    return 'body'
  }

  function visible(element: Element, style: CSSStyleDeclaration): boolean {
    if (style.display === 'none' || style.visibility === 'hidden') return false
    if (parseFloat(style.opacity) === 0) return false
    return element.getClientRects().length > 0 || element.localName === 'br'
  }

  function isBlock(element: Element): boolean {
    const display = getComputedStyle(element).display
    return !display.startsWith('inline') && display !== 'contents' && display !== 'none'
  }

  /** Text, or inline elements, directly inside: the element is a paragraph of some kind. */
  function hasInlineContent(element: Element): boolean {
    for (const node of Array.from(element.childNodes)) {
      if (node instanceof Text && /\S/.test(node.data)) return true
      if (node instanceof Element && !isBlock(node) && visible(node, getComputedStyle(node))) {
        return true
      }
    }
    return false
  }

  // ---------------------------------------------------------------------------- text

  /**
   * The element's inline content as paragraphs: one, or several where a block child sits
   * between inline runs (those blocks are walked on their own).
   */
  function inlineParagraphs(
    element: Element,
    toSlide: ToSlide,
    pending: Pending[],
  ): ParagraphDraft[] {
    const style = getComputedStyle(element)
    const drafts: ParagraphDraft[] = []
    let nodes: Node[] = []
    const flush = () => {
      if (nodes.length > 0) {
        const draft = paragraphDraft(element, style, nodes, toSlide, pending)
        if (draft) drafts.push(draft)
      }
      nodes = []
    }
    for (const node of Array.from(element.childNodes)) {
      if (node instanceof Element && isBlock(node)) flush()
      else nodes.push(node)
    }
    flush()
    return drafts
  }

  function paragraphDraft(
    element: Element,
    style: CSSStyleDeclaration,
    nodes: readonly Node[],
    toSlide: ToSlide,
    pending: Pending[],
  ): ParagraphDraft | undefined {
    const pre = style.whiteSpace.startsWith('pre') || style.whiteSpace === 'break-spaces'
    const runs: TextRun[] = []
    const texts: Text[] = []
    for (const node of nodes) collectRuns(node, runs, texts, pre, toSlide, pending)
    const cleaned = pre ? runs : collapseSpaces(runs)
    if (!cleaned.some((r) => !r.br && r.text.length > 0)) return undefined
    const lines = lineBoxes(texts, toSlide)
    if (lines.length === 0) return undefined
    return {
      runs: cleaned,
      lines,
      align: alignOf(style.textAlign),
      lineHeight: lineHeightOf(element, style, lines, toSlide),
      // Preformatted text starts where its first character is (a code block's inline-block
      // has padding of its own); other text at its content box, the width it wraps in.
      left: pre ? Math.min(...lines.map((l) => l.left)) : toSlide(contentRect(element)).x,
      hanging: 0,
      level: 0,
    }
  }

  function collectRuns(
    node: Node,
    runs: TextRun[],
    texts: Text[],
    pre: boolean,
    toSlide: ToSlide,
    pending: Pending[],
  ): void {
    if (node instanceof Text) {
      const parent = node.parentElement
      if (!parent || node.data.length === 0) return
      const style = getComputedStyle(parent)
      texts.push(node)
      const transformed = transform(node.data, style.textTransform)
      if (pre) {
        transformed.split('\n').forEach((piece, i) => {
          if (i > 0) runs.push(runOf('', parent, style, true))
          if (piece) runs.push(runOf(piece, parent, style, false))
        })
      } else {
        runs.push(runOf(transformed.replace(/[ \t\n\r\f]+/g, ' '), parent, style, false))
      }
      return
    }
    if (!(node instanceof Element)) return
    const style = getComputedStyle(node)
    if (!visible(node, style) || node.classList.contains('katex-mathml')) return
    if (node.localName === 'br') {
      runs.push(runOf('', node, style, true))
      return
    }
    if (node instanceof HTMLImageElement || node instanceof SVGSVGElement || isMath(node)) {
      // Emoji and inline math: pictures over the text box, read once the block is done,
      // and a gap of their width in the text.
      pending.push(
        isMath(node) ? snapshotOf(node, toSlide) : (node as HTMLImageElement | SVGSVGElement),
      )
      const parent = node.parentElement ?? node
      const box = toSlide(node.getBoundingClientRect())
      if (box.w > 0) runs.push(gapRun(parent, getComputedStyle(parent), box.w, 'picture'))
      return
    }
    pending.push(...paintedBoxes(node, style, toSlide))
    // Inline code and other padded inline boxes: their padding, border and margin are
    // room in the line that a PPTX run has not, kept as gaps on either side.
    const px = (v: string) => parseFloat(v) || 0
    const before = px(style.marginLeft) + px(style.borderLeftWidth) + px(style.paddingLeft)
    const after = px(style.marginRight) + px(style.borderRightWidth) + px(style.paddingRight)
    const gap = (width: number) => {
      const scale = toSlide(new DOMRect(0, 0, 1, 1)).w
      if (width * scale > 0.5) runs.push(gapRun(node, style, width * scale, 'padding'))
    }
    // Not in preformatted text: there the box is the whole code block, already drawn.
    if (!pre) gap(before)
    for (const child of Array.from(node.childNodes)) {
      collectRuns(child, runs, texts, pre, toSlide, pending)
    }
    if (!pre) gap(after)
  }

  function runOf(text: string, element: Element, style: CSSStyleDeclaration, br: boolean): TextRun {
    const weight = parseInt(style.fontWeight, 10)
    const decoration = style.textDecorationLine
    const link = element.closest('a[href]')?.getAttribute('href') ?? undefined
    const align = style.verticalAlign
    const code = element.closest('code, pre, kbd, samp') !== null
    const highlight = inlineBackground(element)
    return {
      text,
      ...(br ? { br: true } : {}),
      size: parseFloat(style.fontSize) * scaleOf(element),
      font: firstFamily(style.fontFamily),
      bold: weight >= 600,
      italic: style.fontStyle !== 'normal',
      underline: decoration.includes('underline'),
      strike: decoration.includes('line-through'),
      colour: colourOf(style.color),
      ...(link && !link.startsWith('#') ? { link } : {}),
      code,
      ...(align === 'sub' ? { baseline: 'sub' as const } : {}),
      ...(align === 'super' ? { baseline: 'super' as const } : {}),
      ...(parseFloat(style.letterSpacing)
        ? { spacing: parseFloat(style.letterSpacing) * scaleOf(element) }
        : {}),
      ...(highlight ? { highlight } : {}),
    }
  }

  /**
   * How much smaller than laid out an element is drawn on the slide: Marp shrinks code
   * blocks and `fit` headings that would overflow (an SVG scaling its content), so their
   * font sizes and line pitches shrink by the same factor. 1 elsewhere.
   */
  function scaleOf(element: Element): number {
    const box = element instanceof HTMLElement ? element : element.parentElement
    if (!box || box.offsetWidth === 0) return 1
    const svg = box.closest('svg[data-marpit-svg]')
    const perPagePx =
      svg instanceof SVGSVGElement && svg.getBoundingClientRect().width > 0
        ? svg.viewBox.baseVal.width / svg.getBoundingClientRect().width
        : 1
    const scale = (box.getBoundingClientRect().width * perPagePx) / box.offsetWidth
    // offsetWidth is whole px: a ratio this close to 1 is rounding, not scaling.
    return Math.abs(scale - 1) < 0.02 ? 1 : scale
  }

  /** KaTeX draws with positioned HTML in its own fonts: kept as a picture. */
  function isMath(node: Node): boolean {
    return (
      node instanceof Element &&
      (node.classList.contains('katex-display') ||
        (node.classList.contains('katex') && !node.closest('.katex-display')))
    )
  }

  function snapshotOf(element: Element, toSlide: ToSlide): SnapshotItem {
    const rect = element.getBoundingClientRect()
    return {
      kind: 'snapshot',
      box: toSlide(rect),
      pageBox: {
        x: rect.left + window.scrollX,
        y: rect.top + window.scrollY,
        w: rect.width,
        h: rect.height,
      },
      alt: element.querySelector('annotation')?.textContent ?? '',
    }
  }

  /**
   * Room of `width` slide px in a line: an ideographic space (1 em wide in Japanese fonts)
   * in the element's font, letter-spaced to that width.
   */
  function gapRun(
    element: Element,
    style: CSSStyleDeclaration,
    width: number,
    gap: 'picture' | 'padding',
  ): TextRun {
    const size = (parseFloat(style.fontSize) || 16) * scaleOf(element)
    return { ...runOf('\u3000', element, style, false), spacing: width - size, gap }
  }

  /** The background of the nearest inline box around `element` (inline code), if any. */
  function inlineBackground(element: Element): Colour | undefined {
    for (let at: Element | null = element; at && !isBlock(at); at = at.parentElement) {
      const fill = colourOf(getComputedStyle(at).backgroundColor)
      if (fill.alpha > 0) return fill
    }
    return undefined
  }

  /** CSS `white-space: normal` across the runs of one paragraph. */
  function collapseSpaces(runs: readonly TextRun[]): TextRun[] {
    const out: TextRun[] = []
    let afterSpace = true
    for (const run of runs) {
      if (run.br) {
        const last = out[out.length - 1]
        if (last && !last.br) out[out.length - 1] = { ...last, text: last.text.replace(/ $/, '') }
        out.push(run)
        afterSpace = true
        continue
      }
      let text = run.text
      if (afterSpace) text = text.replace(/^ /, '')
      if (text.length === 0) continue
      afterSpace = text.endsWith(' ')
      out.push({ ...run, text })
    }
    const last = out[out.length - 1]
    if (last && !last.br) {
      const text = last.text.replace(/ $/, '')
      if (text) out[out.length - 1] = { ...last, text }
      else out.pop()
    }
    return out
  }

  function transform(text: string, how: string): string {
    if (how === 'uppercase') return text.toUpperCase()
    if (how === 'lowercase') return text.toLowerCase()
    if (how === 'capitalize') return text.replace(/\b\p{L}/gu, (c) => c.toUpperCase())
    return text
  }

  /** The line boxes the text nodes occupy, top to bottom (slide px). */
  function lineBoxes(texts: readonly Text[], toSlide: ToSlide): Line[] {
    const rects: Box[] = []
    for (const text of texts) {
      range.selectNodeContents(text)
      for (const rect of Array.from(range.getClientRects())) {
        if (rect.width > 0 || rect.height > 0) rects.push(toSlide(rect))
      }
    }
    rects.sort((a, b) => a.y - b.y)
    const lines: Line[] = []
    for (const r of rects) {
      // Same line: centres closer than a third of the smaller height (with a tight line
      // pitch, the text of the next line overlaps this line's box).
      const line = lines.find(
        (l) =>
          Math.abs(r.y + r.h / 2 - (l.top + l.bottom) / 2) < Math.min(r.h, l.bottom - l.top) / 3,
      )
      if (line) {
        line.left = Math.min(line.left, r.x)
        line.right = Math.max(line.right, r.x + r.w)
        line.top = Math.min(line.top, r.y)
        line.bottom = Math.max(line.bottom, r.y + r.h)
      } else {
        lines.push({ top: r.y, bottom: r.y + r.h, left: r.x, right: r.x + r.w })
      }
    }
    return lines.sort((a, b) => a.top - b.top)
  }

  /** The pitch of the element's lines: its CSS line height, or what Chromium made of `normal`. */
  function lineHeightOf(
    element: Element,
    style: CSSStyleDeclaration,
    lines: readonly Line[],
    toSlide: ToSlide,
  ): number {
    // Several lines: the pitch is read from where they are (a code block's lines sit in
    // an inline-block with a line height of its own; Marp shrinks long code to fit).
    if (lines.length >= 2) {
      const steps = lines
        .slice(1)
        .map((l, i) => (l.top + l.bottom - lines[i]!.top - lines[i]!.bottom) / 2)
      return steps.sort((a, b) => a - b)[Math.floor(steps.length / 2)]!
    }
    const css = parseFloat(style.lineHeight)
    if (style.lineHeight.endsWith('px') && css > 0) return css * scaleOf(element)
    const box = toSlide(contentRect(element))
    if (lines.length > 0 && box.h > 0) return box.h / lines.length
    return parseFloat(style.fontSize) * 1.2
  }

  function textBlock(
    element: Element,
    drafts: readonly ParagraphDraft[],
    role: Role,
    toSlide: ToSlide,
  ): TextBlock | undefined {
    if (drafts.length === 0) return undefined
    const area = toSlide(contentRect(element))
    const style = getComputedStyle(element)
    const nowrap = style.whiteSpace === 'nowrap' || style.whiteSpace === 'pre'
    return blockFrom(drafts, role, area.x + area.w, nowrap)
  }

  /**
   * A text box holding `drafts`: it starts at the first line box's top (a line box is
   * centred on its text, as CSS centres it with half-leading) and ends where the block's
   * content area ends on the right, so lines wrap where Chromium wrapped them.
   */
  function blockFrom(
    drafts: readonly ParagraphDraft[],
    role: Role,
    right: number,
    nowrap: boolean,
  ): TextBlock {
    const lineTop = (d: ParagraphDraft, line: Line) =>
      (line.top + line.bottom) / 2 - d.lineHeight / 2
    const first = drafts[0]!
    const top = lineTop(first, first.lines[0]!)
    const left = Math.min(...drafts.map((d) => d.left - d.hanging))
    let bottom = top
    const paragraphs: Paragraph[] = drafts.map((d) => {
      const start = lineTop(d, d.lines[0]!)
      const spaceBefore = Math.max(0, start - bottom)
      const lastLine = d.lines[d.lines.length - 1]!
      const lines = Math.max(1, Math.round((lineTop(d, lastLine) - start) / d.lineHeight) + 1)
      bottom = Math.max(bottom, start + lines * d.lineHeight)
      return {
        runs: d.runs,
        align: d.align,
        lineHeight: d.lineHeight,
        spaceBefore,
        indent: d.left - left,
        hanging: d.hanging,
        ...(d.bullet ? { bullet: d.bullet } : {}),
        level: d.level,
        lines,
        textHeight: d.lines[0]!.bottom - d.lines[0]!.top,
      }
    })
    const widest = Math.max(...drafts.flatMap((d) => d.lines.map((l) => l.right)))
    return {
      kind: 'text',
      role,
      box: { x: left, y: top, w: Math.max(right, widest) - left, h: bottom - top },
      paragraphs,
      anchor: 'top',
      nowrap,
    }
  }

  function alignOf(value: string): Paragraph['align'] {
    if (value === 'center' || value === '-webkit-center') return 'center'
    if (value === 'right' || value === 'end' || value === '-webkit-right') return 'right'
    if (value === 'justify') return 'justify'
    return 'left'
  }

  // ---------------------------------------------------------------------------- lists

  async function listBlock(list: Element, toSlide: ToSlide, items: ExtractedItem[]): Promise<void> {
    const drafts: ParagraphDraft[] = []
    const pending: Pending[] = []
    listDrafts(list, 0, toSlide, drafts, pending)
    const area = toSlide(contentRect(list))
    const block = drafts.length > 0 ? blockFrom(drafts, 'list', area.x + area.w, false) : undefined
    await settle(block, pending, items, toSlide)
  }

  /** Painted boxes behind the block, then the block, then its pictures. */
  async function settle(
    block: TextBlock | undefined,
    pending: readonly Pending[],
    items: ExtractedItem[],
    toSlide: ToSlide,
  ): Promise<void> {
    for (const p of pending) if (!(p instanceof Element) && p.kind === 'rect') items.push(p)
    if (block) items.push(block)
    for (const p of pending) {
      if (!(p instanceof Element)) {
        if (p.kind === 'snapshot') items.push(p)
        continue
      }
      const image =
        p instanceof HTMLImageElement ? await imageItem(p, toSlide) : await svgItem(p, toSlide)
      if (image) items.push(image)
    }
  }

  function listDrafts(
    list: Element,
    level: number,
    toSlide: ToSlide,
    drafts: ParagraphDraft[],
    pending: Pending[],
  ): void {
    const ordered = list.localName === 'ol'
    let number = ordered ? ((list as HTMLOListElement).start ?? 1) : 1
    for (const item of Array.from(list.children)) {
      const style = getComputedStyle(item)
      if (item.localName !== 'li' || !visible(item, style)) continue
      const value = item.getAttribute('value')
      if (value !== null && !Number.isNaN(parseInt(value, 10))) number = parseInt(value, 10)
      const marker = markerOf(item, style, number)
      let first = true
      const inline: Node[] = []
      const flushInline = () => {
        if (inline.length === 0) return
        const draft = paragraphDraft(item, style, inline.splice(0), toSlide, pending)
        if (draft) addDraft(draft)
      }
      const addDraft = (draft: ParagraphDraft) => {
        draft.level = level
        if (first && marker) {
          draft.bullet = marker.bullet
          draft.hanging = marker.width
        }
        first = false
        drafts.push(draft)
      }
      for (const child of Array.from(item.childNodes)) {
        if (!(child instanceof Element) || !isBlock(child)) {
          inline.push(child)
          continue
        }
        flushInline()
        if (child.localName === 'ul' || child.localName === 'ol') {
          listDrafts(child, level + 1, toSlide, drafts, pending)
        } else if (hasInlineContent(child)) {
          for (const draft of inlineParagraphs(child, toSlide, pending)) addDraft(draft)
        }
      }
      flushInline()
      number++
    }
  }

  function markerOf(
    item: Element,
    style: CSSStyleDeclaration,
    number: number,
  ): { bullet: Bullet; width: number } | undefined {
    const type = style.listStyleType
    if (type === 'none' || style.display !== 'list-item') return undefined
    const marker = getComputedStyle(item, '::marker')
    const size = parseFloat(marker.fontSize) || parseFloat(style.fontSize)
    const font = `${marker.fontWeight} ${size}px ${marker.fontFamily}`
    const colour = colourOf(marker.color)
    const family = firstFamily(marker.fontFamily)
    const chars: Record<string, string> = { disc: '•', circle: '◦', square: '▪' }
    const char = chars[type]
    let text: string
    let bullet: Bullet
    if (char !== undefined) {
      text = `${char} `
      bullet = { kind: 'bullet', char, size, colour, font: family }
    } else {
      text = `${number}. `
      bullet = { kind: 'number', start: number, style: type, size, colour, font: family }
    }
    return {
      bullet,
      width: markerWidth(item) ?? (void (context.font = font), context.measureText(text).width),
    }
  }

  /**
   * How far the marker reaches left of the item's text: Chromium draws an outside marker
   * (a disc is a shape, not the glyph) in a box of its own that the DOM does not expose;
   * made `inside` for a moment, that box pushes the text right by its width.
   */
  function markerWidth(item: Element): number | undefined {
    if (!(item instanceof HTMLElement)) return undefined
    const firstLeft = () => {
      range.selectNodeContents(item)
      const rect = range.getClientRects()[0]
      return rect?.left
    }
    const before = firstLeft()
    const previous = item.style.listStylePosition
    item.style.listStylePosition = 'inside'
    const after = firstLeft()
    item.style.listStylePosition = previous
    if (before === undefined || after === undefined) return undefined
    const scale = item.offsetWidth > 0 ? item.getBoundingClientRect().width / item.offsetWidth : 1
    const width = (after - before) / scale
    return width > 0 ? width : undefined
  }

  // ------------------------------------------------------------------- painted boxes

  /** A block's background and borders as rectangles (inline elements: one per line box). */
  function paintedBoxes(
    element: Element,
    style: CSSStyleDeclaration,
    toSlide: ToSlide,
  ): ShapeItem[] {
    const shapes: ShapeItem[] = []
    const fill = colourOf(style.backgroundColor)
    const rects = isBlock(element)
      ? [element.getBoundingClientRect()]
      : Array.from(element.getClientRects())
    const radius = parseFloat(style.borderTopLeftRadius) || 0
    for (const rect of rects) {
      const box = toSlide(rect)
      if (box.w <= 0 || box.h <= 0) continue
      if (fill.alpha > 0) shapes.push({ kind: 'rect', box, fill, radius })
      const sides = [
        ['Top', { x: box.x, y: box.y, w: box.w, h: 0 }],
        ['Right', { x: box.x + box.w, y: box.y, w: 0, h: box.h }],
        ['Bottom', { x: box.x, y: box.y + box.h, w: box.w, h: 0 }],
        ['Left', { x: box.x, y: box.y, w: 0, h: box.h }],
      ] as const
      for (const [side, edge] of sides) {
        const width = parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`))
        const border = style.getPropertyValue(`border-${side.toLowerCase()}-style`)
        const colour = colourOf(style.getPropertyValue(`border-${side.toLowerCase()}-color`))
        if (!(width > 0) || border === 'none' || border === 'hidden' || colour.alpha === 0) continue
        shapes.push({
          kind: 'rect',
          box: {
            x: side === 'Right' ? edge.x - width : edge.x,
            y: side === 'Bottom' ? edge.y - width : edge.y,
            w: edge.w || width,
            h: edge.h || width,
          },
          fill: colour,
          radius: 0,
        })
      }
    }
    return shapes
  }

  // --------------------------------------------------------------------------- images

  async function imageItem(
    image: HTMLImageElement,
    toSlide: ToSlide,
  ): Promise<ImageItem | DiagramItem | undefined> {
    const src = image.currentSrc || image.src
    if (!src || !image.complete || image.naturalWidth === 0) return undefined
    const box = toSlide(contentRect(image))
    const alt = image.alt
    const diagram = diagramName(src)
    if (diagram !== undefined) return { kind: 'diagram', box, name: diagram, src, alt }
    const data = /^data:image\/svg\+xml/.test(src) ? await rasterize(src, box) : src
    const opacity = opacityOf(getComputedStyle(image))
    return { kind: 'image', box, clip: box, src: data, opacity, alt }
  }

  /**
   * A stackdeck diagram's name, read from the SVG itself: its root element's id is
   * `sd-<name>` (src/svg/render-svg.ts), whichever URL or data URL the slide used.
   */
  function diagramName(src: string): string | undefined {
    const m = /^data:image\/svg\+xml(;base64)?[^,]*,/.exec(src)
    if (!m) return undefined
    const body = src.slice(m[0].length, m[0].length + 4096)
    let head: string
    try {
      head = m[1]
        ? new TextDecoder().decode(toBytes(atob(body.slice(0, body.length - (body.length % 4)))))
        : decodeURIComponent(body)
    } catch {
      return undefined
    }
    return diagramStart.exec(head)?.[1]
  }

  function toBytes(binary: string): Uint8Array {
    return Uint8Array.from(binary, (c) => c.charCodeAt(0))
  }

  /** Inline SVG (MathJax, icons): serialized with its colours resolved, then drawn to PNG. */
  async function svgItem(svg: SVGSVGElement, toSlide: ToSlide): Promise<ImageItem | undefined> {
    const rect = svg.getBoundingClientRect()
    if (rect.width === 0 || rect.height === 0) return undefined
    const box = toSlide(rect)
    const copy = svg.cloneNode(true) as SVGSVGElement
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
    copy.setAttribute('width', String(box.w))
    copy.setAttribute('height', String(box.h))
    copy.style.color = getComputedStyle(svg).color
    // <use> may point at shared definitions elsewhere in the page (MathJax's font cache).
    for (const use of Array.from(copy.querySelectorAll('use'))) {
      const ref = use.getAttribute('href') ?? use.getAttribute('xlink:href')
      const target = ref?.startsWith('#') ? document.getElementById(ref.slice(1)) : null
      if (target && !copy.querySelector(ref!)) {
        const defs: Element =
          copy.querySelector('defs') ?? document.createElementNS(copy.namespaceURI, 'defs')
        if (!defs.parentNode) copy.prepend(defs)
        defs.append(target.cloneNode(true))
      }
    }
    const xml = new XMLSerializer().serializeToString(copy)
    const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`
    return {
      kind: 'image',
      box,
      clip: box,
      src: await rasterize(src, box),
      opacity: opacityOf(getComputedStyle(svg)),
      alt: svg.getAttribute('aria-label') ?? '',
    }
  }

  /** An SVG drawn to PNG at twice the size it is shown at. */
  async function rasterize(src: string, box: Box): Promise<string> {
    const image = new Image()
    image.src = src
    try {
      await image.decode()
    } catch {
      return src
    }
    const scale = 2
    const target = document.createElement('canvas')
    target.width = Math.max(1, Math.ceil(box.w * scale))
    target.height = Math.max(1, Math.ceil(box.h * scale))
    target.getContext('2d')!.drawImage(image, 0, 0, target.width, target.height)
    return target.toDataURL('image/png')
  }

  /**
   * The background images of an element (a `bg` figure or the section): each drawn where
   * CSS draws it (background-size cover/contain/explicit, background-position), clipped to
   * the element, with the element's opacity filter.
   */
  async function backgroundImages(element: Element, toSlide: ToSlide): Promise<ImageItem[]> {
    const style = getComputedStyle(element)
    const urls = [...style.backgroundImage.matchAll(/url\("?(.*?)"?\)/g)].map((m) => m[1]!)
    if (urls.length === 0) return []
    const clip = toSlide(element.getBoundingClientRect())
    const sizes = style.backgroundSize.split(',').map((s) => s.trim())
    const positions = style.backgroundPosition.split(',').map((s) => s.trim())
    const repeats = style.backgroundRepeat.split(',').map((s) => s.trim())
    // Filters other than opacity (Marp's `brightness:.5`, `grayscale` …) are drawn into
    // the picture; opacity stays the picture's own, so it remains editable.
    const filter = style.filter.replace(/opacity\([^)]*\)/g, '').trim()
    const items: ImageItem[] = []
    for (const [i, url] of urls.entries()) {
      const image = new Image()
      image.src = url
      try {
        await image.decode()
      } catch {
        continue
      }
      const box = drawnBox(
        clip,
        image.naturalWidth || clip.w,
        image.naturalHeight || clip.h,
        sizes[i] ?? sizes[0] ?? 'auto',
        positions[i] ?? positions[0] ?? '0% 0%',
      )
      const repeat = repeats[i] ?? repeats[0] ?? 'repeat'
      const tiled = !/^no-repeat( no-repeat)?$/.test(repeat) && box.w >= 1 && box.h >= 1
      if (tiled || (filter && filter !== 'none')) {
        // Tiles and filters, drawn as CSS draws them into one picture of the element.
        const src = paintLayer(image, clip, box, tiled, filter || 'none')
        items.push({ kind: 'image', box: clip, clip, src, opacity: opacityOf(style), alt: '' })
        continue
      }
      const src = /^data:image\/svg\+xml/.test(url) ? await rasterize(url, box) : url
      items.push({ kind: 'image', box, clip, src, opacity: opacityOf(style), alt: '' })
    }
    return items.reverse() // CSS paints the first layer on top
  }

  /**
   * A background layer over `area` as CSS paints it: the image at `tile` (its first
   * placement), repeated when `tiled`, through `filter`; at the slide's resolution.
   */
  function paintLayer(
    image: HTMLImageElement,
    area: Box,
    tile: Box,
    tiled: boolean,
    filter: string,
  ): string {
    const target = document.createElement('canvas')
    target.width = Math.max(1, Math.round(area.w))
    target.height = Math.max(1, Math.round(area.h))
    const paint = target.getContext('2d')!
    paint.filter = filter
    const x0 = tile.x - area.x
    const y0 = tile.y - area.y
    const stepX = tiled ? tile.w : Infinity
    const stepY = tiled ? tile.h : Infinity
    const startX = tiled ? x0 - Math.ceil(x0 / tile.w) * tile.w : x0
    const startY = tiled ? y0 - Math.ceil(y0 / tile.h) * tile.h : y0
    for (let y = startY; y < area.h; y += stepY) {
      for (let x = startX; x < area.w; x += stepX) {
        paint.drawImage(image, x, y, tile.w, tile.h)
        if (!Number.isFinite(stepX)) break
      }
      if (!Number.isFinite(stepY)) break
    }
    // A photo stays a JPEG (a PNG of it would be several times larger).
    return /^data:image\/jpe?g/.test(image.src)
      ? target.toDataURL('image/jpeg', 0.9)
      : target.toDataURL('image/png')
  }

  function drawnBox(area: Box, iw: number, ih: number, size: string, position: string): Box {
    let w = iw
    let h = ih
    if (size === 'cover' || size === 'contain') {
      const scale = (size === 'cover' ? Math.max : Math.min)(area.w / iw, area.h / ih)
      w = iw * scale
      h = ih * scale
    } else if (size !== 'auto' && size !== 'auto auto') {
      const [sw = 'auto', sh = 'auto'] = size.split(/\s+/)
      const length = (v: string, full: number) =>
        v.endsWith('%') ? (parseFloat(v) / 100) * full : parseFloat(v)
      if (sw !== 'auto') w = length(sw, area.w)
      if (sh !== 'auto') h = length(sh, area.h)
      if (sw === 'auto' && sh !== 'auto') w = (iw * h) / ih
      if (sh === 'auto' && sw !== 'auto') h = (ih * w) / iw
    }
    const [px = '50%', py = '50%'] = position.split(/\s+/)
    const offset = (v: string, free: number) =>
      v.endsWith('%') ? (parseFloat(v) / 100) * free : parseFloat(v) || 0
    return { x: area.x + offset(px, area.w - w), y: area.y + offset(py, area.h - h), w, h }
  }

  function opacityOf(style: CSSStyleDeclaration): number {
    let opacity = parseFloat(style.opacity)
    const filter = /opacity\(([\d.]+)(%?)\)/.exec(style.filter)
    if (filter) opacity *= parseFloat(filter[1]!) / (filter[2] ? 100 : 1)
    return Number.isFinite(opacity) ? opacity : 1
  }

  function readBackground(section: Element): SlideBackground {
    const style = getComputedStyle(section)
    const colour = colourOf(style.backgroundColor)
    const gradient = /linear-gradient\((.*)\)/.exec(style.backgroundImage)
    return {
      colour: colour.alpha > 0 ? colour : { hex: 'FFFFFF', alpha: 1 },
      ...(gradient ? { gradient: parseGradient(gradient[1]!) } : {}),
    }
  }

  function parseGradient(body: string): NonNullable<SlideBackground['gradient']> {
    const parts = body.split(/,(?![^(]*\))/).map((p) => p.trim())
    let angle = 180
    const head = parts[0] ?? ''
    if (/^-?[\d.]+deg$/.test(head)) {
      angle = parseFloat(head)
      parts.shift()
    } else if (head.startsWith('to ')) {
      const sides: Record<string, number> = { top: 0, right: 90, bottom: 180, left: 270 }
      angle = sides[head.slice(3).split(' ')[0]!] ?? 180
      parts.shift()
    }
    const stops = parts.map((part, i) => {
      const at = /\s([\d.]+)%$/.exec(part)
      const colour = colourOf(part.replace(/\s[\d.]+%$/, ''))
      return { colour, at: at ? parseFloat(at[1]!) / 100 : i / Math.max(1, parts.length - 1) }
    })
    return { angle, stops }
  }

  // --------------------------------------------------------------------------- tables

  /** A table, then the pictures in its cells (the boxes painted in cells are left out). */
  async function tableItems(table: HTMLTableElement, toSlide: ToSlide, items: ExtractedItem[]) {
    const inCells: Pending[] = []
    items.push(tableItem(table, toSlide, inCells))
    await settle(
      undefined,
      inCells.filter((p) => p instanceof Element || p.kind !== 'rect'),
      items,
      toSlide,
    )
  }

  function tableItem(table: HTMLTableElement, toSlide: ToSlide, inCells: Pending[]): TableItem {
    const box = toSlide(table.getBoundingClientRect())
    const rows = Array.from(table.rows)
    const heights = rows.map((r) => toSlide(r.getBoundingClientRect()).h)
    const widest = rows.reduce((a, r) => (r.cells.length > a.cells.length ? r : a), rows[0]!)
    const columns = Array.from(widest.cells).map((c) => toSlide(c.getBoundingClientRect()).w)
    const cells = rows.map((row) =>
      Array.from(row.cells).map((cell): TableCell => {
        const style = getComputedStyle(cell)
        const rowFill = colourOf(getComputedStyle(row).backgroundColor)
        const fill = colourOf(style.backgroundColor)
        const drafts = inlineParagraphs(cell, toSlide, inCells)
        const px = (v: string) => parseFloat(v) || 0
        return {
          paragraphs: drafts.map((d) => ({
            // Columns of an auto-sized table fit their text exactly: the padding gaps of
            // inline code would wrap it; the highlight shows where the code is.
            runs: d.runs.filter((r) => r.gap !== 'padding'),
            align: d.align,
            lineHeight: d.lineHeight,
            spaceBefore: 0,
            indent: 0,
            hanging: 0,
            level: 0,
            lines: d.lines.length,
            textHeight: d.lines[0]!.bottom - d.lines[0]!.top,
          })),
          fill: fill.alpha > 0 ? fill : rowFill.alpha > 0 ? rowFill : undefined,
          header: cell.localName === 'th',
          padding: {
            top: px(style.paddingTop),
            right: px(style.paddingRight),
            bottom: px(style.paddingBottom),
            left: px(style.paddingLeft),
          },
          anchor:
            style.verticalAlign === 'middle'
              ? 'middle'
              : style.verticalAlign === 'bottom'
                ? 'bottom'
                : 'top',
          borders: (['top', 'right', 'bottom', 'left'] as const).map((side) => ({
            width:
              style.getPropertyValue(`border-${side}-style`) === 'none'
                ? 0
                : px(style.getPropertyValue(`border-${side}-width`)),
            colour: colourOf(style.getPropertyValue(`border-${side}-color`)),
          })),
        }
      }),
    )
    return { kind: 'table', box, columns, rows: heights, cells }
  }

  // ---------------------------------------------------------- ::before / ::after text

  /**
   * Text a theme draws with `content` (the page number in `section::after`): a real
   * element styled like the pseudo-element stands in for it while it is measured.
   */
  function pseudoText(
    section: HTMLElement,
    which: '::before' | '::after',
    toSlide: ToSlide,
  ): TextBlock | undefined {
    const style = getComputedStyle(section, which)
    const text = contentText(style.content, section)
    if (!text.trim() || style.display === 'none' || style.visibility === 'hidden') return undefined
    const probe = document.createElement('span')
    for (const property of Array.from(style)) {
      probe.style.setProperty(property, style.getPropertyValue(property))
    }
    probe.textContent = text
    if (which === '::before') section.prepend(probe)
    else section.append(probe)
    try {
      const drafts = inlineParagraphs(probe, toSlide, [])
      const area = toSlide(contentRect(probe))
      return drafts.length > 0 ? blockFrom(drafts, 'pagination', area.x + area.w, true) : undefined
    } finally {
      probe.remove()
    }
  }

  function contentText(content: string, element: Element): string {
    if (content === 'none' || content === 'normal') return ''
    let text = ''
    for (const m of content.matchAll(/"((?:\\.|[^"\\])*)"|attr\(([\w-]+)\)/g)) {
      if (m[1] !== undefined) text += m[1].replace(/\\(.)/g, '$1')
      else if (m[2] !== undefined) text += element.getAttribute(m[2]) ?? ''
    }
    return text
  }

  // --------------------------------------------------------------------------- helpers

  function contentRect(element: Element): DOMRect {
    const rect = element.getBoundingClientRect()
    const style = getComputedStyle(element)
    const px = (v: string) => parseFloat(v) || 0
    const left = px(style.borderLeftWidth) + px(style.paddingLeft)
    const top = px(style.borderTopWidth) + px(style.paddingTop)
    const right = px(style.borderRightWidth) + px(style.paddingRight)
    const bottom = px(style.borderBottomWidth) + px(style.paddingBottom)
    // Padding is in the element's own px; the rect in the page's (the slide may be scaled).
    const scale =
      element instanceof HTMLElement && element.offsetWidth > 0
        ? rect.width / element.offsetWidth
        : 1
    return new DOMRect(
      rect.left + left * scale,
      rect.top + top * scale,
      Math.max(0, rect.width - (left + right) * scale),
      Math.max(0, rect.height - (top + bottom) * scale),
    )
  }

  function firstFamily(stack: string): string {
    const first = stack.split(',')[0] ?? ''
    return first.trim().replace(/^["']|["']$/g, '')
  }

  function colourOf(value: string): Colour {
    const m = /^rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(
      value.trim(),
    )
    if (m) {
      const hex = [m[1], m[2], m[3]]
        .map((v) => Math.round(parseFloat(v!)).toString(16).padStart(2, '0'))
        .join('')
        .toUpperCase()
      const a =
        m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4])
      return { hex, alpha: a }
    }
    if (value === 'transparent' || value === '') return { hex: '000000', alpha: 0 }
    // Any other colour syntax (oklch, color()): let the canvas resolve it.
    context.clearRect(0, 0, 1, 1)
    context.fillStyle = value
    context.fillRect(0, 0, 1, 1)
    const [r = 0, g = 0, b = 0, a = 0] = context.getImageData(0, 0, 1, 1).data
    const hex = [r, g, b]
      .map((v) => v.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase()
    return { hex, alpha: a / 255 }
  }
}
