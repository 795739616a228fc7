/**
 * The type check the commands run on definitions: errors located like validation errors,
 * the last answer reused while no file changed (without loading the compiler), a rebuilt
 * answer after an edit, and in buildDiagrams a type error failing only its diagram.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/config.ts'
import { buildDiagrams, buildOne, renderContext } from '../../src/diagrams/build-diagrams.ts'
import { DefinitionLoader } from '../../src/diagrams/definition-loader.ts'
import { DefinitionTypeCheck, typeErrorFor } from '../../src/diagrams/type-check.ts'
import { TypeCheckThread } from '../../src/diagrams/type-check-thread.ts'
import { API_URL } from '../support/paths.ts'
import { createTempProject, goodStack, type TempProject } from '../support/temp-project.ts'

// Valid at run time (validation passes), wrong for the compiler: line 4, column 7.
const TYPE_ERROR = `import { defineStack } from '${API_URL}'

const layers = [{ label: 'アプリ' }, { label: 'OS' }]
const width: number = '960'

export default defineStack({ title: '型の誤り', layers, width: Number(width) })
`

const HELPER_USER = `import { defineStack } from '${API_URL}'
import { hardware } from './_parts.ts'

export default defineStack({ title: '部品', layers: [{ label: 'アプリ' }, hardware] })
`

const noCompiler = async (): Promise<never> => {
  throw new Error('the compiler should not have been loaded')
}

let project: TempProject | undefined
afterEach(async () => {
  await project?.cleanup()
  project = undefined
})

describe('DefinitionTypeCheck', () => {
  it('reports each error with its file, line and column, on one line', async () => {
    project = await createTempProject({ 'good.ts': goodStack('良い'), 'bad.ts': TYPE_ERROR })
    const report = await new DefinitionTypeCheck(project.root, project.diagramsDir).check()
    expect(report.reused).toBe(false)
    expect(report.problems).toEqual([
      {
        file: join(project.diagramsDir, 'bad.ts'),
        line: 4,
        column: 7,
        message: "Type 'string' is not assignable to type 'number'.",
      },
    ])
  }, 60_000)

  it('reuses the last answer while no file changed, without loading the compiler', async () => {
    project = await createTempProject({ 'bad.ts': TYPE_ERROR })
    const check = new DefinitionTypeCheck(project.root, project.diagramsDir)
    const first = await check.check()
    await check.save()
    // A new process (a second `stackdeck diagrams`) reads the answer from .cache/.
    const again = new DefinitionTypeCheck(project.root, project.diagramsDir, noCompiler)
    const second = await again.check()
    expect(second.reused).toBe(true)
    expect(second.problems).toEqual(first.problems)
    expect(await readdir(join(project.root, '.cache', 'stackdeck'))).toEqual([
      expect.stringMatching(/^type-check-[\w-]+\.json$/),
    ])
  }, 60_000)

  it('checks again when a definition, a helper or the set of definitions changes', async () => {
    project = await createTempProject({
      'bad.ts': TYPE_ERROR,
      '_parts.ts': `export const hardware = { label: 'ハードウェア', tone: 'hardware' } as const\n`,
      'uses-helper.ts': HELPER_USER,
    })
    const check = new DefinitionTypeCheck(project.root, project.diagramsDir)
    expect((await check.check()).problems.map((p) => p.line)).toEqual([4])

    await project.write('bad.ts', TYPE_ERROR.replace(`: number = '960'`, ` = '960'`))
    const fixed = await check.check()
    expect(fixed.reused).toBe(false)
    expect(fixed.problems).toEqual([])

    // The helper breaks: the definition using it is checked again, and fails where it uses it.
    await project.write(
      '_parts.ts',
      `export const hardware = { label: 'ハードウェア', tone: 'metal' } as const\n`,
    )
    const helper = await check.check()
    expect(helper.problems.map((p) => [p.file, p.line])).toEqual([
      [join(project.diagramsDir, 'uses-helper.ts'), 4],
    ])

    await project.write('new.ts', TYPE_ERROR)
    const added = await check.check()
    expect(added.problems.map((p) => p.file)).toContain(join(project.diagramsDir, 'new.ts'))

    expect((await check.check()).reused).toBe(true)
  }, 60_000)
})

describe('TypeCheckThread', () => {
  it('has written its answer to .cache/ once closed, and the next one reuses it', async () => {
    project = await createTempProject({ 'bad.ts': TYPE_ERROR })
    const thread = new TypeCheckThread()
    const first = await thread.check(project.root, project.diagramsDir)
    await thread.close()
    const again = new TypeCheckThread()
    const second = await again.check(project.root, project.diagramsDir)
    await again.close()
    expect([first.reused, second.reused]).toEqual([false, true])
    expect(second.problems).toEqual(first.problems)
    expect(second.problems).toHaveLength(1)
  }, 60_000)
})

describe('typeErrorFor', () => {
  const problem = (file: string, line: number) => ({
    file: `/p/slides/diagrams/${file}`,
    line,
    column: 3,
    message: `error at ${line}`,
  })

  it("takes the definition's own first error, then its helpers', and counts the rest", () => {
    const error = typeErrorFor(
      [problem('_parts.ts', 1), problem('a.ts', 9), problem('b.ts', 1), problem('a.ts', 5)],
      ['/p/slides/diagrams/a.ts', '/p/slides/diagrams/_parts.ts'],
      '/p',
    )
    expect(error?.message).toBe(
      'slides/diagrams/a.ts:5:3: type error: error at 5 (and 2 more type errors)',
    )
    expect([error?.code, error?.file, error?.line, error?.column]).toEqual([
      'TYPE',
      'slides/diagrams/a.ts',
      5,
      3,
    ])
  })

  it('is none when the errors are in files the definition does not import', () => {
    expect(typeErrorFor([problem('b.ts', 1)], ['/p/slides/diagrams/a.ts'], '/p')).toBeUndefined()
  })
})

describe('buildDiagrams with a type error', () => {
  it('fails that diagram with file:line:col and still writes the others', async () => {
    project = await createTempProject({ 'good.ts': goodStack('良い'), 'bad.ts': TYPE_ERROR })
    const results = await buildDiagrams(resolveConfig({ root: project.root }))
    const bad = results.find((r) => r.name === 'bad')
    expect(bad?.error?.message).toBe(
      "slides/diagrams/bad.ts:4:7: type error: Type 'string' is not assignable to type 'number'.",
    )
    expect(bad?.outputs).toEqual([])
    expect(results.find((r) => r.name === 'good')?.error).toBeUndefined()
    expect(await project.outputs()).toEqual(['good.dark.svg', 'good.svg'])
  }, 60_000)

  it('checks each edit in a session that keeps its loader, as dev does', async () => {
    project = await createTempProject({ 'edited.ts': goodStack('編集') })
    const config = resolveConfig({ root: project.root })
    const loader = new DefinitionLoader()
    try {
      const definition = { name: 'edited', file: join(project.diagramsDir, 'edited.ts') }
      const ctx = renderContext(config)
      expect((await buildOne(definition, config, ctx, loader)).error).toBeUndefined()
      await project.write('edited.ts', TYPE_ERROR)
      const broken = await buildOne(definition, config, ctx, loader)
      expect(broken.error?.message).toMatch(/^slides\/diagrams\/edited\.ts:4:7: type error: /)
      await project.write('edited.ts', goodStack('直した'))
      expect((await buildOne(definition, config, ctx, loader)).error).toBeUndefined()
    } finally {
      await loader.close()
    }
  }, 60_000)
})
