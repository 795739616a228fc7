import { describe, expect, it } from 'vitest'
import { notesText, parseNotes, type NoteBlock } from '../../src/export/handout-notes.ts'

const text = (block: NoteBlock | undefined) =>
  block?.kind === 'text' ? block.runs.map((r) => r.text).join('') : undefined

describe('parseNotes', () => {
  it('keeps bold, italic and inline code as styled runs', () => {
    const [block] = parseNotes(['まず **ホストOS** と *ゲストOS*、`virsh list` を見ます'])
    expect(block).toMatchObject({ kind: 'text', depth: 0, marker: undefined })
    expect(block?.kind === 'text' && block.runs).toEqual([
      { text: 'まず ', bold: false, italic: false, code: false },
      { text: 'ホストOS', bold: true, italic: false, code: false },
      { text: ' と ', bold: false, italic: false, code: false },
      { text: 'ゲストOS', bold: false, italic: true, code: false },
      { text: '、', bold: false, italic: false, code: false },
      { text: 'virsh list', bold: false, italic: false, code: true },
      { text: ' を見ます', bold: false, italic: false, code: false },
    ])
  })

  it('numbers ordered lists from their start and nests bullets one level in', () => {
    const blocks = parseNotes(['3. 三つ目\n4. 四つ目\n   - 中の項目\n     続きの行'])
    expect(blocks.map((b) => [b.depth, b.kind === 'text' ? b.marker : 'code', text(b)])).toEqual([
      [1, '3.', '三つ目'],
      [1, '4.', '四つ目'],
      // A soft break between Japanese characters adds no space.
      [2, '◦', '中の項目続きの行'],
    ])
  })

  it('joins soft-broken Latin lines with a space and keeps hard breaks', () => {
    const [block] = parseNotes(['first line\nsecond line  \nthird'])
    expect(text(block)).toBe('first line second line\nthird')
  })

  it('keeps code blocks line by line, indentation included', () => {
    const [, code] = parseNotes(['例：\n\n```sh\nvagrant up\n  --provider kvm\n```'])
    expect(code).toEqual({ kind: 'code', depth: 0, lines: ['vagrant up', '  --provider kvm'] })
  })

  it('reads each comment of a slide in order and marks quotes', () => {
    const blocks = parseNotes(['最初のコメント', '> 引用です'])
    expect(blocks.map(text)).toEqual(['最初のコメント', '引用です'])
    expect(blocks[1]).toMatchObject({ quote: true, depth: 1 })
  })

  it('lists every character it draws, markers included', () => {
    const blocks = parseNotes(['- **太字**\n- `code`'])
    expect(notesText(blocks)).toBe('•太字\n•code')
  })
})
