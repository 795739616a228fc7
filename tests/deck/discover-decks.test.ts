import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { discoverDecks, hasMarpFlag } from '../../src/deck/discover-decks.ts'

let slides: string

beforeAll(async () => {
  slides = join(await mkdtemp(join(tmpdir(), 'stackdeck-discover-')), 'slides')
  const files: Record<string, string> = {
    'top.md': '# any Markdown directly in slides/ is a deck',
    '_draft.md': '---\nmarp: true\n---\n',
    'README.md': '# notes about the decks, no front matter',
    'infra/kubevirt/slide.md': '---\nmarp: true\ntheme: gaia\n---\n# KubeVirt',
    'infra/notes.md': '# plain notes in a subfolder are not slides',
    'handbook/README.md': '---\ntitle: x\nmarp: true\n---\n# Handbook',
    'diagrams/stray.md': '---\nmarp: true\n---\n',
    '.hidden/x.md': '---\nmarp: true\n---\n',
  }
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(slides, file, '..'), { recursive: true })
    await writeFile(join(slides, file), text)
  }
})

afterAll(async () => {
  await rm(join(slides, '..'), { recursive: true, force: true })
})

describe('discoverDecks', () => {
  it('finds decks in slides/ and, with marp: true, in subfolders and README.md files', async () => {
    const decks = await discoverDecks(slides, [join(slides, 'diagrams')])
    expect(decks).toEqual([
      { name: 'handbook/README', file: join(slides, 'handbook', 'README.md') },
      { name: 'infra/kubevirt/slide', file: join(slides, 'infra', 'kubevirt', 'slide.md') },
      { name: 'top', file: join(slides, 'top.md') },
    ])
  })

  it('finds nothing in a folder that does not exist', async () => {
    expect(await discoverDecks(join(slides, 'nope'))).toEqual([])
  })
})

describe('hasMarpFlag', () => {
  it('reads marp: true from the front matter only', () => {
    expect(hasMarpFlag('---\nmarp: true\n---\n')).toBe(true)
    expect(hasMarpFlag('\uFEFF---\r\nmarp: true\r\n---\r\n')).toBe(true)
    expect(hasMarpFlag('---\nmarp: false\n---\n')).toBe(false)
    expect(hasMarpFlag('# x\n\nmarp: true\n')).toBe(false)
  })
})
