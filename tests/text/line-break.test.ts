import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadFont } from '../../src/text/font.ts'
import { breakLines, segments, type BreakResult } from '../../src/text/line-break.ts'
import { japanesePhrases } from '../../src/text/phrases.ts'
import { breakOffsets, isAnnotatedWordBreak, readPhrases } from '../../bench/wrap/word-breaks.ts'

/** Every character 10 px wide: widths in tests read as character counts. */
const mono = (s: string) => [...s].length * 10

function lines(result: BreakResult): readonly string[] {
  if (!result.ok) throw new Error(`expected the text to fit, but '${result.tooWide}' is too wide`)
  return result.lines
}

const NO_START = [
  ...'）)］」』】〕、。，．,.:;!?！？・…ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々',
]
const NO_END = [...'（([「『【〔｛']

describe('breakLines', () => {
  describe('kinsoku', () => {
    it.each([
      ['）', 'あいう）えお', ['あい', 'う）え', 'お']],
      ['、', 'あいう、えお', ['あい', 'う、え', 'お']],
      ['。', 'あいう。えお', ['あい', 'う。え', 'お']],
      ['ゃ', 'あいきゃくお', ['あい', 'きゃく', 'お']],
      ['ッ', 'あいキッチン', ['あい', 'キッチ', 'ン']],
      ['ー', 'サーバーです', ['サー', 'バーで', 'す']],
    ])(
      'never breaks before %s: it takes the character before it along',
      (_char, text, expected) => {
        // 3 characters fit; plain greedy filling would start the second line with the character.
        expect(lines(breakLines(text, 30, mono))).toEqual(expected)
      },
    )

    it('never breaks after （: it goes to the next line with what follows', () => {
      expect(lines(breakLines('あい（う）え', 30, mono))).toEqual(['あい', '（う）', 'え'])
    })

    it('breaks between any two Japanese characters', () => {
      expect(lines(breakLines('仮想化ソフトウェア', 30, mono))).toEqual([
        '仮想化',
        'ソフト',
        'ウェア',
      ])
    })

    // A space after an opening bracket once let the line end there, before the kinsoku rules.
    it('never leaves （ at the end of a line, even when a space follows it', () => {
      const result = lines(breakLines('ゲストOS（ Windows Server ）', 100, mono))
      for (const line of result) expect(line.endsWith('（')).toBe(false)
    })

    // Decomposed (NFD) kana, common in text copied from macOS file names: U+3099 lies in
    // the ideographic range but belongs to the character before it.
    it('never breaks before a combining voiced sound mark', () => {
      const text = 'あいうか\u3099'
      for (const line of lines(breakLines(text, 40, mono)))
        expect(line.startsWith('\u3099')).toBe(false)
    })
  })

  describe('Latin text', () => {
    it('never breaks inside a Latin word, only at spaces', () => {
      const text = 'VirtualBox VMware Workstation'
      expect(lines(breakLines(text, 120, mono))).toEqual(['VirtualBox', 'VMware', 'Workstation'])
    })

    it('may break after a slash between words', () => {
      expect(lines(breakLines('Intel/AMD', 60, mono))).toEqual(['Intel/', 'AMD'])
    })

    it('drops the spaces at a break and keeps those inside a line', () => {
      expect(lines(breakLines('KVM  and QEMU', 80, mono))).toEqual(['KVM  and', 'QEMU'])
    })

    it('reports the word that cannot fit on a line of its own', () => {
      expect(breakLines('Hyper-V Virtualization', 100, mono)).toEqual({
        ok: false,
        tooWide: 'Virtualization',
      })
    })

    it('reports a bracketed word that cannot be split, not the whole label', () => {
      expect(breakLines('ゲストOS（Windows）', 60, mono)).toEqual({
        ok: false,
        tooWide: '（Windows）',
      })
    })
  })

  describe('forced breaks', () => {
    it('breaks at \\n even when everything fits', () => {
      expect(lines(breakLines('ゲストOS\nLinux', 1000, mono))).toEqual(['ゲストOS', 'Linux'])
    })

    it('keeps an empty line between two \\n', () => {
      expect(lines(breakLines('上\n\n下', 1000, mono))).toEqual(['上', '', '下'])
    })
  })

  describe('with the bundled font', () => {
    const font = loadFont()
    const at22 = (s: string) => font.width(s, 22)

    it('wraps ゲストOS（Windows） as ゲストOS / （Windows） when the box is narrow', () => {
      const text = 'ゲストOS（Windows）'
      const widest = Math.max(at22('ゲストOS'), at22('（Windows）'))
      expect(widest + 1).toBeLessThan(at22(text))
      expect(lines(breakLines(text, widest + 1, at22))).toEqual(['ゲストOS', '（Windows）'])
    })

    it('keeps ゲストOS（Windows） on one line when it fits exactly', () => {
      const text = 'ゲストOS（Windows）'
      expect(lines(breakLines(text, at22(text), at22))).toEqual([text])
    })

    it('fills every line up to the width, and no further', () => {
      const text = '仮想化支援機能（Intel VT-x / AMD-V）を使うハイパーバイザ'
      const width = 200
      const result = lines(breakLines(text, width, at22))
      expect(result.length).toBeGreaterThan(1)
      result.forEach((line, i) => {
        expect(at22(line)).toBeLessThanOrEqual(width)
        // Greedy: the next line's first piece would not have fitted on this one.
        const next = result[i + 1]
        if (next !== undefined) expect(at22(line + segments(next)[0]!)).toBeGreaterThan(width)
      })
    })
  })

  describe('with phrase starts (BudouX)', () => {
    const font = loadFont()
    const at22 = (s: string) => font.width(s, 22)
    const phrased = (text: string, width: number) => breakLines(text, width, at22, japanesePhrases)

    it('keeps ゲストカーネル whole when the box holds it, where kinsoku alone splits it', () => {
      const text = 'ハイパーバイザ上で動くゲストカーネル'
      const width = at22('ハイパーバイザ上で動くゲストカー') + 1
      expect(lines(breakLines(text, width, at22))).toEqual([
        'ハイパーバイザ上で動くゲストカー',
        'ネル',
      ])
      const result = phrased(text, width)
      expect(lines(result)).toEqual(['ハイパーバイザ上で動く', 'ゲストカーネル'])
      expect(result.ok && result.brokenPhrases).toEqual([])
    })

    it('breaks a phrase wider than the box between its words first, and says so', () => {
      // 準仮想化ドライバ is one phrase; kanji and katakana meet between its two words.
      const result = phrased('準仮想化ドライバ', at22('準仮想化ド') + 1)
      expect(lines(result)).toEqual(['準仮想化', 'ドライバ'])
      expect(result.ok && result.brokenPhrases).toEqual(['準仮想化ドライバ'])
    })

    it('breaks a word wider than the box where the model most expects a boundary, and says so', () => {
      // Kinsoku rules alone fill the line: ゲストカー / ネル.
      const width = at22('ゲストカー') + 1
      expect(lines(breakLines('ゲストカーネル', width, at22))).toEqual(['ゲストカー', 'ネル'])
      const result = phrased('ゲストカーネル', width)
      expect(lines(result)).toEqual(['ゲスト', 'カーネル'])
      expect(result.ok && result.brokenPhrases).toEqual(['ゲストカーネル'])
      expect(lines(phrased('ファイルシステム', at22('ファイルシ') + 1))).toEqual([
        'ファイル',
        'システム',
      ])
    })

    it('keeps at least three characters of a word before a break it moves back', () => {
      // At 4 characters the model would rather cut サー / ビスメッシュ (its best score).
      const [first] = lines(phrased('サービスメッシュ', at22('サービス') + 1))
      expect([...first!].length).toBeGreaterThanOrEqual(3)
    })

    it('breaks Latin text at spaces and after slashes, as before', () => {
      const text = 'ESXi / Xen / Hyper-V / KVM'
      expect(lines(phrased(text, at22('ESXi / Xen /') + 1))).toEqual(
        lines(breakLines(text, at22('ESXi / Xen /') + 1, at22)),
      )
    })

    it('measures nothing but the whole text when it fits', () => {
      const measured: string[] = []
      const result = breakLines(
        'ゲストOS（Linux）',
        1000,
        (s) => (measured.push(s), 0),
        japanesePhrases,
      )
      expect(lines(result)).toEqual(['ゲストOS（Linux）'])
      expect(new Set(measured)).toEqual(new Set(['ゲストOS（Linux）']))
    })

    describe('on 50 technical phrases (tests/fixtures/text/phrases-ja.txt)', () => {
      const phrases = readPhrases()
      const widths = [120, 150, 180, 240]

      it('has 50 phrases, each with its words marked', () => {
        expect(phrases).toHaveLength(50)
      })

      it('keeps every word the phrase model separates whole when the box can hold it', () => {
        // Phrase starts and script changes (準仮想化 | ドライバ, KVM | モジュール) are certain;
        // inside a katakana compound the model's score only guesses (bench/RESULTS.md, wrap).
        for (const phrase of phrases) {
          for (const width of widths) {
            const result = phrased(phrase.text, width)
            if (!result.ok) continue
            for (const offset of breakOffsets(phrase.text, result.lines)) {
              const before = phrase.text[offset - 1]!
              const after = phrase.text[offset]!
              const sameScript = (re: RegExp) => re.test(before) && re.test(after)
              if (!isAnnotatedWordBreak(phrase, offset)) continue
              // A word-internal break must sit inside one script run: never at a kanji,
              // katakana or Latin border the model knows about.
              expect(
                sameScript(/[\p{Script=Katakana}ー]/u) ||
                  sameScript(/\p{Script=Han}/u) ||
                  sameScript(/[A-Za-z]/) ||
                  /\p{Script=Hiragana}/u.test(before + after),
                `${phrase.text} at ${width}px: ${result.lines.join(' / ')}`,
              ).toBe(true)
            }
          }
        }
      })

      it('splits fewer words than kinsoku rules alone over all phrases and widths', () => {
        let before = 0
        let after = 0
        for (const phrase of phrases) {
          for (const width of widths) {
            const count = (r: BreakResult) =>
              r.ok
                ? breakOffsets(phrase.text, r.lines).filter((o) => isAnnotatedWordBreak(phrase, o))
                    .length
                : 0
            before += count(breakLines(phrase.text, width, at22))
            after += count(phrased(phrase.text, width))
          }
        }
        expect(after).toBeLessThan(before * 0.8)
        expect(after).toBeGreaterThan(0) // the fixture does hold words that must break
      })
    })
  })

  describe('for any mix of Japanese, Latin, brackets and spaces', () => {
    const pieces = fc.constantFrom(
      ...'あいうかきゲストサバ仮想化機能OS',
      ...NO_START,
      ...NO_END,
      'Linux',
      'VT-x',
      'AMD-V',
      'Windows',
      ' ',
      '\u3000',
      '\n',
      '/',
    )
    const texts = fc.array(pieces, { minLength: 1, maxLength: 24 }).map((parts) => parts.join(''))

    it.each([
      ['kinsoku rules alone', undefined],
      ['phrase model', japanesePhrases],
    ])('keeps every character in order and breaks only where it may (%s)', (_name, starts) => {
      fc.assert(
        fc.property(texts, fc.integer({ min: 2, max: 12 }), (text, chars) => {
          const width = chars * 10
          const result = breakLines(text, width, mono, starts)
          if (!result.ok) {
            expect(mono(result.tooWide)).toBeGreaterThan(width)
            return
          }
          checkBreaks(text, result.lines, width)
        }),
        { numRuns: 500 },
      )
    })
  })
})

/**
 * Walks `text` along the lines: each line must be the next stretch of the text, with only
 * spaces dropped at breaks. Where no space was dropped, the break must be one kinsoku and
 * word wrapping allow.
 */
function checkBreaks(text: string, result: readonly string[], width: number): void {
  const paragraphs = text.split('\n')
  let li = 0
  for (const paragraph of paragraphs) {
    const chars = [...paragraph]
    let at = 0
    let first = true
    for (;;) {
      const line = result[li++]
      expect(line, `missing line for paragraph '${paragraph}'`).toBeDefined()
      const lineChars = [...line!]
      expect(mono(line!)).toBeLessThanOrEqual(width)
      const spaceBefore = !first && isSpace(chars[at])
      if (!first) while (isSpace(chars[at])) at++
      expect(chars.slice(at, at + lineChars.length).join('')).toBe(line)
      if (!first && !spaceBefore) {
        const before = chars[at - 1]!
        const after = chars[at]!
        expect(NO_START, `line starts with '${after}' in ${JSON.stringify(result)}`).not.toContain(
          after,
        )
        expect(NO_END, `line ends with '${before}' in ${JSON.stringify(result)}`).not.toContain(
          before,
        )
        expect(
          /[A-Za-z0-9-]/.test(before) && /[A-Za-z0-9-]/.test(after),
          `word split in ${JSON.stringify(result)}`,
        ).toBe(false)
      }
      at += lineChars.length
      first = false
      // Only trailing spaces may remain after the last line of a paragraph.
      if (chars.slice(at).every((c) => isSpace(c))) break
    }
  }
  expect(li).toBe(result.length)
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\u3000'
}
