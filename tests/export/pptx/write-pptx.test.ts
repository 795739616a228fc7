import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import JSZip from 'jszip'
import { PNG } from 'pngjs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { SlideData, TextBlock } from '../../../src/export/pptx/slide-data.ts'
import { writePptx } from '../../../src/export/pptx/write-pptx.ts'
import { FIXTURES_DIR } from '../../support/paths.ts'
import {
  compact,
  mediaDuplicates,
  notesText,
  packageProblems,
  slideText,
  slideXml,
} from './pptx-package.ts'

const BLACK = { hex: '000000', alpha: 1 }

function pngDataUrl(colour: readonly [number, number, number]): string {
  const png = new PNG({ width: 4, height: 4 })
  for (let i = 0; i < 16; i++) png.data.set([...colour, 255], i * 4)
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`
}

const text = (words: string, y: number): TextBlock => ({
  kind: 'text',
  role: 'body',
  box: { x: 70, y, w: 1000, h: 45 },
  anchor: 'top',
  nowrap: false,
  paragraphs: [
    {
      runs: [
        {
          text: words,
          size: 30,
          font: 'Lato',
          bold: false,
          italic: false,
          underline: false,
          strike: false,
          colour: BLACK,
          code: false,
        },
      ],
      align: 'left',
      lineHeight: 45,
      spaceBefore: 0,
      indent: 0,
      hanging: 0,
      level: 0,
      lines: 1,
      textHeight: 36,
    },
  ],
})

let zip: JSZip
let svg: string

beforeAll(async () => {
  svg = await readFile(join(FIXTURES_DIR, 'braces', 'expected.svg'), 'utf8')
  const logo = pngDataUrl([200, 30, 30])
  const slides: SlideData[] = [
    {
      width: 1280,
      height: 720,
      background: {
        colour: { hex: 'FFF8E1', alpha: 1 },
        gradient: {
          angle: 135,
          stops: [
            { colour: { hex: 'FFFFFF', alpha: 1 }, at: 0 },
            { colour: { hex: 'EEEEEE', alpha: 1 }, at: 1 },
          ],
        },
      },
      notes: '最初のノート',
      items: [
        {
          kind: 'image',
          box: { x: 0, y: 0, w: 100, h: 100 },
          clip: { x: 0, y: 0, w: 100, h: 100 },
          src: logo,
          opacity: 1,
          alt: 'logo',
        },
        text('見出し One', 70),
        {
          kind: 'diagram',
          box: { x: 160, y: 200, w: 960, h: 400 },
          name: 'braces',
          src: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
          alt: '',
        },
      ],
    },
    {
      width: 1280,
      height: 720,
      background: { colour: BLACK },
      notes: '',
      items: [
        // The same picture again, cropped by its slide half (a split background).
        {
          kind: 'image',
          box: { x: 0, y: 0, w: 1280, h: 720 },
          clip: { x: 0, y: 0, w: 640, h: 720 },
          src: logo,
          opacity: 0.5,
          alt: '',
        },
        {
          kind: 'table',
          box: { x: 70, y: 100, w: 400, h: 100 },
          columns: [200, 200],
          rows: [50, 50],
          cells: [0, 1].map((r) =>
            [0, 1].map((c) => ({
              paragraphs: text(`セル${r}${c}`, 0).paragraphs,
              fill: r === 0 ? { hex: 'DDDDDD', alpha: 1 } : undefined,
              header: r === 0,
              padding: { top: 4, right: 8, bottom: 4, left: 8 },
              anchor: 'middle' as const,
              borders: [0, 1, 2, 3].map(() => ({ width: 1, colour: BLACK })),
            })),
          ),
        },
      ],
    },
  ]
  zip = await JSZip.loadAsync(
    await writePptx(slides, { title: 't', lang: 'ja', eastAsianFont: 'Noto Sans JP' }),
  )
})

describe('writePptx', () => {
  it('writes a valid package with the slides in order', async () => {
    expect(await packageProblems(zip)).toEqual([])
    expect(compact(slideText(await slideXml(zip, 1)).text)).toBe('見出しOne')
    expect(compact(slideText(await slideXml(zip, 2)).text)).toBe('セル00セル01セル10セル11')
  })

  it('stores a picture used on two slides once, both slides pointing at it', async () => {
    expect(await mediaDuplicates(zip)).toEqual({ files: 1, duplicates: 0 })
    const targets = await Promise.all(
      [1, 2].map(
        async (n) =>
          /Target="(\.\.\/media\/[^"]+)"/.exec(
            await zip.file(`ppt/slides/_rels/slide${n}.xml.rels`)!.async('string'),
          )?.[1],
      ),
    )
    expect(targets[0]).toBeDefined()
    expect(targets[1]).toBe(targets[0])
  })

  it('crops a picture to the part of the slide it shows and keeps its opacity', async () => {
    const xml = await slideXml(zip, 2)
    expect(xml).toMatch(/<a:srcRect l="0" r="50000" t="0" b="0"\/>/)
    expect(xml).toContain('<a:alphaModFix amt="50000"/>')
  })

  it('turns the CSS gradient into a gradient background', async () => {
    expect(await slideXml(zip, 1)).toMatch(
      /<p:bg><p:bgPr><a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0">/,
    )
  })

  it('replaces the diagram stand-in with one group holding its labels', async () => {
    const { groups } = slideText(await slideXml(zip, 1))
    expect(groups).toHaveLength(1)
    expect(groups[0]!.name).toBe('braces')
    const labels = [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join('')
    expect(compact(groups[0]!.text)).toBe(compact(labels))
  })

  it('fills table cells with their own paragraphs, no marker left', async () => {
    const xml = await slideXml(zip, 2)
    expect(xml).not.toContain('sdcell-')
    // The frame is as tall as its rows (100 px), not PptxGenJS's default inch.
    expect(xml).toMatch(/<p:xfrm><a:off x="\d+" y="\d+"\/><a:ext cx="\d+" cy="952500"\/><\/p:xfrm>/)
    expect(xml).toContain('<a:ea typeface="Noto Sans JP"/>')
  })

  it('carries the notes', async () => {
    expect(await notesText(zip, 1)).toContain('最初のノート')
  })
})
