/**
 * The deck check, without I/O: summarizeDeck reads slides and images the way the engine
 * renders them; checkDeckImages turns a missing one into an error naming slide, line and
 * path (file existence is injected).
 */
import { describe, expect, it } from 'vitest'
import { checkDeckImages, deckWarnings, summarizeDeck } from '../../src/deck/check-deck.ts'
import { StackdeckError } from '../../src/errors.ts'

const ROOT = '/project'
const FILE = '/project/slides/deck.md'

const DECK = [
  '---', // 1
  'marp: true',
  '---',
  '',
  '# One', // 5
  '',
  '![bg](images/cover.png)',
  '',
  '---',
  '', // 10
  '<!-- _class: invert -->',
  '',
  '## Two',
  '',
  '![diagram](../assets/diagrams/stack.svg)', // 15
  '',
  '---',
  '',
  '## Three',
  '', // 20
  '![remote](https://example.com/a.png) ![light](../assets/diagrams/stack.dark.svg)',
].join('\n')

describe('summarizeDeck', () => {
  const summary = summarizeDeck(DECK, FILE)

  it('counts the slides', () => {
    expect(summary.slides).toBe(3)
  })

  it('lists every image with its slide and line, diagrams in the variant the slide shows', () => {
    expect(summary.images).toEqual([
      {
        slide: 1,
        line: 7,
        url: 'images/cover.png',
        path: '/project/slides/images/cover.png',
        isDiagram: false,
      },
      {
        slide: 2,
        line: 15,
        url: '../assets/diagrams/stack.dark.svg',
        path: '/project/assets/diagrams/stack.dark.svg',
        isDiagram: true,
      },
      { slide: 3, line: 21, url: 'https://example.com/a.png', path: undefined, isDiagram: false },
      {
        slide: 3,
        line: 21,
        url: '../assets/diagrams/stack.svg',
        path: '/project/assets/diagrams/stack.svg',
        isDiagram: true,
      },
    ])
  })
})

describe('checkDeckImages', () => {
  const summary = summarizeDeck(DECK, FILE)
  const check = (exists: (path: string) => boolean) => () =>
    checkDeckImages(summary, FILE, ROOT, exists)

  it('passes when every local image exists, never asking about remote ones', () => {
    const asked: string[] = []
    const exists = (path: string) => {
      asked.push(path)
      return true
    }
    expect(check(exists)).not.toThrow()
    expect(asked).toHaveLength(3)
    expect(asked.some((p) => p.startsWith('https:'))).toBe(false)
  })

  it('names slide, line and path of the first missing image and counts the others', () => {
    expect(check(() => false)).toThrow(
      new StackdeckError(
        'DECK',
        'slide 1: image images/cover.png not found (slides/images/cover.png); check the path: it is relative to the Markdown file (and 2 more missing images)',
        { file: 'slides/deck.md', line: 7 },
      ),
    )
  })

  it('points at the diagrams folder for a missing diagram', () => {
    let error: unknown
    try {
      check((path) => !path.endsWith('stack.dark.svg'))()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(StackdeckError)
    expect(error).toMatchObject({ code: 'DECK', file: 'slides/deck.md', line: 15 })
    expect((error as Error).message).toBe(
      'slides/deck.md:15: slide 2: image ../assets/diagrams/stack.dark.svg not found (assets/diagrams/stack.dark.svg); no diagram of that name was rendered; check the name against the files in slides/diagrams/',
    )
  })
})

describe('deckWarnings', () => {
  const notoLacks = new Set([0x2715, 0x1f600])
  const covers = (codePoint: number) => !notoLacks.has(codePoint)
  const markdown = [
    '---', // 1
    'marp: true',
    '---',
    '',
    '# 比較 ✕ 表', // 5
    '',
    '![bg](https://example.com/cover.png)',
    '',
    '😀 と ✕ と が', // 9: ✕ again is reported once; が (decomposed) is a base and a mark
  ].join('\n')

  it('names each character the bundled font lacks once, with its first line, and each remote image', () => {
    const warnings = deckWarnings(markdown, summarizeDeck(markdown, FILE), covers)
    expect(warnings.map((w) => w.line)).toEqual([7, 5, 9])
    expect(warnings[0]!.message).toMatch(
      /^slide 1: remote image https:\/\/example\.com\/cover\.png /,
    )
    expect(warnings[1]!.message).toMatch(/^'✕' \(U\+2715\) is not in the bundled font; .* × for ✕/)
    expect(warnings[2]!.message).toMatch(/^'😀' \(U\+1F600\) is not in the bundled font/)
  })

  it('says nothing about a deck the fonts cover and whose images are local', () => {
    const local = '---\nmarp: true\n---\n\n# 仮想化\n\n![](../assets/diagrams/a.svg)\n'
    expect(deckWarnings(local, summarizeDeck(local, FILE), () => true)).toEqual([])
  })
})
