/**
 * exportDeck writes through a temp file renamed over the target: the previous export
 * stays as it was, byte for byte, unless marp-cli succeeded, and no temp file is left.
 */
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StackdeckError } from '../../src/errors.ts'
import { exportDeck } from '../../src/export/export-deck.ts'
import { fixtureProject, type TempProject } from '../fixtures/decks/project.ts'

const PREVIOUS = 'the previous export\n'

let project: TempProject

const deck = () => ({ name: 'extra', file: project.deckFile('extra') })
const tempFiles = async () =>
  (await readdir(project.config.outDir)).filter((e) => /^\..+\.tmp-/.test(e))

beforeAll(async () => {
  project = await fixtureProject('export-deck')
  await mkdir(project.config.outDir, { recursive: true })
})

afterAll(async () => {
  await project?.remove()
})

describe('exportDeck', () => {
  it('replaces the previous file when marp-cli succeeds', async () => {
    const target = project.output('extra', 'html')
    await writeFile(target, PREVIOUS)
    expect(await exportDeck(project.config, deck(), 'html', { themes: [] })).toBe(target)
    const html = await readFile(target, 'utf8')
    expect(html).toMatch(/^<!DOCTYPE html>/i)
    expect(html).toContain('追加デッキ')
    expect(await tempFiles()).toEqual([])
  })

  it('keeps the previous file and leaves no temp file when marp-cli fails', async () => {
    const target = project.output('extra', 'pdf')
    await writeFile(target, PREVIOUS)
    // Node is no browser: marp-cli fails to launch it.
    const browser = { executablePath: process.execPath, source: 'test', args: [] }
    const error: unknown = await exportDeck(project.config, deck(), 'pdf', {
      browser,
      themes: [],
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StackdeckError)
    expect(error).toMatchObject({ code: 'EXPORT', file: 'slides/extra.md' })
    expect((error as Error).message).toMatch(
      /^slides\/extra\.md: marp-cli failed to export pdf: \S/,
    )
    expect(await readFile(target, 'utf8')).toBe(PREVIOUS)
    expect(await tempFiles()).toEqual([])
  })
})
