/**
 * D2 source for a stackdeck stack, written the way one draws a stack in D2: grid
 * containers with no gap (`grid-rows` for a stack, `grid-columns` for a row), a labelled
 * container for a captioned group, one class per tone with the theme's light colours.
 */
import type { ColumnDef, StackDef, StackItemDef, Tone } from '../../src/index.ts'
import type { Palette } from '../../src/theme/palette.ts'

const quote = (text: string) =>
  `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`

export function stackToD2(def: StackDef, palette: Palette): string {
  const out: string[] = []
  const classes = Object.entries(palette.tones).map(
    ([tone, c]) =>
      `  ${tone}: {style: {fill: ${quote(c.fill)}; font-color: ${quote(c.text)}; stroke: ${quote(palette.stroke)}}}`,
  )
  out.push('classes: {', ...classes, '}')
  stack(def.layers, '', out)
  return `${out.join('\n')}\n`
}

function stack(items: readonly StackItemDef[], indent: string, out: string[]): void {
  out.push(`${indent}grid-rows: ${items.length}`, `${indent}grid-gap: 0`)
  items.forEach((item, i) => node(item, `s${i}`, indent, out))
}

function node(item: StackItemDef | ColumnDef, key: string, indent: string, out: string[]): void {
  if (item.columns !== undefined) {
    out.push(`${indent}${key}: "" {`)
    out.push(`${indent}  grid-columns: ${item.columns.length}`, `${indent}  grid-gap: 0`)
    item.columns.forEach((column, i) => node(column, `c${i}`, `${indent}  `, out))
    out.push(`${indent}}`)
    return
  }
  if (item.layers !== undefined) {
    const frame = item.caption === undefined ? '' : ` style.stroke-dash: 3`
    out.push(`${indent}${key}: ${quote(item.caption ?? '')} {${frame}`)
    if (item.tone) out.push(`${indent}  class: ${item.tone}`)
    stack(item.layers, `${indent}  `, out)
    out.push(`${indent}}`)
    return
  }
  const label = item.detail === undefined ? item.label : `${item.label}\n${item.detail}`
  const tone: Tone = item.tone ?? 'neutral'
  out.push(`${indent}${key}: ${quote(label)} {class: ${tone}}`)
}
