/**
 * The validated, defaults-filled model that layout works on. Users never write these:
 * every field is required, every item knows its field path for error messages.
 */
import type { Tone } from './types.ts'

interface ResolvedBase {
  /** Unique within the diagram: the user's id, or one derived from the path. */
  readonly key: string
  /** Field path in the definition, e.g. `layers[2].columns[1]`. */
  readonly path: string
}

export interface ResolvedLayer extends ResolvedBase {
  readonly kind: 'layer'
  readonly label: string
  readonly detail: string | undefined
  readonly tone: Tone
  readonly weight: number
}

export interface ResolvedRow extends ResolvedBase {
  readonly kind: 'row'
  readonly columns: readonly ResolvedColumn[]
}

export interface ResolvedGroup extends ResolvedBase {
  readonly kind: 'group'
  readonly caption: string | undefined
  readonly items: readonly ResolvedItem[]
  readonly tone: Tone
  readonly weight: number
}

export type ResolvedColumn = ResolvedLayer | ResolvedGroup
export type ResolvedItem = ResolvedLayer | ResolvedRow | ResolvedGroup

export interface ResolvedBrace {
  readonly from: string
  readonly to: string
  readonly label: string
  readonly path: string
}

export interface ResolvedPanel {
  readonly caption: string | undefined
  readonly items: readonly ResolvedItem[]
  readonly braces: readonly ResolvedBrace[]
  /** `''` for a plain stack, `panels[1]` in a comparison. */
  readonly path: string
}

export interface ResolvedDiagram {
  readonly kind: 'stack' | 'comparison'
  readonly title: string
  readonly description: string | undefined
  /** Key of the highlighted item, if any. */
  readonly emphasis: string | undefined
  readonly steps: readonly string[]
  readonly width: number
  /** One panel for a stack, two to four for a comparison. */
  readonly panels: readonly ResolvedPanel[]
}
