import { describe, expect, it } from 'vitest'
import type { Paragraph, TextBlock, TextRun } from '../../../src/export/pptx/slide-data.ts'
import { EMU_PER_PX, textBoxXml, type TextXmlOptions } from '../../../src/export/pptx/text-xml.ts'
import { elements, NS, parseXml } from './pptx-package.ts'

const OPTIONS: TextXmlOptions = {
  eastAsianFont: 'Noto Sans JP',
  lang: 'ja-JP',
  linkId: (url) => `rIdLink-${url.length}`,
  typeface: (family) => (family === 'Stackdeck Sans' ? 'Noto Sans JP' : family),
}

const run = (text: string, extra: Partial<TextRun> = {}): TextRun => ({
  text,
  size: 30,
  font: 'Stackdeck Sans',
  bold: false,
  italic: false,
  underline: false,
  strike: false,
  colour: { hex: '455A64', alpha: 1 },
  code: false,
  ...extra,
})

const paragraph = (runs: TextRun[], extra: Partial<Paragraph> = {}): Paragraph => ({
  runs,
  align: 'left',
  lineHeight: 45,
  spaceBefore: 0,
  indent: 0,
  hanging: 0,
  level: 0,
  lines: 1,
  textHeight: 43,
  ...extra,
})

const block = (paragraphs: Paragraph[], extra: Partial<TextBlock> = {}): TextBlock => ({
  kind: 'text',
  role: 'body',
  box: { x: 100, y: 200, w: 600, h: 45 },
  paragraphs,
  anchor: 'top',
  nowrap: false,
  ...extra,
})

/** The shape as a slide would hold it (the namespaces a PptxGenJS slide declares). */
function shape(xml: string) {
  return parseXml(
    `<p:spTree xmlns:a="${NS.a}" xmlns:p="${NS.p}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${xml}</p:spTree>`,
    'shape',
  )
}

describe('textBoxXml', () => {
  it('names the Latin typeface and the East Asian one in every run', () => {
    const doc = shape(
      textBoxXml(block([paragraph([run('1台の物理マシン')])]), 5, 't', OPTIONS, 1280),
    )
    const rPr = elements(doc, NS.a, 'rPr')[0]!
    expect(elements(rPr, NS.a, 'latin')[0]!.getAttribute('typeface')).toBe('Noto Sans JP')
    expect(elements(rPr, NS.a, 'ea')[0]!.getAttribute('typeface')).toBe('Noto Sans JP')
    expect(rPr.getAttribute('sz')).toBe('2250') // 30 px = 22.5 pt
    expect(rPr.getAttribute('lang')).toBe('ja-JP')
  })

  it('keeps text with & < > " and XML-illegal characters readable and well-formed', () => {
    const doc = shape(
      textBoxXml(block([paragraph([run('a & b <c> "d" ]]> \u0001e')])]), 5, 't', OPTIONS, 1280),
    )
    expect(elements(doc, NS.a, 't')[0]!.textContent).toBe('a & b <c> "d" ]]> e')
  })

  it('sets the line pitch and paragraph gap in points, and Japanese line breaking', () => {
    const doc = shape(
      textBoxXml(
        block([paragraph([run('一')]), paragraph([run('二')], { spaceBefore: 12 })]),
        5,
        't',
        OPTIONS,
        1280,
      ),
    )
    const [first, second] = elements(doc, NS.a, 'pPr')
    expect(elements(first!, NS.a, 'spcPts')[0]!.getAttribute('val')).toBe('3375') // 45 px
    expect(
      elements(elements(second!, NS.a, 'spcBef')[0]!, NS.a, 'spcPts')[0]!.getAttribute('val'),
    ).toBe('900')
    expect(first!.getAttribute('eaLnBrk')).toBe('1')
    expect(first!.getAttribute('latinLnBrk')).toBe('0')
  })

  it("moves the box up by half the first line's leading and LibreOffice's baseline drop", () => {
    const doc = shape(
      textBoxXml(
        block([paragraph([run('x')], { lineHeight: 50, textHeight: 24 })]),
        5,
        't',
        OPTIONS,
        1280,
      ),
    )
    const off = elements(doc, NS.a, 'off')[0]!
    // Half the leading, and LibreOffice's lower baseline (0.085 em at 30 px).
    expect(Number(off.getAttribute('y'))).toBe(Math.round((200 - 13 - 30 * 0.085) * EMU_PER_PX))
  })

  it('widens a box Chromium did not wrap, and keeps the width of a wrapped one', () => {
    const width = (lines: number) =>
      Number(
        elements(
          shape(textBoxXml(block([paragraph([run('x')], { lines })]), 5, 't', OPTIONS, 1280)),
          NS.a,
          'ext',
        )[0]!.getAttribute('cx'),
      ) / EMU_PER_PX
    expect(width(1)).toBeCloseTo(600 + 30 * 0.6, 0)
    expect(width(3)).toBeCloseTo(601, 0)
  })

  it('writes list markers hanging left of the text, numbered lists from their start', () => {
    const bullet = paragraph([run('項目')], {
      indent: 40,
      hanging: 26,
      bullet: {
        kind: 'number',
        start: 3,
        style: 'decimal',
        size: 30,
        colour: { hex: '000000', alpha: 1 },
        font: 'Stackdeck Sans',
      },
    })
    const pPr = elements(shape(textBoxXml(block([bullet]), 5, 't', OPTIONS, 1280)), NS.a, 'pPr')[0]!
    expect(pPr.getAttribute('marL')).toBe(String(40 * EMU_PER_PX))
    expect(pPr.getAttribute('indent')).toBe(String(-26 * EMU_PER_PX))
    const number = elements(pPr, NS.a, 'buAutoNum')[0]!
    expect(number.getAttribute('type')).toBe('arabicPeriod')
    expect(number.getAttribute('startAt')).toBe('3')
  })

  it('links runs through the relationship the writer adds', () => {
    const doc = shape(
      textBoxXml(
        block([paragraph([run('site', { link: 'https://example.com' })])]),
        5,
        't',
        OPTIONS,
        1280,
      ),
    )
    const link = elements(doc, NS.a, 'hlinkClick')[0]!
    expect(link.getAttribute('r:id')).toBe('rIdLink-19')
  })

  it('holds the room of an inline picture with a spaced-out ideographic space', () => {
    const doc = shape(
      textBoxXml(
        block([paragraph([run('前'), run('\u3000', { spacing: 10, gap: 'picture' }), run('後')])]),
        5,
        't',
        OPTIONS,
        1280,
      ),
    )
    const rPr = elements(doc, NS.a, 'rPr')[1]!
    expect(rPr.getAttribute('spc')).toBe('750')
  })
})
