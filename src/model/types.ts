/**
 * What users write: the diagram definition API. Every type here is what the editor shows
 * on hover, so each field says what it does and what it accepts.
 *
 * A stack is listed top to bottom, the way it is drawn and read: apps first, hardware last.
 *
 * Ids are types: every definition type takes the union of ids it declares as `Id`.
 * `defineStack`, `defineComparison` and the builders (`box`, `row`, `group`) infer it from
 * the `id` fields, so `emphasis`, `steps` and `braces` accept only those ids and a typo is
 * a compile error listing them (a comparison keeps one union per panel, for its braces).
 * `Id` defaults to `string` (any id) for code that only reads definitions. Fields that cannot go together (a `label` beside `columns`) are `never`.
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

/**
 * A box: a full-width layer in a stack, or one column of a row. Make one with `box({...})`
 * in a helper, or write it in place: `{ label: 'ハードウェア', tone: 'hardware' }`.
 */
export interface LayerDef<Id extends string = string> {
  /**
   * Stable name that `emphasis`, `steps` and `braces` refer to, and that prefixes the SVG
   * element id. Letters, digits, `-` and `_`; unique in the diagram.
   */
  readonly id?: Id
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
  /** Not on a box (it has a `label`): side-by-side boxes are a row of their own, `{ columns: [...] }`. */
  readonly columns?: never
  /** Not on a box (it has a `label`): boxes kept together are a group, `{ caption, layers: [...] }`. */
  readonly layers?: never
  /** Not on a box: a caption is a group's frame text; a box's text is its `label`. */
  readonly caption?: never
}

/** Side-by-side columns; each column is a box or a group (a stack of its own). */
export interface RowDef<Id extends string = string> {
  /** Lets `emphasis`, `steps` and `braces` name the whole row. */
  readonly id?: Id
  /** Left to right. Columns share the row's height; a shorter group stretches its top item. */
  readonly columns: readonly ColumnDef<Id>[]
  /** Not on a row (it has `columns`): labels go on the boxes in `columns`. */
  readonly label?: never
  /** Not on a row (it has `columns`): details go on the boxes in `columns`. */
  readonly detail?: never
  /** Not on a row: to frame the row, wrap it in a group, `{ caption, layers: [{ columns }] }`. */
  readonly caption?: never
  /** Not on a row: a row holds `columns`; a group holds `layers`. */
  readonly layers?: never
  /** Not on a row: tones go on its columns. */
  readonly tone?: never
  /** Not on a row: a row is never a column; wrap it in a group to give it a weight. */
  readonly weight?: never
}

/**
 * Several layers kept together: a virtual machine (apps over a guest OS), a container, a
 * QEMU process. With a `caption` it is drawn as a framed box with the caption on top;
 * without one it only stacks its layers (use it to put a layer under some columns only).
 */
export interface GroupDef<Id extends string = string> {
  /** Lets `emphasis`, `steps` and `braces` name the whole group. */
  readonly id?: Id
  /** Text on the frame, e.g. `仮想マシン`, `ユーザー空間`. */
  readonly caption?: string
  /** Top to bottom, like the stack's own layers. */
  readonly layers: readonly StackItemDef<Id>[]
  /** Colour of the frame. Default: `neutral`. */
  readonly tone?: Tone
  /** In a row: relative width of this column. Default: the number of leaf columns it holds. */
  readonly weight?: number
  /** Not on a group (it has `layers`): the frame's text is `caption`; labels go on its boxes. */
  readonly label?: never
  /** Not on a group (it has `layers`): details go on the boxes in `layers`. */
  readonly detail?: never
  /** Not on a group: put a row in `layers`, `{ layers: [{ columns: [...] }] }`. */
  readonly columns?: never
}

/** One column of a row: a box, or a group (a stack of its own). At most 8 per row. */
export type ColumnDef<Id extends string = string> = LayerDef<Id> | GroupDef<Id>
/** One entry of a stack, top to bottom: a box, a row of columns, or a group. At most 14 per stack; nesting at most 4 deep. */
export type StackItemDef<Id extends string = string> = LayerDef<Id> | RowDef<Id> | GroupDef<Id>

/** A bracket beside a run of layers with a short note, e.g. `Type 1` or `カーネルを共有`. */
export interface BraceDef<Id extends string = string> {
  /** Id of the topmost item the brace covers: one of the ids the diagram declares. */
  readonly from: Id
  /** Id of the bottommost item it covers. Default: `from`. */
  readonly to?: Id
  /** The note. Short: a few words. */
  readonly label: string
}

/**
 * What `emphasis`, `steps` and braces accept: one of the ids the diagram declares. The
 * declared ids are inferred from the `id` fields, never from these references (`NoInfer`),
 * so a typo cannot widen them. A diagram that declares no ids accepts none, and says why.
 */
export type IdRef<Id extends string> = [Id] extends [never] ? NoIdsDeclared : NoInfer<Id>
/** The type of an id reference in a diagram without ids; the compiler quotes it in its error. */
export type NoIdsDeclared = 'no item declares an id yet: add `id` to the item first'

interface DiagramCommon<Id extends string> {
  /** Read by screen readers (`<title>`) and shown in errors. Not drawn: the slide has a heading. */
  readonly title: string
  /**
   * A sentence or two for screen readers (`<desc>`), read before the generated top-to-bottom
   * reading of the layers. Not drawn. At most 1,000 characters.
   */
  readonly description?: string
  /**
   * Id of the item to highlight in `<name>.svg`: the other items are dimmed. One of the ids
   * the diagram declares.
   */
  readonly emphasis?: IdRef<Id>
  /**
   * Ids to highlight one at a time: besides `<name>.svg`, one `<name>--<id>.svg` is written
   * per step, for consecutive slides that walk through the same diagram. A step file
   * highlights its step (instead of `emphasis`, which applies to `<name>.svg` only).
   */
  readonly steps?: readonly IdRef<Id>[]
}

/** One software stack. */
export interface StackDef<Id extends string = string> extends DiagramCommon<Id> {
  /** Top to bottom: apps first, hardware last. */
  readonly layers: readonly StackItemDef<Id>[]
  /** Notes beside runs of layers, drawn on the right. */
  readonly braces?: readonly BraceDef<IdRef<Id>>[]
  /** Width of the figure in CSS px at 1280×720 slide size. Default 960; 320–1160. */
  readonly width?: number
}

/** One panel of a comparison figure. */
export interface PanelDef<Id extends string = string> {
  /** Drawn under the panel, e.g. `ホスト型`. */
  readonly caption: string
  /** Top to bottom, like a stack's. Bottom layers with the same label in every panel share one baseline height. */
  readonly layers: readonly StackItemDef<Id>[]
  /** Notes beside runs of this panel's layers (they can name only this panel's ids). */
  readonly braces?: readonly BraceDef<IdRef<Id>>[]
}

/** `Id` when it is a union of ids, else none (a panel that declares no id is `unknown`). */
type PanelIds<Id> = Id extends string ? Id : never
/** The ids of every panel (not `Ids[number]`: one `unknown` panel would absorb the union). */
type AllPanelIds<Ids extends readonly unknown[]> = { [K in keyof Ids]: PanelIds<Ids[K]> }[number]

/**
 * Two to four stacks side by side, bottoms on one baseline, captions underneath. `Ids` holds
 * each panel's ids, in panel order (`defineComparison` infers it), so a panel's braces accept
 * only that panel's ids, and `emphasis` and `steps` those of any panel.
 */
export interface ComparisonDef<
  Ids extends readonly unknown[] = readonly string[],
> extends DiagramCommon<AllPanelIds<Ids>> {
  readonly panels: { readonly [K in keyof Ids]: PanelDef<PanelIds<Ids[K]>> }
  /** Width of the whole figure in CSS px. Default 1120; 320–1160. */
  readonly width?: number
}

export type StackDiagram<Id extends string = string> = StackDef<Id> & { readonly kind: 'stack' }
export type ComparisonDiagram<Ids extends readonly unknown[] = readonly string[]> =
  ComparisonDef<Ids> & { readonly kind: 'comparison' }
/** What a definition file's default export must be. */
export type Diagram = StackDiagram | ComparisonDiagram
