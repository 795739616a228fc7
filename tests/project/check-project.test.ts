/**
 * `stackdeck check` on a project of small decks: it finds a planted overflow, a missing
 * CSS image and a web font with no bundled copy, each on one line with file, line and
 * slide, passes the clean decks, and fails with --strict on warnings only.
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkProject } from '../../src/project/check-project.ts'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { resolveConfig } from '../../src/config.ts'
import type { DeckProblem } from '../../src/deck/check-deck.ts'
import { discoverDecks } from '../../src/deck/discover-decks.ts'
import { REPO_ROOT } from '../support/paths.ts'

const items = Array.from({ length: 25 }, (_, i) => `- 項目 ${i + 1}`).join('\n')

const DECKS: Record<string, string> = {
  'clean.md':
    '---\nmarp: true\ntheme: gaia\npaginate: true\n---\n\n# きれいなデッキ\n\n---\n\n## 二枚目\n\n- 一つ<br>二つ\n',
  'overflow.md': `---\nmarp: true\ntheme: default\n---\n\n# 一枚目\n\n---\n\n## 多すぎる\n\n${items}\n`,
  'css-image.md':
    '---\nmarp: true\n---\n\n# 背景\n\n<style>\nsection { background-image: url(../assets/gone.png) }\n</style>\n',
  'web-font.md': '---\nmarp: true\ntheme: brand\n---\n\n# ブランド\n',
}

let root: string
const problems = new Map<string, DeckProblem[]>()

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stackdeck-check-'))
  await mkdir(join(root, 'slides'), { recursive: true })
  await mkdir(join(root, 'themes'), { recursive: true })
  for (const [file, text] of Object.entries(DECKS))
    await writeFile(join(root, 'slides', file), text)
  await writeFile(
    join(root, 'themes', 'brand.css'),
    "/* @theme brand */\n@import url('https://fonts.googleapis.com/css2?family=Zen+Maru+Gothic&display=swap');\n@import 'default';\nsection { font-family: 'Zen Maru Gothic', sans-serif; }\n",
  )
  const config = resolveConfig({ root })
  const decks = await discoverDecks(config.slidesDir, [config.diagramsDir])
  await checkProject(config, decks, {
    browser: await findBrowser(),
    onProblem: (deck, problem) =>
      problems.set(deck.name, [...(problems.get(deck.name) ?? []), problem]),
  })
}, 60_000)

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('checkProject', () => {
  it('passes the clean deck', () => {
    expect(problems.get('clean')).toBeUndefined()
  })

  it('finds the planted overflow on slide 2, at the slide start line, and nowhere else', () => {
    expect(problems.get('overflow')).toEqual([
      {
        level: 'warning',
        file: 'slides/overflow.md',
        slide: 2,
        line: 8,
        message: expect.stringMatching(/^content runs \d+px past the slide's content area at li "/),
      },
    ])
  })

  it('finds the missing CSS image as an error with its line', () => {
    expect(problems.get('css-image')).toEqual([
      {
        level: 'error',
        file: 'slides/css-image.md',
        line: 8,
        message: '../assets/gone.png: not found',
      },
    ])
  })

  it('finds the web font with no bundled copy in the theme file', () => {
    expect(problems.get('web-font')).toEqual([
      expect.objectContaining({
        level: 'warning',
        file: 'themes/brand.css',
        line: 2,
        message: expect.stringMatching(/^web font 'Zen Maru Gothic' has no bundled copy/),
      }),
    ])
  })
})

function runCheck(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'scripts', 'stackdeck.mjs'), 'check', '--root', root, ...args],
      { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    child.once('exit', (code) => resolve({ code, stderr }))
  })
}

describe('stackdeck check', () => {
  it('prints one line per problem and exits 1 on an error', async () => {
    const { code, stderr } = await runCheck([])
    expect(code).toBe(1)
    expect(stderr).toContain('✗ slides/css-image.md:8 [css-image] ../assets/gone.png: not found')
    expect(stderr).toMatch(/! slides\/overflow\.md:8 \[overflow\] slide 2: content runs/)
    expect(stderr).toContain('4 decks: 1 error, 2 warnings')
  }, 60_000)

  it('exits 0 with warnings, and 1 with --strict', async () => {
    expect((await runCheck(['--deck', 'overflow'])).code).toBe(0)
    const strict = await runCheck(['--deck', 'overflow', '--strict'])
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('1 deck: 0 errors, 1 warning')
  }, 60_000)
})
