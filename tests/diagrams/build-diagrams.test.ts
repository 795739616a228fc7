import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/config.ts'
import { buildDiagrams, type DiagramResult } from '../../src/diagrams/build-diagrams.ts'
import { StackdeckError } from '../../src/errors.ts'
import { API_URL } from '../support/paths.ts'
import { byId, parseSvg, textOf } from '../support/svg.ts'
import {
  createTempProject,
  goodStack,
  stackSource,
  type TempProject,
} from '../support/temp-project.ts'

const BLANK_LABEL = stackSource(`{
  title: '壊れた図',
  layers: [
    { label: 'アプリ' },
    { label: '   ' },
  ],
}`)

// Line 5 has a stray `}`.
const SYNTAX_ERROR = `import { defineStack } from '${API_URL}'

export default defineStack({
  title: 'x',
  layers: [{ label: 'a' }}],
})
`

let project: TempProject | undefined
afterEach(async () => {
  await project?.cleanup()
  project = undefined
})

async function build(
  p: TempProject,
  options: Parameters<typeof buildDiagrams>[1] = {},
): Promise<DiagramResult[]> {
  return buildDiagrams(resolveConfig({ root: p.root }), options)
}

function errorOf(results: readonly DiagramResult[], name: string): StackdeckError {
  const error = results.find((r) => r.name === name)?.error
  expect(error, `${name} should have failed`).toBeInstanceOf(StackdeckError)
  return error!
}

describe('buildDiagrams', () => {
  it('writes a light and a dark SVG per diagram and a pair per step, in name order', async () => {
    project = await createTempProject({
      'b-stack.ts': goodStack('二つ目', "\n  steps: ['os', 'app'],"),
      'a-stack.ts': goodStack('一つ目'),
    })
    const results = await build(project)
    expect(results.map((r) => [r.name, r.file, r.error])).toEqual([
      ['a-stack', 'slides/diagrams/a-stack.ts', undefined],
      ['b-stack', 'slides/diagrams/b-stack.ts', undefined],
    ])
    expect(await project.outputs()).toEqual([
      'a-stack.dark.svg',
      'a-stack.svg',
      'b-stack--app.dark.svg',
      'b-stack--app.svg',
      'b-stack--os.dark.svg',
      'b-stack--os.svg',
      'b-stack.dark.svg',
      'b-stack.svg',
    ])
    expect(results[1]!.outputs.map((o) => o.slice(project!.outDir.length + 1)).sort()).toEqual(
      (await project.outputs()).filter((f) => f.startsWith('b-')),
    )
    const svg = parseSvg(await project.read('b-stack--os.dark.svg'))
    expect(textOf(byId(svg, 'sd-b-stack--os-dark--title'))).toBe('二つ目')
  })

  it('reports a bad definition with its file and field and still writes the good ones', async () => {
    project = await createTempProject({ 'bad.ts': BLANK_LABEL, 'good.ts': goodStack('良い図') })
    const results = await build(project)
    const error = errorOf(results, 'bad')
    expect(error.code).toBe('INVALID_DEFINITION')
    expect(error.file).toBe('slides/diagrams/bad.ts')
    expect(error.field).toBe('layers[1].label')
    expect(error.message).toBe(
      'slides/diagrams/bad.ts layers[1].label: label is empty; write the text to show',
    )
    expect(results.find((r) => r.name === 'bad')?.outputs).toEqual([])
    expect(await project.outputs()).toEqual(['good.dark.svg', 'good.svg'])
  })

  it('reports a syntax error with the file and line', async () => {
    project = await createTempProject({ 'broken.ts': SYNTAX_ERROR })
    const error = errorOf(await build(project), 'broken')
    expect(error.code).toBe('DEFINITION_LOAD')
    expect(error.file).toBe('slides/diagrams/broken.ts')
    expect(error.line).toBe(5)
    expect(error.message).toMatch(/^slides\/diagrams\/broken\.ts:5: syntax error: /)
  })

  it('reports an exception thrown while the definition loads, and a missing default export', async () => {
    project = await createTempProject({
      'throws.ts': `throw new Error('boom')\n`,
      'no-default.ts': `export const stack = { title: 'x' }\n`,
    })
    const results = await build(project)
    expect(errorOf(results, 'throws').message).toBe(
      'slides/diagrams/throws.ts: failed to load: boom',
    )
    expect(errorOf(results, 'no-default').message).toMatch(
      /^slides\/diagrams\/no-default\.ts: has no default export; end the file with `export default defineStack/,
    )
  })

  it('reports text that cannot fit as a LAYOUT error on the label', async () => {
    project = await createTempProject({
      'too-wide.ts': stackSource(
        `{ title: 'x', width: 320, layers: [{ columns: [{ label: 'a' }, { label: 'Virtualization' }, { label: 'c' }] }] }`,
      ),
    })
    const error = errorOf(await build(project), 'too-wide')
    expect(error.code).toBe('LAYOUT')
    expect(error.field).toBe('layers[0].columns[1].label')
    expect(error.detail).toMatch(
      /^'Virtualization' is \d+ px wide at 22 px but the box leaves \d+ px; shorten it/,
    )
  })

  it('leaves the previous SVGs of a diagram that is now broken untouched', async () => {
    project = await createTempProject({ 'stack.ts': goodStack('図', "\n  steps: ['os'],") })
    await build(project)
    const files = await project.outputs()
    const before = await Promise.all(
      files.map(
        async (f) =>
          [await project!.read(f), (await stat(join(project!.outDir, f))).mtimeMs] as const,
      ),
    )

    for (const broken of [
      BLANK_LABEL,
      SYNTAX_ERROR,
      stackSource(`{ title: 'x', width: 320, layers: [{ label: 'Virtualization'.repeat(3) }] }`),
    ]) {
      await project.write('stack.ts', broken)
      const [result] = await build(project)
      expect(result?.error).toBeInstanceOf(StackdeckError)
      expect(await project.outputs()).toEqual(files)
      const after = await Promise.all(
        files.map(
          async (f) =>
            [await project!.read(f), (await stat(join(project!.outDir, f))).mtimeMs] as const,
        ),
      )
      expect(after).toEqual(before)
    }
  })

  it('removes the SVGs of a deleted definition on a full run, not on a partial one', async () => {
    project = await createTempProject({
      'keep.ts': goodStack('残す'),
      'gone.ts': goodStack('消す'),
    })
    await build(project)
    await project.remove('gone.ts')
    await build(project, { only: new Set(['keep']) })
    expect(await project.outputs()).toContain('gone.svg')
    await build(project)
    expect(await project.outputs()).toEqual(['keep.dark.svg', 'keep.svg'])
  })

  it('removes the variants of a step that was dropped', async () => {
    project = await createTempProject({ 'walk.ts': goodStack('歩く', "\n  steps: ['os', 'app'],") })
    await build(project)
    await project.write('walk.ts', goodStack('歩く', "\n  steps: ['os'],"))
    await build(project)
    expect(await project.outputs()).toEqual([
      'walk--os.dark.svg',
      'walk--os.svg',
      'walk.dark.svg',
      'walk.svg',
    ])
  })

  it('renders only the named diagrams with `only` and reports each as it finishes', async () => {
    project = await createTempProject({
      'one.ts': goodStack('1'),
      'two.ts': goodStack('2'),
      'three.ts': BLANK_LABEL,
    })
    const seen: string[] = []
    const results = await build(project, {
      only: new Set(['two', 'three']),
      onResult: (r) => seen.push(r.name),
    })
    expect(results.map((r) => r.name)).toEqual(['three', 'two'])
    expect(seen).toEqual(['three', 'two'])
    expect(await project.outputs()).toEqual(['two.dark.svg', 'two.svg'])
  })

  it('treats _-prefixed files as helpers and lists them as dependencies of the definitions that import them', async () => {
    project = await createTempProject({
      '_parts.ts': `export const hardware = { label: 'ハードウェア', tone: 'hardware' } as const\n`,
      'uses-parts.ts': `import { defineStack } from '${API_URL}'\nimport { hardware } from './_parts.ts'\n\nexport default defineStack({ title: 'x', layers: [{ label: 'OS' }, hardware] })\n`,
    })
    const results = await build(project)
    expect(results.map((r) => r.name)).toEqual(['uses-parts'])
    expect(results[0]?.dependencies).toEqual(
      expect.arrayContaining([
        join(project.diagramsDir, 'uses-parts.ts'),
        join(project.diagramsDir, '_parts.ts'),
      ]),
    )
  })

  it('writes a diagram whose word must break inside, with a warning naming file and field', async () => {
    // Seven columns leave ゲストカーネル (154 px at 22 px) about 110 px: it cannot stay whole.
    project = await createTempProject({
      'narrow.ts': stackSource(`{
  title: '狭い列',
  layers: [
    { columns: [
      { label: 'ゲストカーネル' },
      { label: 'A' }, { label: 'B' }, { label: 'C' }, { label: 'D' }, { label: 'E' }, { label: 'F' },
    ] },
  ],
}`),
    })
    const [result] = await build(project)
    expect(result!.error).toBeUndefined()
    expect(result!.outputs).toHaveLength(2)
    expect(result!.warnings).toHaveLength(1)
    const [warning] = result!.warnings!
    expect(warning).toMatchObject({
      code: 'LAYOUT',
      file: 'slides/diagrams/narrow.ts',
      field: 'layers[0].columns[0].label',
    })
    expect(warning!.message).toMatch(
      /^slides\/diagrams\/narrow\.ts layers\[0\]\.columns\[0\]\.label: 'ゲストカーネル' is \d+ px wide .* breaks inside a word/,
    )
  })

  it('leaves no temporary files behind', async () => {
    project = await createTempProject({
      'a.ts': goodStack('a', "\n  steps: ['os', 'app'],"),
      'b.ts': BLANK_LABEL,
    })
    await build(project)
    await build(project)
    expect(
      (await project.outputs()).filter((f) => !f.endsWith('.svg') || f.startsWith('.')),
    ).toEqual([])
  })
})
