import { describe, expect, it } from 'vitest'
import { StackdeckError } from '../../src/errors.ts'
import type { DiagramLayout, PlacedBox } from '../../src/layout/geometry.ts'
import { METRICS, layoutDiagram } from '../../src/layout/layout.ts'
import { defineComparison, defineStack } from '../../src/model/define.ts'
import { validateDiagram } from '../../src/model/validate.ts'
import { loadFont } from '../../src/text/font.ts'

const font = loadFont()
const layout = (definition: unknown): DiagramLayout =>
  layoutDiagram(validateDiagram(definition), font)
const box = (l: DiagramLayout, key: string): PlacedBox => {
  const found = l.boxes.find((b) => b.key === key)
  if (!found) throw new Error(`no box '${key}'`)
  return found
}

function layoutError(definition: unknown): StackdeckError {
  try {
    layout(definition)
  } catch (error) {
    expect(error).toBeInstanceOf(StackdeckError)
    expect((error as StackdeckError).code).toBe('LAYOUT')
    return error as StackdeckError
  }
  throw new Error('layout accepted the diagram')
}

describe('layoutDiagram', () => {
  it('stacks full-width layers top to bottom inside the margin', () => {
    const l = layout(
      defineStack({
        title: 't',
        width: 640,
        layers: [
          { id: 'a', label: 'アプリ' },
          { id: 'b', label: 'OS' },
        ],
      }),
    )
    const [a, b] = [box(l, 'a'), box(l, 'b')]
    expect(a.rect).toMatchObject({
      x: METRICS.margin,
      y: METRICS.margin,
      width: 640 - 2 * METRICS.margin,
    })
    expect(b.rect.y).toBeCloseTo(a.rect.y + a.rect.height + METRICS.gapY, 6)
    expect(l.height).toBe(Math.ceil(b.rect.y + b.rect.height + METRICS.margin))
    expect(l.width).toBe(640)
  })

  it('splits a row by weight and gives its columns one height', () => {
    const l = layout(
      defineStack({
        title: 't',
        layers: [
          {
            columns: [
              { id: 'a', label: 'A', weight: 1 },
              { id: 'b', label: 'B\nC\nD', weight: 3 },
            ],
          },
        ],
      }),
    )
    const [a, b] = [box(l, 'a'), box(l, 'b')]
    expect(b.rect.width / a.rect.width).toBeCloseTo(3, 6)
    expect(b.rect.x).toBeCloseTo(a.rect.x + a.rect.width + METRICS.gapX, 6)
    expect(a.rect.height).toBe(b.rect.height)
    expect(b.lines.map((line) => line.text)).toEqual(['B', 'C', 'D'])
  })

  it('stretches the top item of a shorter group to the height of the row', () => {
    const l = layout(
      defineStack({
        title: 't',
        layers: [
          {
            columns: [
              { id: 'tall', label: '1\n2\n3\n4', detail: '5\n6\n7' },
              {
                id: 'g',
                caption: 'VM',
                layers: [
                  { id: 'top', label: 'アプリ' },
                  { id: 'bottom', label: 'OS' },
                ],
              },
            ],
          },
        ],
      }),
    )
    const [tall, g, top, bottom] = ['tall', 'g', 'top', 'bottom'].map((k) => box(l, k))
    expect(g!.rect.height).toBe(tall!.rect.height)
    expect(top!.rect.height).toBeGreaterThan(bottom!.rect.height)
    expect(bottom!.rect.y + bottom!.rect.height).toBeCloseTo(
      g!.rect.y + g!.rect.height - METRICS.framePad,
      6,
    )
  })

  it('keeps every line of text inside its box, with the padding', () => {
    const l = layout(
      defineStack({
        title: 't',
        width: 480,
        layers: [
          {
            columns: [
              { label: 'ゲストOS（Windows Server 2022）' },
              { label: '仮想化支援機能（Intel VT-x / AMD-V）', detail: 'CPUの機能' },
            ],
          },
          { caption: '仮想マシン（とても長いキャプション）', layers: [{ label: 'アプリ' }] },
        ],
      }),
    )
    for (const b of l.boxes.filter((x) => x.kind === 'layer')) {
      for (const line of b.lines) {
        const w = font.width(line.text, line.size)
        expect(line.x - w / 2).toBeGreaterThanOrEqual(b.rect.x + METRICS.boxPadX - 0.01)
        expect(line.x + w / 2).toBeLessThanOrEqual(b.rect.x + b.rect.width - METRICS.boxPadX + 0.01)
        expect(line.y - font.ascent * line.size).toBeGreaterThanOrEqual(b.rect.y)
        expect(line.y).toBeLessThanOrEqual(b.rect.y + b.rect.height - METRICS.boxPadY)
      }
    }
  })

  it('lists every string it draws, for the font subset', () => {
    const l = layout(
      defineComparison({
        title: 'タイトルは描かない',
        panels: [
          {
            caption: '左の図',
            layers: [{ id: 'a', label: 'アプリ', detail: '詳細' }],
            braces: [{ from: 'a', label: '括弧' }],
          },
          { caption: '右の図', layers: [{ caption: '枠', layers: [{ label: 'OS' }] }] },
        ],
      }),
    )
    for (const s of ['アプリ', '詳細', '括弧', '左の図', '右の図', '枠', 'OS'])
      expect(l.text).toContain(s)
    // Exactly the placed lines: what is drawn is what the subset holds, and nothing more.
    const drawn = [
      ...l.boxes.flatMap((b) => b.lines),
      ...l.braces.flatMap((b) => b.lines),
      ...l.captions,
    ].map((line) => line.text)
    expect(l.text).toBe(drawn.join(''))
    expect(l.text).not.toContain('タイトル')
  })

  describe('Japanese phrases', () => {
    /** A row of `n` equal columns, the first one labelled `label`. */
    const columns = (label: string, n: number) =>
      defineStack({
        title: 't',
        layers: [
          {
            columns: [
              { id: 'first', label },
              ...Array.from({ length: n - 1 }, () => ({ label: 'A' })),
            ],
          },
        ],
      })

    it('breaks a label between phrases, keeping ゲストカーネル whole, with no warning', () => {
      const l = layout(columns('ハイパーバイザ上で動くゲストカーネル', 4))
      expect(box(l, 'first').lines.map((line) => line.text)).toEqual([
        'ハイパーバイザ上で',
        '動くゲストカーネル',
      ])
      expect(l.warnings).toEqual([])
    })

    it('warns, naming the field, when a word must break because the box is too narrow', () => {
      const l = layout(columns('ゲストカーネル', 7))
      const lines = box(l, 'first').lines.map((line) => line.text)
      expect(lines.length).toBeGreaterThan(1)
      expect(l.warnings).toEqual([
        {
          field: 'layers[0].columns[0].label',
          message: expect.stringMatching(
            /^'ゲストカーネル' is \d+ px wide at 22 px but the box leaves \d+ px, so it breaks inside a word \('ゲスト.*' \/ '.*ル'\); give the column more weight/,
          ) as unknown,
        },
      ])
    })
  })

  it('puts the shared base layers of a comparison on one baseline', () => {
    const l = layout(
      defineComparison({
        title: 't',
        panels: [
          {
            caption: 'A',
            layers: [
              { label: 'アプリ' },
              { label: 'ゲストOS' },
              { id: 'os1', label: 'ホストOS' },
              { id: 'hw1', label: 'ハードウェア', detail: 'CPU' },
            ],
          },
          {
            caption: 'B',
            layers: [
              { label: 'アプリ' },
              { id: 'os2', label: 'ホストOS' },
              { id: 'hw2', label: 'ハードウェア' },
            ],
          },
        ],
      }),
    )
    for (const [left, right] of [
      ['hw1', 'hw2'],
      ['os1', 'os2'],
    ] as const) {
      expect(box(l, right).rect.y).toBeCloseTo(box(l, left).rect.y, 6)
      expect(box(l, right).rect.height).toBeCloseTo(box(l, left).rect.height, 6)
    }
  })

  // A note taller than the run it braces (3 lines next to one 48 px layer) was once
  // clipped by the viewBox, which counted only the stacks. Found by the property tests.
  it('keeps brace notes inside the figure when they are taller than what they brace', () => {
    const l = layout(
      defineStack({
        title: 't',
        layers: [{ id: 'a', label: 'A' }],
        braces: [{ from: 'a', label: 'ユーザー\n空間\nです' }],
      }),
    )
    for (const line of l.braces.flatMap((b) => b.lines)) {
      expect(line.y - font.ascent * line.size).toBeGreaterThanOrEqual(0)
      expect(line.y - font.ascent * line.size + font.contentHeight * line.size).toBeLessThanOrEqual(
        l.height,
      )
    }
  })

  describe('refuses with a LAYOUT error naming the field', () => {
    it('a word wider than its box', () => {
      const error = layoutError(
        defineStack({
          title: 't',
          width: 320,
          layers: [{ columns: [{ label: 'a' }, { label: 'Virtualization' }] }],
        }),
      )
      expect(error.field).toBe('layers[0].columns[1].label')
      expect(error.detail).toMatch(
        /^'Virtualization' is \d+ px wide at 22 px but the box leaves \d+ px; shorten it, add a space or \\n/,
      )
    })

    it('text that needs more than 4 lines', () => {
      const error = layoutError(defineStack({ title: 't', layers: [{ label: '1\n2\n3\n4\n5' }] }))
      expect(error.field).toBe('layers[0].label')
      expect(error.detail).toMatch(/needs 5 lines .*at most 4 stay readable/)
    })

    it('a figure taller than the 560 px a slide has', () => {
      const error = layoutError(
        defineStack({
          title: 't',
          layers: Array.from({ length: 14 }, (_, i) => ({ label: `${i}\n段` })),
        }),
      )
      expect(error.field).toBe('layers')
      expect(error.detail).toMatch(
        /^the diagram is \d+ px tall .*more than the 560 px .*split it into two diagrams/,
      )
    })

    it('brace notes that leave too little room for the stack', () => {
      const error = layoutError(
        defineStack({
          title: 't',
          width: 320,
          layers: [{ id: 'a', label: 'a' }],
          braces: [{ from: 'a', label: 'ハードウェアアシスト' }],
        }),
      )
      expect(error.field).toBe('braces')
      expect(error.detail).toMatch(/brace labels leave only \d+ px for the stack/)
    })
  })
})
