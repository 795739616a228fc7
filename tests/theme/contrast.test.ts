/**
 * WCAG contrast of what diagrams draw, read back from rendered SVGs in the real theme
 * (themes/stackdeck.css): for every tone, in light and dark, a layer at normal strength,
 * dimmed (another item emphasized) and emphasized. The ratio is computed here from the
 * WCAG 2 definition, independently of the `color` package the palette uses.
 */
import type { INode } from 'svgson'
import { describe, expect, it } from 'vitest'
import { renderDiagram } from '../../src/diagrams/render-diagram.ts'
import { defineStack } from '../../src/model/define.ts'
import { TONES, type Tone } from '../../src/model/types.ts'
import { realContext } from '../support/render.ts'
import { byId, parseSvg } from '../support/svg.ts'

const ctx = realContext()

/** Relative luminance of `#rrggbb` (WCAG 2.x). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

function ratio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

/** One layer per tone in two rows, `other` under them, so that any one can be emphasized. */
const half = Math.ceil(TONES.length / 2)
const toneRow = (tones: readonly Tone[]) => ({
  columns: tones.map((tone) => ({ id: `t-${tone}`, label: 'ゲストカーネル', tone })),
})
const everyTone = defineStack({
  title: 't',
  layers: [
    toneRow(TONES.slice(0, half)),
    toneRow(TONES.slice(half)),
    { id: 'other', label: 'ほかの層' },
  ],
})

interface Drawn {
  readonly fill: string
  readonly stroke: string
  readonly text: string
}

async function drawn(variant: 'light' | 'dark', emphasis: string | undefined): Promise<INode> {
  const rendered = await renderDiagram({ ...everyTone, emphasis }, 'c', ctx)
  const svg = rendered.find((r) => r.variant === variant)!.svg
  return parseSvg(svg)
}

function layer(root: INode, id: string): Drawn {
  const g = byId(root, id)
  // Colours are drawn as written: no opacity blends them with the slide.
  expect(
    [g, ...g.children].map((e) => e.attributes.opacity ?? e.attributes['fill-opacity']),
  ).toEqual([g, ...g.children].map(() => undefined))
  const rect = g.children.find((c) => c.name === 'rect')!
  const text = g.children.find((c) => c.name === 'text')!
  return {
    fill: rect.attributes.fill!,
    stroke: rect.attributes.stroke!,
    text: text.attributes.fill!,
  }
}

const cases = (['light', 'dark'] as const).flatMap((variant) =>
  TONES.map((tone): [string, Tone] => [variant, tone]),
)

describe.each(cases)('%s, tone %s', (variant, tone) => {
  const background = ctx.palettes[variant as 'light' | 'dark'].background
  const id = `sd-c${variant === 'dark' ? '-dark' : ''}-t-${tone}`
  const states = {
    normal: undefined,
    dimmed: 'other',
    emphasized: `t-${tone}`,
  } as const

  it.each(Object.entries(states))(
    '%s: outline ≥ 3:1 against the slide, label ≥ 4.5:1 against the box',
    async (state, emphasis) => {
      const box = layer(await drawn(variant as 'light' | 'dark', emphasis), id)
      expect(
        ratio(box.stroke, background),
        `${state} outline ${box.stroke} on ${background}`,
      ).toBeGreaterThanOrEqual(3)
      expect(
        ratio(box.text, box.fill),
        `${state} label ${box.text} on ${box.fill}`,
      ).toBeGreaterThanOrEqual(4.5)
    },
  )

  it('dimmed reads as not the focus: paler box, softer outline than normal', async () => {
    const normal = layer(await drawn(variant as 'light' | 'dark', undefined), id)
    const dimmed = layer(await drawn(variant as 'light' | 'dark', 'other'), id)
    // Closer to the slide background than the normal box, in fill and outline.
    expect(ratio(dimmed.fill, background)).toBeLessThan(ratio(normal.fill, background))
    expect(ratio(dimmed.stroke, background)).toBeLessThan(ratio(normal.stroke, background))
  })
})
