import { describe, expect, it } from 'vitest'
import { StackdeckError } from '../../src/errors.ts'
import { defineComparison, defineStack } from '../../src/model/define.ts'
import { validateDiagram } from '../../src/model/validate.ts'

/** The error validateDiagram throws for `value`; fails the test if it accepts it. */
function rejection(value: unknown): StackdeckError {
  try {
    validateDiagram(value)
  } catch (error) {
    expect(error).toBeInstanceOf(StackdeckError)
    const e = error as StackdeckError
    expect(e.code).toBe('INVALID_DEFINITION')
    return e
  }
  throw new Error('validateDiagram accepted the definition')
}

/** A stack with `layers`, everything else valid. */
const stack = (layers: unknown[], extra: Record<string, unknown> = {}): unknown => ({
  kind: 'stack',
  title: 'テスト',
  layers,
  ...extra,
})
const panel = (caption: string, id: string) => ({ caption, layers: [{ id, label: caption }] })
/** Groups nested `depth` levels deep around one layer. */
const nested = (depth: number): unknown =>
  depth === 0 ? { label: '葉' } : { layers: [nested(depth - 1)] }

describe('validateDiagram', () => {
  describe('accepts', () => {
    it('fills in the defaults of a stack', () => {
      const diagram = validateDiagram(
        defineStack({
          title: 'ホスト型',
          layers: [{ label: 'アプリ' }, { id: 'hw', label: 'ハードウェア', tone: 'hardware' }],
        }),
      )
      expect(diagram).toEqual({
        kind: 'stack',
        title: 'ホスト型',
        description: undefined,
        emphasis: undefined,
        steps: [],
        width: 960,
        panels: [
          {
            caption: undefined,
            path: '',
            braces: [],
            items: [
              {
                kind: 'layer',
                key: '_0',
                path: 'layers[0]',
                label: 'アプリ',
                detail: undefined,
                tone: 'neutral',
                weight: 1,
              },
              {
                kind: 'layer',
                key: 'hw',
                path: 'layers[1]',
                label: 'ハードウェア',
                detail: undefined,
                tone: 'hardware',
                weight: 1,
              },
            ],
          },
        ],
      })
    })

    it('gives a group the weight of the leaf columns it holds and a brace its from as to', () => {
      const diagram = validateDiagram(
        defineStack({
          title: 't',
          layers: [
            {
              columns: [
                { label: 'アプリ' },
                {
                  id: 'vms',
                  caption: '仮想マシン',
                  layers: [
                    { columns: [{ label: 'A' }, { label: 'B' }, { label: 'C', weight: 2 }] },
                  ],
                },
              ],
            },
            { id: 'os', label: 'OS' },
          ],
          braces: [{ from: 'os', label: 'Type 2' }],
          emphasis: 'vms',
          steps: ['os', 'vms'],
        }),
      )
      const [row] = diagram.panels[0]!.items
      expect(row?.kind).toBe('row')
      const group = row?.kind === 'row' ? row.columns[1] : undefined
      expect(group).toMatchObject({
        kind: 'group',
        key: 'vms',
        path: 'layers[0].columns[1]',
        caption: '仮想マシン',
        weight: 4,
        tone: 'neutral',
      })
      expect(diagram.panels[0]!.braces).toEqual([
        { from: 'os', to: 'os', label: 'Type 2', path: 'braces[0]' },
      ])
      expect(diagram.emphasis).toBe('vms')
      expect(diagram.steps).toEqual(['os', 'vms'])
    })

    it('reads an object with panels and no kind as a comparison, 1120 px wide by default', () => {
      const diagram = validateDiagram({
        title: 't',
        panels: [panel('ホスト型', 'a'), panel('ハイパーバイザ型', 'b')],
      })
      expect(diagram.kind).toBe('comparison')
      expect(diagram.width).toBe(1120)
      expect(diagram.panels.map((p) => [p.caption, p.path, p.items[0]?.path])).toEqual([
        ['ホスト型', 'panels[0]', 'panels[0].layers[0]'],
        ['ハイパーバイザ型', 'panels[1]', 'panels[1].layers[0]'],
      ])
    })

    it('accepts the limits themselves: width 320 and 1160, nesting 4 deep, 8 columns, 4 panels', () => {
      expect(validateDiagram(stack([{ label: 'a' }], { width: 320 })).width).toBe(320)
      expect(validateDiagram(stack([{ label: 'a' }], { width: 1160 })).width).toBe(1160)
      expect(() => validateDiagram(stack([nested(4)]))).not.toThrow()
      expect(() =>
        validateDiagram(
          stack([{ columns: Array.from({ length: 8 }, (_, i) => ({ label: `c${i}` })) }]),
        ),
      ).not.toThrow()
      const four = defineComparison({
        title: 't',
        panels: ['a', 'b', 'c', 'd'].map((id) => panel(id, id)),
      })
      expect(validateDiagram(four).panels).toHaveLength(4)
    })

    it('keeps labels as written: spaces, \\n and symbols are not trimmed or escaped', () => {
      const label = ' A & B <C> "D" \'E\' ]]>\nゲストOS（Windows） 🙂'
      const [layer] = validateDiagram(stack([{ label }])).panels[0]!.items
      expect(layer).toMatchObject({ label })
    })
  })

  describe('rejects, naming the field and what to do', () => {
    it.each([
      [
        'an empty label',
        stack([{ label: 'a' }, { label: '' }]),
        'layers[1].label',
        /label is empty; write the text to show/,
      ],
      [
        'a whitespace-only label',
        stack([{ label: ' \u3000\n ' }]),
        'layers[0].label',
        /label is empty; write the text to show/,
      ],
      [
        'a blank group caption',
        stack([{ caption: ' ', layers: [{ label: 'a' }] }]),
        'layers[0].caption',
        /caption is empty/,
      ],
      [
        'a blank detail',
        stack([{ label: 'a', detail: '' }]),
        'layers[0].detail',
        /detail is empty/,
      ],
      ['a blank title', stack([{ label: 'a' }], { title: '  ' }), 'title', /title is empty/],
      [
        'a blank brace label',
        stack([{ id: 'a', label: 'a' }], { braces: [{ from: 'a', label: ' ' }] }),
        'braces[0].label',
        /brace label is empty/,
      ],
      [
        'a label longer than 60 characters',
        stack([{ label: 'あ'.repeat(61) }]),
        'layers[0].label',
        /longer than 60 characters; shorten it/,
      ],
      [
        'a tab in a label',
        stack([{ label: 'a\tb' }]),
        'layers[0].label',
        /control character; use plain text/,
      ],
      [
        'a misspelt key next to the right one',
        stack([{ columns: [{ label: 'a', lable: 'b' }] }]),
        'layers[0].columns[0]',
        /unknown field 'lable'; did you mean 'label'\?/,
      ],
      [
        'a misspelt top-level key',
        stack([{ label: 'a' }], { widht: 500 }),
        undefined,
        /unknown field 'widht'; did you mean 'width'\?/,
      ],
      [
        'a duplicate id',
        stack([{ id: 'os', label: 'a' }, { columns: [{ id: 'os', label: 'b' }] }]),
        'layers[1].columns[0].id',
        /duplicate id 'os' \(also at layers\[0\]\); ids must be unique/,
      ],
      [
        'an id starting with a digit',
        stack([{ id: '1st', label: 'a' }]),
        'layers[0].id',
        /must start with a letter/,
      ],
      [
        'emphasis on an unknown id',
        stack([{ id: 'hw', label: 'a' }], { emphasis: 'hv' }),
        'emphasis',
        /no item has id 'hv'; known ids: hw/,
      ],
      [
        'emphasis when no item has an id',
        stack([{ label: 'a' }], { emphasis: 'hv' }),
        'emphasis',
        /give the item an id first/,
      ],
      [
        'a step on an unknown id',
        stack([{ id: 'hw', label: 'a' }], { steps: ['hw', 'os'] }),
        'steps[1]',
        /no item has id 'os'; known ids: hw/,
      ],
      [
        'a step listed twice',
        stack([{ id: 'hw', label: 'a' }], { steps: ['hw', 'hw'] }),
        'steps[1]',
        /listed twice/,
      ],
      [
        'a brace from an unknown id',
        stack([{ id: 'hw', label: 'a' }], { braces: [{ from: 'os', label: 'x' }] }),
        'braces[0].from',
        /no item has id 'os'; known ids: hw/,
      ],
      [
        'a brace to an unknown id',
        stack([{ id: 'hw', label: 'a' }], { braces: [{ from: 'hw', to: 'os', label: 'x' }] }),
        'braces[0].to',
        /no item has id 'os'/,
      ],
      ['a width under 320', stack([{ label: 'a' }], { width: 319 }), 'width', /at least 320 px/],
      ['a width over 1160', stack([{ label: 'a' }], { width: 1161 }), 'width', /at most 1160 px/],
      [
        'a weight under 0.25',
        stack([{ columns: [{ label: 'a', weight: 0 }] }]),
        'layers[0].columns[0].weight',
        /at least 0.25/,
      ],
      [
        'nesting 5 levels deep',
        stack([nested(5)]),
        'layers[0].layers[0].layers[0].layers[0].layers[0]',
        /nested more than 4 levels deep; flatten the diagram or split it/,
      ],
      [
        '9 columns in a row',
        stack([{ columns: Array.from({ length: 9 }, (_, i) => ({ label: `c${i}` })) }]),
        'layers[0].columns',
        /at most 8 columns; group some of them/,
      ],
      [
        'a row without columns',
        stack([{ columns: [] }]),
        'layers[0].columns',
        /at least one column/,
      ],
      [
        'a row as a column',
        stack([{ columns: [{ columns: [{ label: 'a' }] }] }]),
        'layers[0].columns[0]',
        /cannot be a row; wrap it in a group/,
      ],
      [
        '15 layers in a stack',
        stack(Array.from({ length: 15 }, (_, i) => ({ label: `l${i}` }))),
        'layers',
        /at most 14 layers; split the diagram/,
      ],
      ['a stack without layers', stack([]), 'layers', /at least one layer/],
      [
        'a comparison with 1 panel',
        { kind: 'comparison', title: 't', panels: [panel('a', 'a')] },
        'panels',
        /needs 2 to 4 panels/,
      ],
      [
        'a comparison with 5 panels',
        {
          kind: 'comparison',
          title: 't',
          panels: ['a', 'b', 'c', 'd', 'e'].map((id) => panel(id, id)),
        },
        'panels',
        /needs 2 to 4 panels/,
      ],
      [
        'a panel without a caption',
        { kind: 'comparison', title: 't', panels: [panel('a', 'a'), { layers: [{ label: 'b' }] }] },
        'panels[1].caption',
        /required/,
      ],
      [
        'a duplicate id across panels',
        { kind: 'comparison', title: 't', panels: [panel('a', 'x'), panel('b', 'x')] },
        'panels[1].layers[0].id',
        /duplicate id 'x'/,
      ],
      [
        'null as a layer',
        stack([{ label: 'a' }, null]),
        'layers[1]',
        /must be a layer \(\{ label \}\), a row \(\{ columns \}\) or a group \(\{ layers \}\), not null/,
      ],
      ['a string as a layer', stack(['アプリ']), 'layers[0]', /not the string "アプリ"/],
      [
        'an unknown tone',
        stack([{ label: 'a', tone: 'blue' }]),
        'layers[0].tone',
        /tone must be one of hardware, .*neutral/,
      ],
      ['a missing title', { kind: 'stack', layers: [{ label: 'a' }] }, 'title', /required/],
    ])('%s', (_name, definition, field, detail) => {
      const error = rejection(definition)
      expect(error.field).toBe(field)
      expect(error.detail).toMatch(detail)
      // The message users read starts with the field path, like `layers[2].label: …`.
      expect(error.message).toBe(field ? `${field}: ${error.detail}` : error.detail)
    })

    it.each([
      ['null', null, /not null/],
      ['a string', 'stack', /not the string "stack"/],
      ['an array', [], /not an array/],
      ['a number', 42, /not a number/],
      ['a function', () => ({}), /not a function/],
    ])('a default export that is %s, saying how to write one', (_name, value, what) => {
      const error = rejection(value)
      expect(error.field).toBeUndefined()
      expect(error.detail).toMatch(
        /the default export must be a diagram \(export default defineStack\(\{\.\.\.\}\)\)/,
      )
      expect(error.detail).toMatch(what)
    })

    it.each([
      ['a number label', stack([{ label: 42 }]), 'layers[0].label'],
      ['a string width', stack([{ label: 'a' }], { width: '960' }), 'width'],
      ['a NaN width', stack([{ label: 'a' }], { width: Number.NaN }), 'width'],
      ['layers as a string', stack([], { layers: 'アプリ' }), 'layers'],
      ['steps as a string', stack([{ id: 'a', label: 'a' }], { steps: 'a' }), 'steps'],
      ['an id as a number', stack([{ id: 7, label: 'a' }]), 'layers[0].id'],
    ])('a value of the wrong type: %s, at its field', (_name, definition, field) => {
      expect(rejection(definition).field).toBe(field)
    })

    // zod 4 leaves `issue.input` out of its issues unless asked (`reportInput`): without
    // it a value of the wrong type was reported as missing (`is required` for `label: 42`).
    it.each([
      ['a number label', stack([{ label: 42 }]), /must be a string, not a number/],
      [
        'a string width',
        stack([{ label: 'a' }], { width: '960' }),
        /must be a number, not the string "960"/,
      ],
      ['layers as a string', stack([], { layers: 'アプリ' }), /must be an array, not the string/],
    ])(
      'says what a value of the wrong type should be instead of calling it missing: %s',
      (_name, definition, detail) => {
        const error = rejection(definition)
        expect(error.detail).not.toMatch(/is required/)
        expect(error.detail).toMatch(detail)
      },
    )

    it.each([
      ['NaN', Number.NaN, 'NaN'],
      ['Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
    ])('calls a %s width what it is, not "a number"', (_name, width, shown) => {
      const error = rejection(stack([{ label: 'a' }], { width }))
      expect(error.message).toBe(`width: must be a finite number, not ${shown}`)
    })

    it('names the field whose getter throws instead of failing with a stack', () => {
      const layer = {
        get label(): string {
          throw new Error('no label today')
        },
      }
      const error = rejection(stack([{ label: 'a' }, layer]))
      expect(error.message).toBe(
        'layers[1].label: reading this field threw Error: no label today (a getter or Proxy?); a definition must hold plain values: compute them first and write them in',
      )
    })

    it('shows a thrown non-Error as JSON, and a Proxy whose trap throws', () => {
      const getter = {
        get title(): string {
          throw { code: 42 }
        },
      }
      expect(rejection(getter).message).toMatch(
        /^title: reading this field threw a non-Error value: \{"code":42\} /,
      )
      const proxy = new Proxy(
        {},
        {
          ownKeys() {
            throw new TypeError('no keys')
          },
        },
      )
      expect(rejection(proxy).message).toMatch(
        /^reading the default export threw TypeError: no keys /,
      )
    })

    it('says where a definition contains itself (shared parts are fine)', () => {
      const shared = { label: '共有' }
      expect(() => validateDiagram(stack([shared, { layers: [shared] }]))).not.toThrow()
      const loop: Record<string, unknown> = { caption: 'x' }
      loop.layers = [loop]
      expect(rejection(stack([loop])).message).toBe(
        'layers[0].layers[0]: contains itself (a circular reference); a definition must be a tree of plain values',
      )
    })

    // zod lists the missing `label` first; the message must name the misspelt key instead.
    it('names a misspelt key that stands in for a required one', () => {
      const error = rejection(stack([{ lable: 'アプリ' }]))
      expect(error.message).toMatch(/unknown field 'lable'; did you mean 'label'\?/)
    })
  })
})
