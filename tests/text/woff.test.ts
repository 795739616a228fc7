import * as fontkit from 'fontkit'
import { describe, expect, it } from 'vitest'
import { loadFont } from '../../src/text/font.ts'
import {
  DIAGRAM_FEATURES,
  TEXT_FEATURES,
  characterSet,
  subsetWoffBase64,
} from '../../src/text/subset.ts'
import { sfntToWoff } from '../../src/text/woff.ts'

const font = loadFont()

function open(data: Buffer): fontkit.Font {
  const parsed = fontkit.create(data)
  if (!('characterSet' in parsed)) throw new Error('expected one font, got a collection')
  return parsed
}

describe('subsetWoffBase64', () => {
  const text = 'ゲストOS（Windows）ハイパーバイザ Type 2 & <fi>'

  it('returns a WOFF that holds the characters of the text and hardly any other', () => {
    const woff = Buffer.from(
      subsetWoffBase64(font.file, font.data, text, DIAGRAM_FEATURES),
      'base64',
    )
    expect(woff.subarray(0, 4).toString('latin1')).toBe('wOFF')
    const subset = open(woff)
    const expected = [...characterSet(text)].map((c) => c.codePointAt(0)!)
    for (const codePoint of expected) expect(subset.hasGlyphForCodePoint(codePoint)).toBe(true)
    // HarfBuzz keeps other code points that map to the same glyphs (such as U+00A0 for the
    // space), nothing more: no other Japanese character comes along. (U+FFFF is the end
    // marker of a format-4 cmap, which fontkit lists as a character.)
    const extra = subset.characterSet.filter((c) => !expected.includes(c) && c !== 0xffff)
    expect(extra.length).toBeLessThanOrEqual(2)
    expect(extra.filter((c) => c >= 0x3000)).toEqual([])
  })

  it('keeps advance widths, so layout measured what the browser draws', () => {
    const subset = open(
      Buffer.from(subsetWoffBase64(font.file, font.data, text, DIAGRAM_FEATURES), 'base64'),
    )
    for (const ch of characterSet(text)) {
      const full = font.width(ch, 1000)
      expect(
        subset.layout(ch, { kern: true }).advanceWidth * (1000 / subset.unitsPerEm),
      ).toBeCloseTo(full, 3)
    }
  })

  it('is smaller for diagrams (kerning only) than with the default text features', () => {
    const diagram = subsetWoffBase64(font.file, font.data, text, DIAGRAM_FEATURES)
    const deck = subsetWoffBase64(font.file, font.data, text, TEXT_FEATURES)
    expect(diagram.length).toBeLessThan(deck.length)
  })

  it('gives the same bytes for the same characters in any order', () => {
    const a = subsetWoffBase64(font.file, font.data, 'アプリOS', DIAGRAM_FEATURES)
    const b = subsetWoffBase64(font.file, font.data, 'OSリプア', DIAGRAM_FEATURES)
    expect(a).toBe(b)
  })
})

describe('sfntToWoff', () => {
  it('wraps a whole font so fontkit reads the same tables back', () => {
    const woff = sfntToWoff(font.data)
    expect(woff.length).toBeLessThan(font.data.length)
    expect(woff.readUInt32BE(8)).toBe(woff.length) // header length field
    const original = open(font.data)
    const wrapped = open(woff)
    expect(wrapped.numGlyphs).toBe(original.numGlyphs)
    expect(wrapped.unitsPerEm).toBe(original.unitsPerEm)
    expect(wrapped.layout('ハードウェア').advanceWidth).toBe(
      original.layout('ハードウェア').advanceWidth,
    )
  })
})
