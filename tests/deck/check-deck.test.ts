/**
 * The deck check, without I/O: summarizeDeck reads slides and images the way the engine
 * renders them; imageProblems turns an unusable one into an error naming slide, line and
 * path (the file rule is injected).
 */
import { describe, expect, it } from 'vitest'
import {
  characterProblems,
  deckThemeName,
  imageProblems,
  summarizeDeck,
} from '../../src/deck/check-deck.ts'

const ROOT = '/project'
const FILE = '/project/slides/deck.md'
const DIAGRAMS = { root: ROOT, dir: '/project/assets/diagrams' }

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
  const summary = summarizeDeck(DECK, FILE, DIAGRAMS)

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

describe('imageProblems', () => {
  const summary = summarizeDeck(DECK, FILE, DIAGRAMS)

  it('reports nothing when every local image is usable, never asking about remote ones but warning about them', () => {
    const asked: string[] = []
    const problems = imageProblems(summary, FILE, ROOT, (path) => {
      asked.push(path)
      return undefined
    })
    expect(asked).toHaveLength(3)
    expect(asked.some((p) => p.startsWith('https:'))).toBe(false)
    expect(problems).toEqual([
      {
        level: 'warning',
        file: 'slides/deck.md',
        line: 21,
        slide: 3,
        message:
          'remote image https://example.com/a.png is fetched when the deck is shown; download it into assets/ to keep the exports self-contained',
      },
    ])
  })

  it('names slide, line and path of every missing image as an error', () => {
    const errors = imageProblems(summary, FILE, ROOT, () => 'not found').filter(
      (p) => p.level === 'error',
    )
    expect(errors.map((e) => [e.slide, e.line])).toEqual([
      [1, 7],
      [2, 15],
      [3, 21],
    ])
    expect(errors[0]!.message).toBe(
      'image images/cover.png not found (slides/images/cover.png); check the path: it is relative to the Markdown file',
    )
  })

  it('points at the diagrams folder for a missing diagram', () => {
    const [error] = imageProblems(summary, FILE, ROOT, (path) =>
      path.endsWith('stack.dark.svg') ? 'not found' : undefined,
    ).filter((p) => p.level === 'error')
    expect(error).toEqual({
      level: 'error',
      file: 'slides/deck.md',
      line: 15,
      slide: 2,
      message:
        'image ../assets/diagrams/stack.dark.svg not found (assets/diagrams/stack.dark.svg); no diagram of that name was rendered: check the name against the files in slides/diagrams/',
    })
  })

  it('passes on why a file cannot be inlined (outside the project, an unsupported type)', () => {
    const [error] = imageProblems(summary, FILE, ROOT, () => 'is a BMP file; convert it to PNG')
    expect(error!.message).toBe(
      'image images/cover.png (slides/images/cover.png) is a BMP file; convert it to PNG',
    )
  })
})

describe('characterProblems', () => {
  const notoLacks = new Set([0x2715, 0x2f00])
  const covers = (codePoint: number) => !notoLacks.has(codePoint)
  const markdown = [
    '---', // 1
    'marp: true',
    '---',
    '',
    '# 比較 ✕ 表', // 5
    '',
    '😀 は画像で描かれる',
    '',
    '⼀ と ✕ と が', // 9: ✕ again is reported once; が (decomposed) is a base and a mark
  ].join('\n')

  it('names each character the bundled fonts lack once, with its first line; emoji are images', () => {
    const problems = characterProblems(markdown, 'slides/deck.md', covers)
    expect(problems.map((w) => w.line)).toEqual([5, 9])
    expect(problems[0]!.message).toMatch(/^'✕' \(U\+2715\) is not in the bundled fonts; .* × for ✕/)
    expect(problems[1]!.message).toMatch(/^'⼀' \(U\+2F00\) is not in the bundled fonts/)
  })

  it('says nothing about a deck the fonts cover', () => {
    expect(characterProblems('# 仮想化\n', 'slides/deck.md', () => true)).toEqual([])
  })
})

describe('deckThemeName', () => {
  it('reads the theme from front matter or a theme directive comment', () => {
    expect(deckThemeName('---\nmarp: true\ntheme: gaia\n---\n# x')).toBe('gaia')
    expect(deckThemeName("---\ntheme: 'my-theme' # ours\n---\n")).toBe('my-theme')
    expect(deckThemeName('# x\n\n<!-- theme: uncover -->\n')).toBe('uncover')
    expect(deckThemeName('---\nmarp: true\n---\n# theme: no')).toBeUndefined()
  })
})
