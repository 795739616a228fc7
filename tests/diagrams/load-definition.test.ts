import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadDefinition } from '../../src/diagrams/load-definition.ts'
import { createTempProject, goodStack, type TempProject } from '../support/temp-project.ts'

let project: TempProject | undefined
afterEach(async () => {
  await project?.cleanup()
  project = undefined
})

describe('loadDefinition', () => {
  it('returns the default export and the local files the definition imported', async () => {
    project = await createTempProject({
      '_shared.ts': `export const title = '共有'\n`,
      'a.ts': goodStack('a')
        .replace("title: 'a'", 'title')
        .replace(/^/, `import { title } from './_shared.ts'\n`),
    })
    const file = join(project.diagramsDir, 'a.ts')
    const loaded = await loadDefinition(file, 'slides/diagrams/a.ts')
    expect(loaded.value).toMatchObject({ kind: 'stack', title: '共有' })
    expect(loaded.dependencies).toEqual(
      expect.arrayContaining([file, join(project.diagramsDir, '_shared.ts')]),
    )
  })

  it('loads an edited file fresh instead of from the module cache', async () => {
    project = await createTempProject({ 'a.ts': goodStack('前') })
    const file = join(project.diagramsDir, 'a.ts')
    expect((await loadDefinition(file, 'a.ts')).value).toMatchObject({ title: '前' })
    await project.write('a.ts', goodStack('後'))
    expect((await loadDefinition(file, 'a.ts')).value).toMatchObject({ title: '後' })
  })

  // Without `"type": "module"` (npm's default) tsx compiles a `.ts` definition as CommonJS
  // and the namespace holds `default: { default: <diagram> }`: the wrapper is unwrapped.
  it('loads a .ts definition in a project whose package.json is not "type": "module"', async () => {
    project = await createTempProject({ 'a.ts': goodStack('CJS') }, { packageType: 'commonjs' })
    const loaded = await loadDefinition(join(project.diagramsDir, 'a.ts'), 'slides/diagrams/a.ts')
    expect(loaded.value).toMatchObject({ kind: 'stack', title: 'CJS' })
  })
})
