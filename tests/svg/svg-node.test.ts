import { stringify } from 'svgson'
import { describe, expect, it } from 'vitest'
import { renderDiagram } from '../../src/diagrams/render-diagram.ts'
import { defineComparison, defineStack } from '../../src/model/define.ts'
import { el, num, textNodes, toXml } from '../../src/svg/svg-node.ts'
import { realContext } from '../support/render.ts'
import { byId, elements, linesWithRole, parseSvg, textOf } from '../support/svg.ts'

/** Labels that break naive XML writers: markup characters, CDATA terminators, emoji. */
const TRICKY = [
  'A & B',
  '<script>alert(1)</script>',
  '"quoted" & \'single\'',
  'a ]]> b',
  ']]>',
  'x]]>y]]>z',
  ']]]]>>',
  '&amp; stays &amp;',
  '<![CDATA[inner]]>',
  '🐳 Docker 🚀',
  '👨‍👩‍👧 & ⚠️',
]

describe('num', () => {
  it.each([
    [3, '3'],
    [12.5, '12.5'],
    [1 / 3, '0.33'],
    [2 / 3, '0.67'],
    [1234.5678, '1234.57'],
    [-7.25, '-7.25'],
    [-0, '0'],
    [-0.001, '0'],
    [0.004, '0'],
    [1e-7, '0'],
  ])('writes %d as %s', (value, expected) => {
    expect(num(value)).toBe(expected)
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'refuses %d instead of writing it into SVG',
    (value) => {
      expect(() => num(value)).toThrow(/cannot write/)
    },
  )
})

describe('el', () => {
  it('formats numbers with num, keeps strings and drops undefined attributes', () => {
    expect(toXml(el('rect', { x: 1 / 3, width: 10, fill: '#fff', opacity: undefined }))).toBe(
      '<rect x="0.33" width="10" fill="#fff"/>',
    )
  })

  it('escapes attribute values', () => {
    expect(toXml(el('g', { 'data-note': `a & "b" <c>` }))).toBe(
      '<g data-note="a &amp; &quot;b&quot; &lt;c&gt;"/>',
    )
  })
})

describe('textNodes', () => {
  it('is one plain node for ordinary text', () => {
    expect(textNodes('ゲストOS（Windows）')).toEqual([
      { name: '', type: 'text', value: 'ゲストOS（Windows）', attributes: {}, children: [] },
    ])
  })

  it('splits so that no node holds more than one ]]>', () => {
    for (const label of TRICKY) {
      for (const node of textNodes(label))
        expect(node.value.split(']]>').length).toBeLessThanOrEqual(2)
      expect(
        textNodes(label)
          .map((n) => n.value)
          .join(''),
      ).toBe(label)
    }
  })

  it.each(TRICKY)('writes %j so that svgson reads back the same text', (label) => {
    const xml = toXml(el('svg', {}, [el('text', {}, textNodes(label))]))
    const [text] = elements(parseSvg(xml)).filter((e) => e.name === 'text')
    expect(textOf(text!)).toBe(label)
    // And the markup round-trips: what svgson reads, it writes back unchanged.
    expect(stringify(parseSvg(xml))).toBe(xml)
  })
})

describe('rendered diagrams', () => {
  const trickyStack = defineStack({
    title: 'Title & <tags> "q" ]]> ]]> 🙂',
    description: 'Desc & ]]> <x>',
    // Wide enough that every label stays on one line: what is read back is exactly what was written.
    width: 1160,
    layers: [
      { columns: TRICKY.slice(0, 2).map((label, i) => ({ id: `c${i}`, label })) },
      { columns: TRICKY.slice(2, 4).map((label, i) => ({ id: `c${i + 2}`, label })) },
      {
        id: 'grp',
        caption: 'Caption ]]> & <',
        layers: TRICKY.slice(4, 8).map((label, i) => ({ id: `g${i}`, label })),
      },
      // Diagrams draw no emoji (see the refusal below): the detail keeps only the markup.
      { id: 'last', label: TRICKY[8]!, detail: 'Docker & <b>' },
    ],
    braces: [{ from: 'g0', to: 'g3', label: '& ]]> <b>' }],
  })

  it('keeps every label, caption, detail and brace note as written, with the title and description', async () => {
    const [light] = await renderDiagram(trickyStack, 'tricky', realContext())
    const svg = parseSvg(light!.svg)
    TRICKY.slice(0, 4).forEach((label, i) =>
      expect(linesWithRole(byId(svg, `sd-tricky-c${i}`), 'label')).toEqual([label]),
    )
    TRICKY.slice(4, 8).forEach((label, i) =>
      expect(linesWithRole(byId(svg, `sd-tricky-g${i}`), 'label')).toEqual([label]),
    )
    expect(linesWithRole(byId(svg, 'sd-tricky-grp'), 'caption')).toEqual(['Caption ]]> & <'])
    expect(linesWithRole(byId(svg, 'sd-tricky-last'), 'detail')).toEqual(['Docker & <b>'])
    expect(linesWithRole(byId(svg, 'sd-tricky--brace-0'), 'brace')).toEqual(['& ]]> <b>'])
    expect(textOf(byId(svg, 'sd-tricky--title'))).toBe('Title & <tags> "q" ]]> ]]> 🙂')
    expect(textOf(byId(svg, 'sd-tricky--desc'))).toMatch(/^Desc & \]\]> <x> Top to bottom: /)
  })

  it('refuses an emoji label with a clear error instead of drawing nothing (the title may hold one)', async () => {
    const stack = defineStack({
      title: 'Title 🙂',
      layers: [
        { id: 'ok', label: 'Docker' },
        { id: 'emoji', label: TRICKY[9]! },
      ],
    })
    await expect(renderDiagram(stack, 'emoji', realContext())).rejects.toMatchObject({
      code: 'LAYOUT',
      field: 'layers[1].label',
      detail:
        "'🐳' (U+1F433) cannot be drawn: the bundled font has no glyph for it (diagrams draw no emoji; put it on the slide, where emoji are drawn)",
    })
  })

  it('never writes &amp; or other escapes into text: markup characters go in CDATA', async () => {
    const [light] = await renderDiagram(trickyStack, 'tricky', realContext())
    const texts = elements(parseSvg(light!.svg))
      .filter((e) => e.name === 'text')
      .map(textOf)
    expect(texts.filter((t) => t.includes('&amp;'))).toEqual(['&amp; stays &amp;'])
  })

  it('round-trips the markup between svgson nodes everywhere but the root element', async () => {
    for (const rendered of await renderDiagram(trickyStack, 'tricky', realContext())) {
      const root = parseSvg(rendered.svg)
      expect(root.children.map((c) => stringify(c)).join('')).toBe(
        rendered.svg.slice(rendered.svg.indexOf('>') + 1, -'</svg>'.length),
      )
    }
  })

  // svgson's parser does not decode entities in attributes: a quoted font family (`&quot;`)
  // came back as `&amp;quot;`, which is why the root's font-family is written unquoted.
  it('round-trips as a whole: stringify(parse(svg)) === svg', async () => {
    const comparison = defineComparison({
      title: '比較',
      panels: [
        { caption: 'ホスト型', layers: [{ label: 'アプリ' }, { label: 'ホストOS' }] },
        { caption: 'ハイパーバイザ型', layers: [{ label: 'アプリ' }, { label: 'ハイパーバイザ' }] },
      ],
    })
    for (const definition of [trickyStack, comparison]) {
      for (const rendered of await renderDiagram(definition, 'rt', realContext())) {
        expect(stringify(parseSvg(rendered.svg))).toBe(rendered.svg)
      }
    }
  })
})
