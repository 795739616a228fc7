import * as fontkit from 'fontkit'
import type { INode } from 'svgson'
import { describe, expect, it } from 'vitest'
import { renderDiagram } from '../../src/diagrams/render-diagram.ts'
import { defineStack } from '../../src/model/define.ts'
import type { StackDiagram } from '../../src/model/types.ts'
import { realContext } from '../support/render.ts'
import { byId, elements, parseSvg, textOf } from '../support/svg.ts'

const ctx = realContext()
const EMPHASIS = ctx.palettes.light.emphasis

const vms = defineStack({
  title: '仮想マシンの図',
  description: '説明の文。',
  layers: [
    {
      id: 'row',
      columns: [
        {
          id: 'vm1',
          caption: '仮想マシン',
          layers: [
            { id: 'app1', label: 'アプリ' },
            { id: 'guest1', label: 'ゲストOS' },
          ],
        },
        { id: 'vm2', caption: '仮想マシン', layers: [{ id: 'app2', label: 'アプリ' }] },
      ],
    },
    { id: 'hv', label: 'ハイパーバイザ', detail: 'KVM / Xen', tone: 'hypervisor' },
    { id: 'hw', label: 'ハードウェア', tone: 'hardware' },
  ],
  braces: [{ from: 'hv', label: 'Type 1' }],
})

async function light(definition: StackDiagram, name = 'x'): Promise<INode> {
  const [first] = await renderDiagram(definition, name, ctx)
  return parseSvg(first!.svg)
}

const rectOf = (g: INode) => g.children.find((c) => c.name === 'rect')!
/** Layers and groups (ids without the prefix) drawn dimmed; rows draw nothing to dim. */
const dimmed = (root: INode) =>
  elements(root)
    .filter((e) => e.attributes['data-kind'] !== 'row' && e.attributes['data-dimmed'] === 'true')
    .map((e) => e.attributes.id!.replace('sd-x-', ''))
    .sort()

describe('renderSvg', () => {
  it('is self-contained: no scripts, no external references, the font embedded as a data URL', async () => {
    const root = await light(vms)
    const names = new Set(elements(root).map((e) => e.name))
    for (const banned of ['script', 'foreignObject', 'image', 'use', 'filter', 'a'])
      expect(names.has(banned)).toBe(false)
    expect(
      elements(root).filter((e) => Object.keys(e.attributes).some((a) => /href$/i.test(a))),
    ).toEqual([])
    const style = textOf(elements(root).find((e) => e.name === 'style')!)
    expect(style).toMatch(
      /^@font-face\{font-family:"sd-x";.*src:url\(data:font\/woff;base64,[A-Za-z0-9+/]+=*\) format\("woff"\)\}$/,
    )
    expect(style.match(/url\(/g)).toHaveLength(1)
    // The embedded family comes first; the bundled font's name and sans-serif only back it up.
    expect(root.attributes['font-family']).toMatch(/^sd-x, /)
  })

  it('embeds a font subset that draws every character of every text', async () => {
    const root = await light(vms)
    const style = textOf(elements(root).find((e) => e.name === 'style')!)
    const base64 = /base64,([^)]+)\)/.exec(style)![1]!
    const subset = fontkit.create(Buffer.from(base64, 'base64'))
    if (!('hasGlyphForCodePoint' in subset)) throw new Error('expected a single font')
    const drawn = elements(root)
      .filter((e) => e.name === 'text')
      .map(textOf)
      .join('')
    const missing = [...new Set(drawn)].filter(
      (ch) => !subset.hasGlyphForCodePoint(ch.codePointAt(0)!),
    )
    expect(missing).toEqual([])
    // A subset, not the 5 MB font.
    expect(base64.length).toBeLessThan(40_000)
  })

  it('sizes the figure by its layout and labels it for screen readers', async () => {
    const root = await light(vms)
    const { width, height, viewBox, role } = root.attributes
    expect(viewBox).toBe(`0 0 ${width} ${height}`)
    expect(Number(width)).toBe(960)
    expect(role).toBe('img')
    const [titleId, descId] = root.attributes['aria-labelledby']!.split(' ')
    expect(textOf(byId(root, titleId!))).toBe('仮想マシンの図')
    expect(textOf(byId(root, descId!))).toBe(
      '説明の文。 Top to bottom: 仮想マシン [アプリ / ゲストOS] | 仮想マシン [アプリ] / ハイパーバイザ (KVM / Xen) / ハードウェア (Type 1: hv)',
    )
  })

  it('dims nothing without emphasis', async () => {
    expect(dimmed(await light(vms))).toEqual([])
  })

  it('outlines an emphasized layer and dims the other layers, not the frames', async () => {
    const root = await light({ ...vms, emphasis: 'hv' })
    expect(rectOf(byId(root, 'sd-x-hv')).attributes).toMatchObject({
      stroke: EMPHASIS,
      'stroke-width': '4',
    })
    expect(dimmed(root)).toEqual(['app1', 'app2', 'guest1', 'hw'])
  })

  it('draws dimmed layers in the dimmed colours of the theme, not with opacity', async () => {
    const root = await light({ ...vms, emphasis: 'hv' })
    const { dimmed: colors, tones, stroke } = ctx.palettes.light
    const hw = byId(root, 'sd-x-hw')
    expect(rectOf(hw).attributes).toMatchObject({
      fill: colors.tones.hardware.fill,
      stroke: colors.stroke,
    })
    expect(hw.children.find((c) => c.name === 'text')!.attributes.fill).toBe(
      colors.tones.hardware.text,
    )
    expect(colors.tones.hardware.fill).not.toBe(tones.hardware.fill)
    expect(colors.stroke).not.toBe(stroke)
    // The emphasized layer keeps its own colours.
    expect(rectOf(byId(root, 'sd-x-hv')).attributes.fill).toBe(tones.hypervisor.fill)
    expect(elements(root).filter((e) => e.attributes.opacity !== undefined)).toEqual([])
  })

  it('keeps what an emphasized group holds at full strength', async () => {
    const root = await light({ ...vms, emphasis: 'vm1' })
    expect(rectOf(byId(root, 'sd-x-vm1')).attributes).toMatchObject({
      stroke: EMPHASIS,
      'stroke-width': '3',
    })
    expect(rectOf(byId(root, 'sd-x-vm2')).attributes.stroke).not.toBe(EMPHASIS)
    expect(dimmed(root)).toEqual(['app2', 'hv', 'hw'])
  })

  it('outlines an emphasized row just outside its columns and keeps them lit', async () => {
    const root = await light({ ...vms, emphasis: 'row' })
    const row = byId(root, 'sd-x-row')
    const outline = rectOf(row).attributes
    const vm1 = rectOf(byId(root, 'sd-x-vm1')).attributes
    expect(outline.stroke).toBe(EMPHASIS)
    expect(Number(outline.x)).toBeLessThan(Number(vm1.x))
    expect(Number(outline.y)).toBeLessThan(Number(vm1.y))
    expect(dimmed(root)).toEqual(['hv', 'hw'])
  })

  // Items are `<prefix>-<item id>`; the title, description and braces are `<prefix>--title`,
  // `<prefix>--desc`, `<prefix>--brace-0`, which no item id can produce (ids start with a
  // letter), so items called `title`, `desc` or `brace-0` do not duplicate them.
  it('gives every element a unique id, whatever the items are called', async () => {
    const root = await light(
      defineStack({
        title: 't',
        layers: [
          { id: 'title', label: 'a' },
          { id: 'desc', label: 'b' },
          { id: 'brace-0', label: 'c' },
        ],
        braces: [{ from: 'title', label: 'x' }],
      }),
    )
    const ids = elements(root)
      .map((e) => e.attributes.id)
      .filter((id) => id !== undefined)
    expect(ids).toEqual([...new Set(ids)])
  })
})
