import { describe, expect, it } from 'vitest'
import { phraseStarts } from '../../src/text/phrases.ts'

const split = (text: string) => {
  const starts = [0, ...phraseStarts(text), text.length]
  return starts.slice(0, -1).map((start, i) => text.slice(start, starts[i + 1]))
}

describe('phraseStarts', () => {
  it('splits a Japanese sentence into phrases (BudouX Japanese model)', () => {
    expect(split('ゲストOSのカーネルを書き換える準仮想化')).toEqual([
      'ゲストOSの',
      'カーネルを',
      '書き換える',
      '準仮想化',
    ])
  })

  it('keeps a katakana word in one phrase', () => {
    expect(phraseStarts('ゲストカーネル')).toEqual([])
    expect(split('ホストOS上で動くハイパーバイザ')).toContain('ハイパーバイザ')
  })

  it('gives UTF-16 offsets, in order, inside the text', () => {
    const text = '𠮷野家のハイパーバイザ上で動くゲストカーネル'
    const starts = phraseStarts(text)
    expect([...starts].sort((a, b) => a - b)).toEqual(starts)
    for (const s of starts) {
      expect(s).toBeGreaterThan(0)
      expect(s).toBeLessThan(text.length)
      // Never between the two halves of a surrogate pair.
      expect(text.codePointAt(s - 1)! > 0xffff).toBe(false)
    }
  })

  it('leaves Latin-only text alone (it breaks at spaces)', () => {
    expect(phraseStarts('Docker Engine / containerd / Podman')).toEqual([])
  })

  it('answers the same for the same text, every time', () => {
    const text = 'コンテナはホストのカーネルを共有する'
    expect(phraseStarts(text)).toEqual(phraseStarts(text))
    expect(split(text)).toEqual(['コンテナは', 'ホストの', 'カーネルを', '共有する'])
  })
})
