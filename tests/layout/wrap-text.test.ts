import { describe, expect, it } from 'vitest'
import { StackdeckError } from '../../src/errors.ts'
import { wrapText, wrapWarnings } from '../../src/layout/wrap-text.ts'
import { loadFont } from '../../src/text/font.ts'
import { breakLines, type BreakResult } from '../../src/text/line-break.ts'
import { japanesePhrases } from '../../src/text/phrases.ts'

const font = loadFont()
const at22 = (s: string) => font.width(s, 22)

function lines(result: BreakResult): readonly string[] {
  if (!result.ok) throw new Error(`'${result.tooWide}' does not fit`)
  return result.lines
}

function refusal(run: () => unknown): StackdeckError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(StackdeckError)
    return error as StackdeckError
  }
  throw new Error('wrapText accepted the text')
}

describe('wrapText', () => {
  it('returns what was asked and the lines, with no broken phrase when words fit', () => {
    const width = at22('ハイパーバイザ上で動く') + 1
    const wrapped = wrapText(
      font,
      'ハイパーバイザ上で動くゲストカーネル',
      width,
      22,
      'layers[0].label',
    )
    expect(wrapped).toEqual({
      field: 'layers[0].label',
      text: 'ハイパーバイザ上で動くゲストカーネル',
      width,
      size: 22,
      lines: ['ハイパーバイザ上で動く', 'ゲストカーネル'],
      brokenPhrases: [],
    })
    expect(wrapWarnings([wrapped], font)).toEqual([])
  })

  it('reports a word broken inside as a warning on its field, with the lines it got', () => {
    const wrapped = wrapText(font, 'コンテナランタイム', 120, 22, 'layers[1].columns[2].label')
    expect(wrapped.brokenPhrases).toEqual(['コンテナランタイム'])
    const [warning] = wrapWarnings([wrapped], font)
    expect(warning!.field).toBe('layers[1].columns[2].label')
    expect(warning!.message).toBe(
      `'コンテナランタイム' is ${Math.ceil(at22('コンテナランタイム'))} px wide at 22 px but the box leaves 120 px, so it breaks inside a word (${wrapped.lines.map((l) => `'${l}'`).join(' / ')}); give the column more weight or the diagram more width, shorten it, or put \\n where it should break`,
    )
  })

  it('falls back to kinsoku rules alone when phrases would need more than 4 lines', () => {
    const text = 'ゲストカーネルのゲストカーネル'
    const phrased = breakLines(text, 88, at22, japanesePhrases)
    expect(phrased.ok && phrased.lines.length).toBe(5)
    const wrapped = wrapText(font, text, 88, 22, 'f')
    expect(wrapped.lines).toEqual(lines(breakLines(text, 88, at22)))
    expect(wrapped.lines).toHaveLength(4)
    // Still a word broken inside: still a warning.
    expect(wrapped.brokenPhrases.length).toBeGreaterThan(0)
  })

  it('refuses a Latin word wider than the box, naming it', () => {
    const error = refusal(() => wrapText(font, 'Paravirtualization', 100, 22, 'layers[0].label'))
    expect(error.field).toBe('layers[0].label')
    expect(error.detail).toMatch(
      /^'Paravirtualization' is \d+ px wide at 22 px but the box leaves 100 px/,
    )
  })

  it('refuses more than 4 lines, and a box narrower than two characters', () => {
    expect(refusal(() => wrapText(font, 'あ\nい\nう\nえ\nお', 500, 22, 'f')).detail).toMatch(
      /^text needs 5 lines/,
    )
    expect(refusal(() => wrapText(font, 'あ', 40, 22, 'f')).detail).toMatch(/too narrow for text/)
  })

  it('refuses a character the bundled font cannot draw', () => {
    expect(refusal(() => wrapText(font, 'OK 👍', 500, 22, 'f')).detail).toMatch(
      /U\+1F44D.*diagrams draw no emoji/,
    )
  })
})
