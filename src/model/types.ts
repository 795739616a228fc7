/**
 * What users write: the diagram definition API. Every type here is what the editor shows
 * on hover, so each field says what it does and what it accepts.
 *
 * A stack is listed top to bottom, the way it is drawn and read: apps first, hardware last.
 */

/**
 * Colour role of a box. Each tone maps to the theme's CSS custom properties
 * (`--sd-<tone>-fill`, `--sd-<tone>-text`), with a light and a dark (invert) palette.
 */
export type Tone =
  | 'hardware'
  | 'hypervisor'
  | 'kernel'
  | 'os'
  | 'guest'
  | 'runtime'
  | 'container'
  | 'app'
  | 'tool'
  | 'neutral'

export const TONES: readonly Tone[] = [
  'hardware',
  'hypervisor',
  'kernel',
  'os',
  'guest',
  'runtime',
  'container',
  'app',
  'tool',
  'neutral',
]

/** A box: a full-width layer in a stack, or one column of a row. */
export interface LayerDef {
  /**
   * Stable name that `emphasis`, `steps` and `braces` refer to, and that prefixes the SVG
   * element id. Letters, digits, `-` and `_`; unique in the diagram.
   */
  readonly id?: string
  /**
   * Text in the box, at most 60 characters. Wraps at sensible points (never before `）`,
   * `、`, `。` or small kana) into at most 4 lines; `\n` forces a break.
   */
  readonly label: string
  /** A second, smaller line under the label, e.g. products: `VirtualBox / VMware Workstation`. */
  readonly detail?: string
  /** Colour role. Default: `neutral`. */
  readonly tone?: Tone
  /** In a row: relative width of this column. Default: 1 per leaf column it holds, so equal roles get equal widths. */
  readonly weight?: number
}

/** Side-by-side columns; each column is a box or a group (a stack of its own). */
export interface RowDef {
  /** Lets `emphasis`, `steps` and `braces` name the whole row. */
  readonly id?: string
  /** Left to right. Columns share the row's height; a shorter group stretches its top item. */
  readonly columns: readonly ColumnDef[]
}

/**
 * Several layers kept together: a virtual machine (apps over a guest OS), a container, a
 * QEMU process. With a `caption` it is drawn as a framed box with the caption on top;
 * without one it only stacks its layers (use it to put a layer under some columns only).
 */
export interface GroupDef {
  /** Lets `emphasis`, `steps` and `braces` name the whole group. */
  readonly id?: string
  /** Text on the frame, e.g. `仮想マシン`, `ユーザー空間`. */
  readonly caption?: string
  /** Top to bottom, like the stack's own layers. */
  readonly layers: readonly StackItemDef[]
  /** Colour of the frame. Default: `neutral`. */
  readonly tone?: Tone
  /** In a row: relative width of this column. Default: the number of leaf columns it holds. */
  readonly weight?: number
}

/** One column of a row: a box, or a group (a stack of its own). At most 8 per row. */
export type ColumnDef = LayerDef | GroupDef
/** One entry of a stack, top to bottom: a box, a row of columns, or a group. At most 14 per stack; nesting at most 4 deep. */
export type StackItemDef = LayerDef | RowDef | GroupDef

/** A bracket beside a run of layers with a short note, e.g. `Type 1` or `カーネルを共有`. */
export interface BraceDef {
  /** Id of the topmost item the brace covers. */
  readonly from: string
  /** Id of the bottommost item it covers. Default: `from`. */
  readonly to?: string
  /** The note. Short: a few words. */
  readonly label: string
}

interface DiagramCommon {
  /** Read by screen readers (`<title>`) and shown in errors. Not drawn: the slide has a heading. */
  readonly title: string
  /** Extra sentence for `<desc>`, before the generated top-to-bottom reading of the layers. */
  readonly description?: string
  /** Id of the item to highlight. */
  readonly emphasis?: string
  /**
   * Ids to highlight one at a time: besides `<name>.svg`, one `<name>--<id>.svg` is written
   * per step, for consecutive slides that walk through the same diagram.
   */
  readonly steps?: readonly string[]
}

/** One software stack. */
export interface StackDef extends DiagramCommon {
  /** Top to bottom: apps first, hardware last. */
  readonly layers: readonly StackItemDef[]
  /** Notes beside runs of layers, drawn on the right. */
  readonly braces?: readonly BraceDef[]
  /** Width of the figure in CSS px at 1280×720 slide size. Default 960; 320–1160. */
  readonly width?: number
}

/** One panel of a comparison figure. */
export interface PanelDef {
  /** Drawn under the panel, e.g. `ホスト型`. */
  readonly caption: string
  /** Top to bottom, like a stack's. Bottom layers with the same label in every panel share one baseline height. */
  readonly layers: readonly StackItemDef[]
  /** Notes beside runs of this panel's layers (they can name only this panel's ids). */
  readonly braces?: readonly BraceDef[]
}

/** Two to four stacks side by side, bottoms on one baseline, captions underneath. */
export interface ComparisonDef extends DiagramCommon {
  readonly panels: readonly PanelDef[]
  /** Width of the whole figure in CSS px. Default 1120; 320–1160. */
  readonly width?: number
}

export type StackDiagram = StackDef & { readonly kind: 'stack' }
export type ComparisonDiagram = ComparisonDef & { readonly kind: 'comparison' }
/** What a definition file's default export must be. */
export type Diagram = StackDiagram | ComparisonDiagram
