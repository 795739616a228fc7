/** The layout phases on their own: each takes and returns plain data. */
import { describe, expect, it } from 'vitest'
import { alignStacks } from '../../src/layout/align.ts'
import { panelFrames } from '../../src/layout/frames.ts'
import { measureStack } from '../../src/layout/measure.ts'
import { METRICS } from '../../src/layout/metrics.ts'
import { placeStack } from '../../src/layout/place.ts'
import { defineComparison, defineStack } from '../../src/model/define.ts'
import { validateDiagram } from '../../src/model/validate.ts'
import { loadFont } from '../../src/text/font.ts'

const font = loadFont()

describe('panelFrames', () => {
  it('gives every panel the same stack width, leaving room for the widest brace note', () => {
    const diagram = validateDiagram(
      defineComparison({
        title: 't',
        width: 1000,
        panels: [
          {
            caption: '左',
            layers: [{ id: 'a', label: 'A' }],
            braces: [{ from: 'a', label: 'Type 1' }],
          },
          { caption: '右', layers: [{ label: 'B' }] },
        ],
      }),
    )
    const [left, right] = panelFrames(diagram, font)
    const panel = (1000 - 2 * METRICS.margin - METRICS.panelGap) / 2
    const note = font.width('Type 1', METRICS.brace)
    expect(left!.stackWidth).toBeCloseTo(panel - 2 * METRICS.braceGap - METRICS.braceArm - note, 6)
    expect(right!.stackWidth).toBe(left!.stackWidth)
    expect(right!.x).toBeCloseTo(left!.x + panel + METRICS.panelGap, 6)
    expect(left!.braceNotes.map((n) => n.lines)).toEqual([['Type 1']])
  })
})

describe('measureStack → alignStacks → placeStack', () => {
  const diagram = validateDiagram(
    defineStack({
      title: 't',
      layers: [
        {
          id: 'row',
          columns: [
            { id: 'vm', caption: '仮想マシン', layers: [{ id: 'app', label: 'アプリ' }] },
            { id: 'tall', label: '一\n二\n三' },
          ],
        },
        { id: 'hw', label: 'ハードウェア' },
      ],
    }),
  )
  const [frame] = panelFrames(diagram, font)
  const measured = measureStack(frame!.panel.items, frame!.stackWidth, font)
  const heights = alignStacks([measured.items])
  const boxes = placeStack(
    measured.items,
    heights.items[0]!,
    frame!.x,
    frame!.stackWidth,
    METRICS.margin,
    heights.stacks,
    font,
  )

  it('lists every text field it wrapped, with its field path', () => {
    expect(measured.texts.map((t) => t.field)).toEqual([
      'layers[0].columns[0].caption',
      'layers[0].columns[0].layers[0].label',
      'layers[0].columns[1].label',
      'layers[1].label',
    ])
  })

  it('draws a row before its columns and a frame before what it holds', () => {
    expect(boxes.map((b) => b.key)).toEqual(['row', 'vm', 'app', 'tall', 'hw'])
    expect(boxes.find((b) => b.key === 'row')!.children).toEqual(['vm', 'app', 'tall'])
  })

  it('stretches the group to the row height, its extra going to the top item', () => {
    const byKey = (key: string) => boxes.find((b) => b.key === key)!.rect
    expect(byKey('vm').height).toBeCloseTo(byKey('tall').height, 6)
    // The one item fills the frame down to its bottom padding.
    expect(byKey('app').y + byKey('app').height + METRICS.framePad).toBeCloseTo(
      byKey('vm').y + byKey('vm').height,
      6,
    )
  })
})
