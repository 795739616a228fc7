/**
 * Reading rendered SVG back the way a consumer would: parsed with svgson, never matched
 * with regular expressions.
 */
import { parseSync, type INode } from 'svgson'

export function parseSvg(svg: string): INode {
  return parseSync(svg)
}

/** Every element under `root` (itself included), document order. */
export function elements(root: INode): INode[] {
  const out: INode[] = []
  const walk = (node: INode) => {
    if (node.type !== 'element') return
    out.push(node)
    node.children.forEach(walk)
  }
  walk(root)
  return out
}

/** Concatenated text of a node's descendants, as an XML parser reports it (CDATA unwrapped). */
export function textOf(node: INode): string {
  if (node.type === 'text') return node.value
  return node.children.map(textOf).join('')
}

export function byId(root: INode, id: string): INode {
  const found = elements(root).find((e) => e.attributes.id === id)
  if (!found) throw new Error(`no element with id '${id}'`)
  return found
}

/** Text of each `<text>` under `node` with the given `data-role`, in order. */
export function linesWithRole(node: INode, role: string): string[] {
  return elements(node)
    .filter((e) => e.name === 'text' && e.attributes['data-role'] === role)
    .map(textOf)
}

/** Compares wrapped text with its source: line breaks drop or add only whitespace. */
export function withoutWhitespace(text: string): string {
  return text.replace(/[\s\u3000]+/gu, '')
}
