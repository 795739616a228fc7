/**
 * The text screen readers get in `<desc>`: the layers read top to bottom, rows left to
 * right, groups with their caption. Built from the model, not from the drawing.
 */
import type { ResolvedDiagram, ResolvedItem } from '../model/resolved.ts'

function describeItem(item: ResolvedItem): string {
  switch (item.kind) {
    case 'layer':
      return oneLine(item.detail ? `${item.label} (${item.detail})` : item.label)
    case 'row':
      return item.columns.map(describeItem).join(' | ')
    case 'group': {
      const inner = item.items.map(describeItem).join(' / ')
      return item.caption ? `${oneLine(item.caption)} [${inner}]` : `[${inner}]`
    }
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ')
}

export function describeDiagram(diagram: ResolvedDiagram): string {
  const panels = diagram.panels.map((panel) => {
    const layers = panel.items.map(describeItem).join(' / ')
    const braces = panel.braces.map(
      (b) => `${oneLine(b.label)}: ${b.from}${b.to !== b.from ? `–${b.to}` : ''}`,
    )
    const head = panel.caption ? `${oneLine(panel.caption)}: ` : ''
    return head + layers + (braces.length ? ` (${braces.join('; ')})` : '')
  })
  const intro = diagram.description ? `${diagram.description} ` : ''
  return `${intro}Top to bottom: ${panels.join('. ')}`
}
