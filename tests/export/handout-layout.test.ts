import { describe, expect, it } from 'vitest'
import {
  LINE_HEIGHT,
  contentArea,
  layoutHandout,
  type Face,
  type HandoutFonts,
  type HandoutInput,
  type HandoutItem,
} from '../../src/export/handout-layout.ts'
import { parseNotes } from '../../src/export/handout-notes.ts'

/** Every character one em wide, Latin half; code covers ASCII only (as Roboto Mono covers no kana). */
const fonts: HandoutFonts = {
  width: (text: string, _face: Face, size: number) =>
    [...text].reduce((sum, ch) => sum + (ch.charCodeAt(0) < 0x2e80 ? 0.5 : 1) * size, 0),
  covers: (face: Face, ch: string) => face !== 'mono' || ch.charCodeAt(0) < 0x80,
}

const input = (notes: string[][], layout: HandoutInput['layout'] = 'notes'): HandoutInput => ({
  layout,
  paper: 'a4',
  title: '仮想化のしくみと製品',
  lang: 'ja',
  aspect: 16 / 9,
  notes: notes.map(parseNotes),
})

type TextItem = Extract<HandoutItem, { kind: 'text' }>
const texts = (items: readonly HandoutItem[]) =>
  items.filter((i): i is TextItem => i.kind === 'text')
const area = contentArea('a4')
/** Notes text only: items inside the content area, not the margins. */
const bodyText = (items: readonly HandoutItem[]) =>
  texts(items)
    .filter((t) => t.y > area.y && t.y < area.y + area.height && t.tone === 'ink')
    .map((t) => t.text)
    .join('')

describe('layoutHandout', () => {
  it.each([
    ['notes', 44, 44],
    ['2up', 44, 22],
    ['4up', 44, 11],
    ['2up', 5, 3],
    ['4up', 5, 2],
  ] as const)('%s: %i slides with short notes make %i pages', (layout, slides, pages) => {
    const handout = layoutHandout(
      input(
        Array.from({ length: slides }, (_, i) => [`ノート ${i}`]),
        layout,
      ),
      fonts,
    )
    expect(handout.pages).toHaveLength(pages)
    const placed = handout.pages.flatMap((p) => p.items.filter((i) => i.kind === 'slide'))
    expect(placed.map((s) => s.kind === 'slide' && s.slide)).toEqual(
      Array.from({ length: slides }, (_, i) => i),
    )
  })

  it('prints the title and the page number in the margins of every page', () => {
    const handout = layoutHandout(input([['a'], ['b'], ['c']], '2up'), fonts)
    handout.pages.forEach((page, i) => {
      const margin = texts(page.items).filter((t) => t.y < area.y || t.y > area.y + area.height)
      expect(margin.map((t) => t.text)).toEqual(['仮想化のしくみと製品', `${i + 1} / 2`])
    })
  })

  it('continues long notes on the next pages, in order, filling each page and losing nothing', () => {
    const items = Array.from({ length: 150 }, (_, i) => `- 項目 ${i}`).join('\n')
    const handout = layoutHandout(input([['前のスライド'], [items], ['次のスライド']]), fonts)
    const pages = handout.pages
    expect(pages.length).toBeGreaterThan(4)
    // Slide 2's notes run from page 2 to the page before the last.
    const own = pages.slice(1, -1)
    expect(texts(own[1]!.items)[0]!.text).toBe('スライド 2（続き）')
    expect(own.map((p) => bodyText(p.items)).join('')).toBe(
      Array.from({ length: 150 }, (_, i) => `•項目 ${i}`).join(''),
    )
    for (const page of own.slice(0, -1)) {
      const last = Math.max(
        ...texts(page.items)
          .filter((t) => t.tone === 'ink')
          .map((t) => t.y),
      )
      // Full: another line would not have fitted.
      expect(last + LINE_HEIGHT).toBeGreaterThan(area.y + area.height - LINE_HEIGHT)
    }
    expect(bodyText(pages.at(-1)!.items)).toBe('次のスライド')
  })

  it('keeps every item inside the page and text inside the content area', () => {
    const long = 'とても長い説明文が続きます。'.repeat(40) + ' supercalifragilistic'.repeat(10)
    const handout = layoutHandout(input([[long, '```\n' + 'x'.repeat(300) + '\n```']]), fonts)
    for (const page of handout.pages) {
      for (const t of texts(page.items)) {
        expect(t.x).toBeGreaterThanOrEqual(area.x - 16)
        expect(t.x + fonts.width(t.text, t.face, t.size)).toBeLessThanOrEqual(
          area.x + area.width + 0.01,
        )
      }
    }
  })

  it('breaks Japanese anywhere the rules allow but never inside a Latin word', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ')
    const handout = layoutHandout(input([[words]]), fonts)
    const lines = texts(handout.pages[0]!.items).filter((t) => t.tone === 'ink')
    expect(lines.length).toBeGreaterThan(1)
    for (const line of lines) expect(line.text).toMatch(/^(word\d+ ?)+$/)
  })

  it('draws inline code in the code face, falling back to the text face for Japanese', () => {
    const handout = layoutHandout(input([['`ls 仮想`']]), fonts)
    const ink = texts(handout.pages[0]!.items).filter((t) => t.tone === 'ink')
    expect(ink.map((t) => [t.text, t.face])).toEqual([
      ['ls ', 'mono'],
      ['仮想', 'regular'],
    ])
  })
})
