/**
 * What layout produces and the SVG stage draws: positions and sizes only, in CSS px at
 * a 1280×720 slide. No colours and no markup: those belong to the svg stage.
 */
import type { Tone } from '../model/types.ts'

export interface Rect {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** One line of text. `x` is the anchor (centre, or left edge for `start`), `y` the baseline. */
export interface TextLine {
  readonly text: string
  readonly x: number
  readonly y: number
  readonly size: number
  readonly anchor: 'middle' | 'start'
  readonly role: 'label' | 'detail' | 'caption' | 'brace' | 'panel'
}

export interface PlacedBox {
  /** Rows are placed too (undrawn unless emphasized), so emphasis and braces can name them. */
  readonly kind: 'layer' | 'group' | 'row'
  /** Item key: the user's id or an auto key; prefixed per diagram in the SVG. */
  readonly key: string
  /** Field path, for error messages and tests. */
  readonly path: string
  readonly rect: Rect
  readonly tone: Tone
  /** Framed groups only; layers have none. */
  readonly framed: boolean
  readonly lines: readonly TextLine[]
  /** Keys of the items inside, for emphasis of a whole group. */
  readonly children: readonly string[]
}

export interface PlacedBrace {
  readonly path: string
  /** x of the bracket's spine; the bracket opens to the left, toward the layers. */
  readonly x: number
  readonly top: number
  readonly bottom: number
  readonly lines: readonly TextLine[]
}

export interface DiagramLayout {
  readonly width: number
  readonly height: number
  /** Draw order: frames before what they hold. */
  readonly boxes: readonly PlacedBox[]
  readonly braces: readonly PlacedBrace[]
  /** Panel captions of a comparison. */
  readonly captions: readonly TextLine[]
  /** Every string drawn (the placed lines' text), for the font subset. */
  readonly text: string
  /** What is drawn worse than it could be but still drawn: a word broken inside. */
  readonly warnings: readonly LayoutWarning[]
}

/** A problem that does not stop the diagram, located by its field path. */
export interface LayoutWarning {
  /** Field path: `layers[2].label`. */
  readonly field: string
  readonly message: string
}
