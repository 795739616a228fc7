import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { deckLang } from '../../src/deck/marp-options.ts'
import { REPO_ROOT } from '../support/paths.ts'

describe('deckLang', () => {
  it("is the deck's own lang, else marp.config.ts's (as its HTML says), else en", async () => {
    const config = join(REPO_ROOT, 'marp.config.ts')
    expect(await deckLang(config, 'de')).toBe('de')
    // The repo's marp.config.ts sets lang: 'ja': a deck without its own is Japanese.
    expect(await deckLang(config, undefined)).toBe('ja')
    const dir = await mkdtemp(join(tmpdir(), 'stackdeck-lang-'))
    try {
      const bare = join(dir, 'marp.config.mjs')
      await writeFile(bare, 'export default {}\n')
      expect(await deckLang(bare, undefined)).toBe('en')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
