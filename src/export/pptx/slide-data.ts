/**
 * What the editable PPTX is written from: each slide as Chromium laid it out, as plain data
 * (extract-slides.ts reads it in the check's page; write-pptx.ts writes it). Lengths are
 * slide px (a 1280×720 slide is 1280×720 px whatever the page's zoom); colours are
 * `RRGGBB` with an alpha from 0 to 1.
 */

export interface Box {
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
}

export interface Colour {
  readonly hex: string
  readonly alpha: number
}

export interface TextRun {
  readonly text: string
  /** A line break (`<br>`, a newline in a code block) instead of text. */
  readonly br?: boolean
  readonly size: number
  /** First family of the element's font stack (the Latin typeface). */
  readonly font: string
  readonly bold: boolean
  readonly italic: boolean
  readonly underline: boolean
  readonly strike: boolean
  readonly colour: Colour
  readonly link?: string
  /** Inline code or a code block: set in the monospace family. */
  readonly code: boolean
  /** Vertical shift: sub- and superscripts. */
  readonly baseline?: 'sub' | 'super'
  /** Extra space after each character, px (CSS letter-spacing). */
  readonly spacing?: number
  /**
   * Holds the room of a picture inside the text (an emoji, inline math): an ideographic
   * space (1 em in Japanese fonts) spaced out to the picture's width, so the text after
   * it starts where it did in Chromium; or the padding of an inline box (inline code).
   */
  readonly gap?: 'picture' | 'padding'
  /**
   * The background of the inline box the run sits in (inline code). Text boxes get it as
   * a shape behind them; table cells, which cannot have shapes behind their text, as the
   * run's highlight.
   */
  readonly highlight?: Colour
}

export interface Bullet {
  readonly kind: 'bullet' | 'number'
  /** The marker character for bullets. */
  readonly char?: string
  /** The first number of a numbered list. */
  readonly start?: number
  /** decimal, lower-alpha … (CSS list-style-type). */
  readonly style?: string
  readonly size: number
  readonly colour: Colour
  readonly font: string
}

export interface Paragraph {
  readonly runs: readonly TextRun[]
  readonly align: 'left' | 'center' | 'right' | 'justify'
  /** Distance between baselines of its lines, px. */
  readonly lineHeight: number
  /** Gap from the previous paragraph's last line (or the box's top), px. */
  readonly spaceBefore: number
  /** Left edge of the text from the box's left, px. */
  readonly indent: number
  /** How far left of the text its marker starts, px (0 without a marker). */
  readonly hanging: number
  readonly bullet?: Bullet
  readonly level: number
  /** Lines Chromium laid the paragraph out in. */
  readonly lines: number
  /**
   * Height of the text itself on its first line (the fonts' ascent plus descent): the
   * line pitch minus this is the leading, which CSS splits above and below the text.
   */
  readonly textHeight: number
}

export interface TextBlock {
  readonly kind: 'text'
  /** Where it sits in the slide: reading order is the order of items. */
  readonly role: 'heading' | 'body' | 'list' | 'code' | 'header' | 'footer' | 'pagination'
  readonly box: Box
  readonly paragraphs: readonly Paragraph[]
  readonly anchor: 'top' | 'middle' | 'bottom'
  /** Text lies on one line Chromium did not wrap (no wrapping in the PPTX either). */
  readonly nowrap: boolean
}

/** A painted rectangle: a block's background or one side of its border. */
export interface ShapeItem {
  readonly kind: 'rect'
  readonly box: Box
  readonly fill: Colour
  readonly radius: number
}

export interface ImageItem {
  readonly kind: 'image'
  /** Where the whole image is drawn (may extend past `clip`). */
  readonly box: Box
  /** The part of the slide it is visible in (background `cover`, split backgrounds). */
  readonly clip: Box
  /** A data URL (or an SVG document serialized to one). */
  readonly src: string
  readonly opacity: number
  readonly alt: string
}

export interface DiagramItem {
  readonly kind: 'diagram'
  readonly box: Box
  /** The diagram's file name without `.svg` (`type1-hypervisor--hv.dark`). */
  readonly name: string
  /** The SVG exactly as the slide shows it. */
  readonly src: string
  readonly alt: string
}

export interface TableCell {
  readonly paragraphs: readonly Paragraph[]
  readonly fill: Colour | undefined
  readonly header: boolean
  readonly padding: {
    readonly top: number
    readonly right: number
    readonly bottom: number
    readonly left: number
  }
  readonly anchor: 'top' | 'middle' | 'bottom'
  readonly borders: readonly { readonly width: number; readonly colour: Colour }[]
}

export interface TableItem {
  readonly kind: 'table'
  readonly box: Box
  readonly columns: readonly number[]
  readonly rows: readonly number[]
  readonly cells: readonly (readonly TableCell[])[]
}

/**
 * Something only a picture of it can show (KaTeX: HTML positioned in its own fonts), taken
 * from the page (`pageBox`: page px) once the slide is read.
 */
export interface SnapshotItem {
  readonly kind: 'snapshot'
  readonly box: Box
  readonly pageBox: Box
  readonly alt: string
}

export type SlideItem = TextBlock | ShapeItem | ImageItem | DiagramItem | TableItem

/** What the page returns: snapshots are turned into images in Node. */
export type ExtractedItem = SlideItem | SnapshotItem

export interface SlideBackground {
  readonly colour: Colour
  /** A CSS linear gradient of the section, as stops and an angle in degrees. */
  readonly gradient?: {
    readonly angle: number
    readonly stops: readonly { readonly colour: Colour; readonly at: number }[]
  }
}

export interface SlideData {
  readonly width: number
  readonly height: number
  readonly background: SlideBackground
  readonly items: readonly SlideItem[]
  /** Speaker notes (Marp's comments that are not directives). */
  readonly notes: string
}
