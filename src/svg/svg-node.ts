/**
 * The one place that builds svgson nodes. svgson attributes are strings, so numbers are
 * formatted here with fixed precision: that keeps output byte-stable across runs and
 * machines. Text is never escaped by hand: svgson wraps text holding `& < >` in CDATA.
 */
import { stringify, type INode } from 'svgson'

export type Attrs = Readonly<Record<string, string | number | undefined>>

/** At most two decimals, no trailing zeros, no `-0`: `12.5`, `3`, `0.33`. */
export function num(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} into SVG`)
  const rounded = Math.round(value * 100) / 100
  return (Object.is(rounded, -0) ? 0 : rounded).toString()
}

export function el(name: string, attrs: Attrs = {}, children: readonly INode[] = []): INode {
  const attributes: Record<string, string> = {}
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue
    attributes[key] = typeof value === 'number' ? num(value) : value
  }
  return { name, type: 'element', value: '', attributes, children: [...children] }
}

/**
 * Text content. svgson puts text with `& < >` in CDATA but splits only the first `]]>`,
 * so a second one would end the CDATA early; splitting the text into adjacent nodes at
 * every `]]>` keeps each node to at most one and the XML well-formed.
 */
export function textNodes(value: string): INode[] {
  const parts = value.split(']]>')
  const out: string[] = []
  parts.forEach((part, i) => {
    const head = i === 0 ? part : `>${part}`
    const tail = i < parts.length - 1 ? ']]' : ''
    out.push(head + tail)
  })
  return out
    .filter((s) => s.length > 0)
    .map((s) => ({ name: '', type: 'text', value: s, attributes: {}, children: [] }))
}

export function toXml(root: INode): string {
  return stringify(root)
}
