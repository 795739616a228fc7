/**
 * The in-page half of the slide measurement. `probeSlides` runs inside Chromium
 * (puppeteer serializes it with `page.evaluate`), so it is one self-contained function:
 * everything it calls is declared inside it, and it may only use what the page has (DOM,
 * no imports; types are erased).
 *
 * What it measures is *ink*, not boxes: the line boxes of text, replaced elements (images,
 * inline SVG, video …) and boxes that paint (a background or a border). A `<ul>`'s own box
 * draws nothing, its items' text does; a `<div style="height: 900px">` with two lines in it
 * overflows nothing a viewer sees. Content clipped by an ancestor (`overflow: hidden`,
 * `auto`, Marp's auto-scaled code blocks) counts only where it is visible.
 */
import type { FindingKind, SlideFinding } from './slide-finding.ts'

export interface ProbeOptions {
  /** Px past an edge that still count as inside: subpixel layout and rounding. */
  readonly tolerance: number
  /** Characters of text quoted in a finding's `element`. */
  readonly quoteLength: number
}

/**
 * Waits until the page looks as it will when printed: fonts that layout asked for have
 * loaded, images are decoded, and Marp Core's browser script (auto-scaled code blocks and
 * `fit` headings, resized by ResizeObserver) has had two frames to react. A page that gets
 * no frames (a background tab) falls through after `frameTimeout` ms instead of hanging.
 */
export async function settlePage(frameTimeout: number): Promise<void> {
  const frame = () =>
    new Promise<void>((resolve) => {
      requestAnimationFrame(() => resolve())
      setTimeout(resolve, frameTimeout)
    })
  // Reading layout makes Chromium start the font loads the slides need.
  void document.body.offsetHeight
  await document.fonts.ready
  await Promise.all(
    Array.from(document.images, (image) =>
      image.complete ? undefined : image.decode().catch(() => undefined),
    ),
  )
  await document.fonts.ready
  await frame()
  await frame()
}

export function probeSlides(options: ProbeOptions): SlideFinding[] {
  interface Box {
    readonly left: number
    readonly top: number
    readonly right: number
    readonly bottom: number
  }
  /** A piece of ink, in slide coordinates, and the element that drew it. */
  interface Ink {
    readonly box: Box
    readonly owner: Element
    /** Px of content a scrolling box (`overflow: auto`) hides: a PDF cannot scroll. */
    readonly hidden?: number
  }
  interface Collected {
    /** Ink in normal flow (including floats and relatively positioned content). */
    readonly flow: Ink[]
    /** Absolutely or fixed positioned elements: placed by the author, checked on their own. */
    readonly placed: Element[]
  }
  type ToSlide = (rect: DOMRectReadOnly) => Box

  /** Elements drawn as one box whose inside is not HTML layout. */
  const ATOMIC = new Set([
    'img',
    'svg',
    'video',
    'canvas',
    'iframe',
    'object',
    'embed',
    'picture',
    'input',
    'textarea',
    'select',
    'button',
  ])
  /** A clip that leaves nothing visible. */
  const NOTHING: Box = { left: 0, top: 0, right: 0, bottom: 0 }
  const { tolerance } = options
  const range = document.createRange()

  const findings: SlideFinding[] = []
  Array.from(document.querySelectorAll('svg[data-marpit-svg]')).forEach((svg, index) => {
    if (!(svg instanceof SVGSVGElement)) return
    const section = contentSection(svg)
    if (section) findings.push(...checkSlide(svg, section, index + 1))
  })
  return findings

  /**
   * The section holding the slide's content. With advanced backgrounds Marp draws a slide
   * as several sections (`background` with the figures, `content`, `pseudo` for the
   * pagination and other `::before`/`::after`); without them there is one.
   */
  function contentSection(svg: SVGSVGElement): HTMLElement | undefined {
    for (const section of Array.from(svg.querySelectorAll(':scope > foreignObject > section'))) {
      const role = section.getAttribute('data-marpit-advanced-background')
      if ((role === null || role === 'content') && section instanceof HTMLElement) return section
    }
    return undefined
  }

  function checkSlide(svg: SVGSVGElement, section: HTMLElement, slide: number): SlideFinding[] {
    const toSlide = slideMapping(svg)
    const view = svg.viewBox.baseVal
    const slideBox: Box = { left: 0, top: 0, right: view.width, bottom: view.height }
    const contentBox = innerBox(toSlide(section.getBoundingClientRect()), section)

    const content: Collected = { flow: [], placed: [] }
    for (const child of Array.from(section.children)) {
      if (!isChrome(child)) collect(child, content, toSlide, undefined, false)
    }

    const out: SlideFinding[] = []
    const add = (kind: FindingKind, hit: { owner: Element; by: number } | undefined) => {
      if (hit) out.push({ slide, kind, element: describe(hit.owner), by: Math.round(hit.by) })
    }
    add(
      'overflow',
      worst(content.flow, (ink) => Math.max(beyond(ink.box, contentBox), ink.hidden ?? 0)),
    )
    for (const kind of ['header', 'footer'] as const) {
      const chrome = section.querySelector(`:scope > ${kind}`)
      const zone = chrome && union(inkOf(chrome, toSlide).flow.map((ink) => ink.box))
      if (zone)
        add(
          kind,
          worst(content.flow, (ink) => overlapDepth(ink.box, zone)),
        )
    }
    add('outside', outsideSlide(content.placed, slideBox, toSlide))
    return out
  }

  /** Client rectangles (the page's zoom, scroll, the svg's viewBox) → slide coordinates. */
  function slideMapping(svg: SVGSVGElement): ToSlide {
    const matrix = svg.getScreenCTM()?.inverse() ?? new DOMMatrix()
    return (rect) => {
      const a = new DOMPoint(rect.left, rect.top).matrixTransform(matrix)
      const b = new DOMPoint(rect.right, rect.bottom).matrixTransform(matrix)
      return {
        left: Math.min(a.x, b.x),
        top: Math.min(a.y, b.y),
        right: Math.max(a.x, b.x),
        bottom: Math.max(a.y, b.y),
      }
    }
  }

  /** The section's content box: its box minus border and padding (both in slide px). */
  function innerBox(box: Box, section: HTMLElement): Box {
    const style = getComputedStyle(section)
    const px = (value: string) => parseFloat(value) || 0
    return {
      left: box.left + px(style.borderLeftWidth) + px(style.paddingLeft),
      top: box.top + px(style.borderTopWidth) + px(style.paddingTop),
      right: box.right - px(style.borderRightWidth) - px(style.paddingRight),
      bottom: box.bottom - px(style.borderBottomWidth) - px(style.paddingBottom),
    }
  }

  /** Marp's `<header>` and `<footer>`: measured as zones, not as content. */
  function isChrome(element: Element): boolean {
    return element.localName === 'header' || element.localName === 'footer'
  }

  function inkOf(root: Element, toSlide: ToSlide): Collected {
    const collected: Collected = { flow: [], placed: [] }
    collect(root, collected, toSlide, undefined, true)
    return collected
  }

  /**
   * Adds the ink of `element` and its descendants. `clip` is the visible area left by
   * clipping ancestors; `isRoot` measures a positioned element itself instead of setting
   * it aside.
   */
  function collect(
    element: Element,
    into: Collected,
    toSlide: ToSlide,
    clip: Box | undefined,
    isRoot: boolean,
  ): void {
    const style = getComputedStyle(element)
    if (style.display === 'none') return
    if (!isRoot && (style.position === 'absolute' || style.position === 'fixed')) {
      into.placed.push(element)
      return
    }
    if (parseFloat(style.opacity) === 0) return
    const visible = style.visibility === 'visible'
    const atomic = ATOMIC.has(element.localName)
    const push = (box: Box) => {
      const shown = clip ? intersection(box, clip) : box
      if (shown) into.flow.push({ box: shown, owner: element })
    }
    if (visible && (atomic || paints(style))) {
      for (const rect of Array.from(element.getClientRects())) push(toSlide(rect))
    }
    if (atomic) return
    const hidden = visible ? scrolledAway(element, style, toSlide) : 0
    if (hidden > tolerance) {
      const box = toSlide(element.getBoundingClientRect())
      const shown = clip ? intersection(box, clip) : box
      if (shown) into.flow.push({ box: shown, owner: element, hidden })
    }

    const inner = clipFor(element, style, toSlide, clip)
    for (const node of Array.from(element.childNodes)) {
      if (node instanceof Element) collect(node, into, toSlide, inner, false)
      else if (visible && node.nodeType === Node.TEXT_NODE && node.textContent?.trim()) {
        range.selectNodeContents(node)
        const lines = Array.from(range.getClientRects())
        for (const rect of lines) {
          const line = lineBox(toSlide(rect), element, style, toSlide)
          const shown = inner ? intersection(line, inner) : line
          if (shown) into.flow.push({ box: shown, owner: element })
        }
      }
    }
  }

  /** The area descendants stay visible in, when `element` clips its overflow. */
  function clipFor(
    element: Element,
    style: CSSStyleDeclaration,
    toSlide: ToSlide,
    clip: Box | undefined,
  ): Box | undefined {
    const clipsX = style.overflowX !== 'visible'
    const clipsY = style.overflowY !== 'visible'
    if (!clipsX && !clipsY) return clip
    const own = toSlide(element.getBoundingClientRect())
    const limit: Box = {
      left: clipsX ? own.left : -Infinity,
      top: clipsY ? own.top : -Infinity,
      right: clipsX ? own.right : Infinity,
      bottom: clipsY ? own.bottom : Infinity,
    }
    return clip ? (intersection(limit, clip) ?? NOTHING) : limit
  }

  /**
   * Px of content a scrolling box leaves out of view (slide px). `overflow: auto` and
   * `scroll` (the default theme's tables, code in themes without auto-scaling) scroll on
   * screen but print cut off; `hidden` and `clip` are an author's deliberate crop.
   */
  function scrolledAway(element: Element, style: CSSStyleDeclaration, toSlide: ToSlide): number {
    const scrolls = (value: string) => value === 'auto' || value === 'scroll'
    const x = scrolls(style.overflowX) ? element.scrollWidth - element.clientWidth : 0
    const y = scrolls(style.overflowY) ? element.scrollHeight - element.clientHeight : 0
    if (x <= 0 && y <= 0) return 0
    return Math.max(x, y) * localScale(element, toSlide)
  }

  /** Slide px per CSS px of `element` (below 1 inside Marp's auto-scaled code blocks). */
  function localScale(element: Element, toSlide: ToSlide): number {
    if (!(element instanceof HTMLElement) || element.offsetHeight === 0) return 1
    const box = toSlide(element.getBoundingClientRect())
    return (box.bottom - box.top) / element.offsetHeight
  }

  /**
   * A text fragment's rectangle is the font's whole ascent-to-descent area, which for
   * CJK fonts is taller than a tight line-height: a heading set flush with the top of the
   * content box would "overflow" by a few px it never draws. The line box (line-height,
   * centred on the same middle, as CSS lays it out) is used instead when it is smaller.
   */
  function lineBox(box: Box, owner: Element, style: CSSStyleDeclaration, toSlide: ToSlide): Box {
    const lineHeight = parseFloat(style.lineHeight)
    if (!(lineHeight > 0)) return box
    // Auto-scaled code and `fit` headings are transformed: line-height is in their own px.
    const height = lineHeight * localScale(owner, toSlide)
    if (height >= box.bottom - box.top) return box
    const middle = (box.top + box.bottom) / 2
    return { ...box, top: middle - height / 2, bottom: middle + height / 2 }
  }

  function paints(style: CSSStyleDeclaration): boolean {
    const opaque = (color: string) => !/^transparent$|rgba\([^)]*,\s*0\)$/.test(color)
    if (style.backgroundImage !== 'none' || opaque(style.backgroundColor)) return true
    return ['top', 'right', 'bottom', 'left'].some(
      (side) =>
        parseFloat(style.getPropertyValue(`border-${side}-width`)) > 0 &&
        style.getPropertyValue(`border-${side}-style`) !== 'none' &&
        opaque(style.getPropertyValue(`border-${side}-color`)),
    )
  }

  /**
   * The first ink that `measure` puts past the tolerance names the problem (document
   * order: where a reader meets it first); `by` is the worst over all ink.
   */
  function worst(
    inks: readonly Ink[],
    measure: (ink: Ink) => number,
  ): { owner: Element; by: number } | undefined {
    let first: Element | undefined
    let by = 0
    for (const ink of inks) {
      const amount = measure(ink)
      if (amount <= tolerance) continue
      first ??= ink.owner
      by = Math.max(by, amount)
    }
    return first && { owner: first, by }
  }

  /** How far `box` reaches past `limit` on its worst side (0 or less when inside). */
  function beyond(box: Box, limit: Box): number {
    return Math.max(
      limit.left - box.left,
      limit.top - box.top,
      box.right - limit.right,
      box.bottom - limit.bottom,
    )
  }

  /** How deep `box` runs into `zone` vertically, when they also overlap horizontally. */
  function overlapDepth(box: Box, zone: Box): number {
    const shared = intersection(box, zone)
    if (!shared || shared.right - shared.left <= tolerance) return 0
    return shared.bottom - shared.top
  }

  function outsideSlide(
    placed: readonly Element[],
    slideBox: Box,
    toSlide: ToSlide,
  ): { owner: Element; by: number } | undefined {
    let hit: { owner: Element; by: number } | undefined
    for (const element of placed) {
      const box = union(inkOf(element, toSlide).flow.map((ink) => ink.box))
      // Positioned content that is partly on the slide is where its author put it.
      if (!box || intersection(box, slideBox)) continue
      const by = beyond(box, slideBox)
      hit = hit ? { owner: hit.owner, by: Math.max(hit.by, by) } : { owner: element, by }
    }
    return hit
  }

  function intersection(a: Box, b: Box): Box | undefined {
    const box = {
      left: Math.max(a.left, b.left),
      top: Math.max(a.top, b.top),
      right: Math.min(a.right, b.right),
      bottom: Math.min(a.bottom, b.bottom),
    }
    return box.right > box.left && box.bottom > box.top ? box : undefined
  }

  function union(boxes: readonly Box[]): Box | undefined {
    if (boxes.length === 0) return undefined
    return {
      left: Math.min(...boxes.map((b) => b.left)),
      top: Math.min(...boxes.map((b) => b.top)),
      right: Math.max(...boxes.map((b) => b.right)),
      bottom: Math.max(...boxes.map((b) => b.bottom)),
    }
  }

  /**
   * `li "Eighth item that…"`: the block a reader would point at. Text belongs to inline
   * elements (`strong`, highlighted code spans), so the name is lifted to the nearest
   * block, a table cell to its row; an image names itself when its block has no text.
   */
  function describe(owner: Element): string {
    const block = blockOf(owner)
    const image = ATOMIC.has(owner.localName) && !normalized(block)
    const target = image ? owner : block
    // Marp's auto-scaling elements (`marp-pre`, `marp-h1`) are named as what they were.
    const tag = target.localName.replace(/^marp-/, '')
    const text = image ? label(owner) : normalized(target)
    return text ? `${tag} "${quote(text)}"` : tag
  }

  function blockOf(element: Element): Element {
    let current = element
    while (current.parentElement && current.parentElement.localName !== 'section') {
      const display = getComputedStyle(current).display
      if (!display.startsWith('inline') && display !== 'contents' && display !== 'table-cell') break
      current = current.parentElement
    }
    return current
  }

  function label(element: Element): string {
    const alt = element.getAttribute('alt') ?? element.getAttribute('aria-label')
    if (alt) return alt
    const src = element.getAttribute('src') ?? ''
    if (!src || src.startsWith('data:')) return ''
    return src.split(/[?#]/)[0]!.split('/').pop() ?? ''
  }

  function normalized(element: Element): string {
    return (element.textContent ?? '').replace(/\s+/g, ' ').trim()
  }

  /** The start of `text`, cut at a space near the limit when there is one (Latin words). */
  function quote(text: string): string {
    const chars = Array.from(text)
    if (chars.length <= options.quoteLength) return text
    const space = chars.lastIndexOf(' ', options.quoteLength)
    const end = space > options.quoteLength * 0.6 ? space : options.quoteLength
    return `${chars.slice(0, end).join('').trimEnd()}…`
  }
}
