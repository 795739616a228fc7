/**
 * Golden files: each `tests/fixtures/<case>/definition.ts` is rendered with the real theme
 * and font and compared byte for byte with the `expected*.svg` beside it.
 *
 * After an intended change to the output, regenerate them with `npm run test:update`
 * (UPDATE_GOLDEN=1), look at them (`node scripts/screenshot.mjs <file> out.png 1200 640`)
 * and commit them with the change.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadDefinition } from '../../src/diagrams/load-definition.ts'
import { renderDiagram, type RenderedSvg } from '../../src/diagrams/render-diagram.ts'
import { FIXTURES_DIR } from '../support/paths.ts'
import { realContext } from '../support/render.ts'

const UPDATE = process.env.UPDATE_GOLDEN === '1'

const CASES = readdirSync(FIXTURES_DIR, { withFileTypes: true })
  .filter(
    (entry) => entry.isDirectory() && existsSync(join(FIXTURES_DIR, entry.name, 'definition.ts')),
  )
  .map((entry) => entry.name)
  .sort()

async function render(name: string): Promise<RenderedSvg[]> {
  const file = join(FIXTURES_DIR, name, 'definition.ts')
  const { value } = await loadDefinition(file, `tests/fixtures/${name}/definition.ts`)
  return renderDiagram(value, name, realContext())
}

/**
 * Which variants a case freezes: the light plain figure always; a case with steps freezes
 * every variant (dark and one per step) so that palettes and emphasis are covered once.
 */
function frozen(name: string, rendered: readonly RenderedSvg[]): Map<string, string> {
  const all = rendered.some((r) => r.step !== undefined)
  const out = new Map<string, string>()
  for (const r of rendered) {
    if (!all && (r.variant !== 'light' || r.step !== undefined)) continue
    // `type1.svg`, `type1.dark.svg`, `type1--hw.svg` → `expected.svg`, `expected.dark.svg`, …
    out.set(`expected${r.fileName.slice(name.length)}`, r.svg)
  }
  return out
}

describe('golden files', () => {
  it('has the representative cases', () => {
    expect(CASES).toEqual(['braces', 'comparison', 'emphasis-steps', 'rows-groups', 'simple-stack'])
  })

  describe.each(CASES)('%s', (name) => {
    const dir = join(FIXTURES_DIR, name)

    it('renders byte for byte like its expected SVG files', async () => {
      const files = frozen(name, await render(name))
      if (UPDATE) {
        for (const stale of readdirSync(dir).filter(
          (f) => /^expected.*\.svg$/.test(f) && !files.has(f),
        )) {
          rmSync(join(dir, stale))
        }
        for (const [file, svg] of files) writeFileSync(join(dir, file), svg)
      }
      const present = readdirSync(dir)
        .filter((f) => /^expected.*\.svg$/.test(f))
        .sort()
      expect(
        present,
        'expected files differ from the variants rendered; run `npm run test:update`',
      ).toEqual([...files.keys()].sort())
      for (const [file, svg] of files) {
        const expected = readFileSync(join(dir, file), 'utf8')
        // Compared as strings, not with toBe: a failure prints where they differ, not 10 kB twice.
        if (svg !== expected) {
          let at = 0
          while (svg[at] === expected[at]) at++
          expect.fail(
            `${name}/${file} differs at character ${at}:\n  expected …${expected.slice(Math.max(0, at - 60), at + 60)}…\n  rendered …${svg.slice(Math.max(0, at - 60), at + 60)}…\nIf the change is intended, run \`npm run test:update\` and look at the files.`,
          )
        }
      }
    })

    it('renders byte-identical output twice in a row', async () => {
      const first = await render(name)
      const second = await render(name)
      expect(second.map((r) => r.svg)).toEqual(first.map((r) => r.svg))
    })
  })

  it('does not depend on the order of keys in the definition or on diagrams rendered before', async () => {
    const reordered = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reordered)
      if (typeof value !== 'object' || value === null) return value
      return Object.fromEntries(
        Object.entries(value)
          .reverse()
          .map(([k, v]) => [k, reordered(v)]),
      )
    }
    const file = join(FIXTURES_DIR, 'rows-groups', 'definition.ts')
    const { value } = await loadDefinition(file, 'rows-groups')
    const before = await renderDiagram(value, 'rows-groups', realContext())
    await render('comparison')
    const after = await renderDiagram(reordered(value), 'rows-groups', realContext())
    expect(after.map((r) => r.svg)).toEqual(before.map((r) => r.svg))
  })
})
