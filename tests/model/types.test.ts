/**
 * The compile-time rules of the definition API, proven with the compiler: snippets that must
 * not compile are checked by the very type check the commands run (src/diagrams/
 * type-check.ts), and the messages must say what the editor should say (the valid ids, the
 * field that cannot be there). types.test-d.ts is compiled too: an `@ts-expect-error` that
 * no longer catches an error fails it.
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type TS from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DefinitionTypeCheck, type TypeProblem } from '../../src/diagrams/type-check.ts'
import { API_URL, REPO_ROOT } from '../support/paths.ts'
import { createTempProject, type TempProject } from '../support/temp-project.ts'

const ts = createRequire(import.meta.url)('typescript') as typeof TS

const api = `import { box, defineComparison, defineStack, group, row } from '${API_URL}'\n`
const TWO_IDS = `layers: [{ id: 'hv', label: 'ハイパーバイザ' }, { id: 'hw', label: 'ハードウェア' }]`

/** Snippets, each the body after the import line; each must produce the errors named. */
const SNIPPETS: Record<string, string> = {
  'emphasis-typo.ts': `export default defineStack({ title: 't', ${TWO_IDS}, emphasis: 'hx' })`,
  'step-typo.ts': `export default defineStack({ title: 't', ${TWO_IDS}, steps: ['hw', 'hx'] })`,
  'brace-typo.ts': `export default defineStack({ title: 't', ${TWO_IDS}, braces: [{ from: 'hv', to: 'hx', label: 'b' }] })`,
  'no-ids.ts': `export default defineStack({ title: 't', layers: [{ label: 'a' }], emphasis: 'a' })`,
  'comparison-typo.ts': `export default defineComparison({
  title: 't',
  panels: [
    { caption: 'a', layers: [{ id: 'left', label: 'l' }] },
    { caption: 'b', layers: [{ id: 'right', label: 'r' }], braces: [{ from: 'rigth', label: 'x' }] },
  ],
})`,
  'comparison-cross-panel.ts': `export default defineComparison({
  title: 't',
  panels: [
    { caption: 'a', layers: [{ id: 'left', label: 'l' }], braces: [{ from: 'right', label: 'x' }] },
    { caption: 'b', layers: [{ id: 'right', label: 'r' }] },
  ],
  emphasis: 'right',
})`,
  'helper-typo.ts': `const kernel = box({ id: 'kernel', label: 'k', tone: 'kernel' })
const vm = (os: string) => group({ caption: 'VM', layers: [{ label: os, tone: 'guest' }] })
export default defineStack({ title: 't', layers: [row({ columns: [vm('a'), vm('b')] }), kernel], emphasis: 'kernal' })`,
  'label-columns.ts': `export default defineStack({ title: 't', layers: [{ label: 'a', columns: [{ label: 'b' }] }] })`,
  'label-caption-layers.ts': `export default defineStack({ title: 't', layers: [{ label: 'a', caption: 'c', layers: [{ label: 'b' }] }] })`,
  'row-in-row.ts': `export default defineStack({ title: 't', layers: [{ columns: [{ columns: [{ label: 'b' }] }] }] })`,
  'helpers-ok.ts': `const ctr = (app: string) => box({ label: app, detail: 'コンテナ', tone: 'container' })
const vm = (os: string) =>
  group({ caption: '仮想マシン', layers: [{ label: 'アプリ', tone: 'app' }, { label: os, tone: 'guest' }] })
export default defineStack({
  title: 't',
  layers: [{ id: 'vms', columns: [vm('Linux'), ctr('Web')] }, box({ id: 'hw', label: 'ハードウェア', tone: 'hardware' })],
  steps: ['hw', 'vms'],
})`,
}

let project: TempProject
let problems: readonly TypeProblem[]

beforeAll(async () => {
  project = await createTempProject(
    Object.fromEntries(Object.entries(SNIPPETS).map(([file, body]) => [file, api + body])),
  )
  problems = (await new DefinitionTypeCheck(project.root, project.diagramsDir).check()).problems
}, 60_000)
afterAll(() => project.cleanup())

function problemsOf(file: string): TypeProblem[] {
  return problems.filter((p) => p.file === join(project.diagramsDir, file))
}

/** The only problem of a snippet; its message, and the text at its position. */
function onlyProblem(file: string): { message: string; at: string } {
  const found = problemsOf(file)
  expect(found, `${file}: ${JSON.stringify(found)}`).toHaveLength(1)
  const { line, column, message } = found[0]!
  const source = (api + SNIPPETS[file]!).split('\n')[line - 1]!
  return { message, at: source.slice(column - 1) }
}

describe('compile-time ids', () => {
  it('rejects an emphasis typo, listing the declared ids', () => {
    const { message, at } = onlyProblem('emphasis-typo.ts')
    expect(message).toBe(`Type '"hx"' is not assignable to type '"hv" | "hw" | undefined'.`)
    expect(at).toMatch(/^emphasis: 'hx'/)
  })

  it('rejects a step typo, listing the declared ids', () => {
    const { message, at } = onlyProblem('step-typo.ts')
    expect(message).toBe(`Type '"hx"' is not assignable to type '"hv" | "hw"'.`)
    expect(at).toMatch(/^'hx'/)
  })

  it("rejects a brace's typo, listing the declared ids", () => {
    const { message, at } = onlyProblem('brace-typo.ts')
    expect(message).toBe(`Type '"hx"' is not assignable to type '"hv" | "hw" | undefined'.`)
    expect(at).toMatch(/^to: 'hx'/)
  })

  it('says that no id is declared when none is', () => {
    expect(onlyProblem('no-ids.ts').message).toContain('no item declares an id yet')
  })

  it("checks a comparison's brace against the ids of its own panel", () => {
    expect(onlyProblem('comparison-typo.ts').message).toBe(
      `Type '"rigth"' is not assignable to type '"right"'.`,
    )
    // `emphasis` may name any panel's item; a brace only its own panel's.
    const { message, at } = onlyProblem('comparison-cross-panel.ts')
    expect(message).toBe(`Type '"right"' is not assignable to type '"left"'.`)
    expect(at).toMatch(/^from: 'right'/)
  })

  it('knows the ids of builder helpers', () => {
    expect(onlyProblem('helper-typo.ts').message).toBe(
      `Type '"kernal"' is not assignable to type '"kernel"'.`,
    )
  })
})

describe('compile-time shapes', () => {
  it.each([
    ['label-columns.ts', 'columns'],
    ['label-caption-layers.ts', 'caption'],
  ])('rejects %s with a short message naming the field', (file, field) => {
    const { message, at } = onlyProblem(file)
    expect(message).toContain(`Types of property '${field}' are incompatible.`)
    expect(message.length).toBeLessThan(260)
    expect(at).toMatch(/^\{ label: 'a'/)
  })

  it('rejects a row as a column, at its columns', () => {
    const { message, at } = onlyProblem('row-in-row.ts')
    expect(message).toBe(`Type '{ label: string; }[]' is not assignable to type 'undefined'.`)
    expect(at).toMatch(/^columns: \[\{ label: 'b' \}\]/)
  })
})

describe('helpers without as const', () => {
  it('compiles builder helpers with no annotations', () => {
    expect(problemsOf('helpers-ok.ts')).toEqual([])
  })

  it("compiles the repository's own diagrams, which use no `as const`", async () => {
    const dir = join(REPO_ROOT, 'slides', 'diagrams')
    const { problems: own } = await new DefinitionTypeCheck(REPO_ROOT, dir).check()
    expect(own).toEqual([])
  }, 60_000)
})

describe('types.test-d.ts', () => {
  it('compiles: every @ts-expect-error there catches an error, every positive case compiles', () => {
    const configFile = join(REPO_ROOT, 'tsconfig.json')
    const config = ts.getParsedCommandLineOfConfigFile(
      configFile,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {},
      },
    )!
    const file = join(REPO_ROOT, 'tests', 'model', 'types.test-d.ts')
    const program = ts.createProgram([file], { ...config.options, types: [] })
    const diagnostics = [
      ...program.getSyntacticDiagnostics(program.getSourceFile(file)),
      ...program.getSemanticDiagnostics(program.getSourceFile(file)),
    ].map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))
    expect(diagnostics).toEqual([])
  }, 60_000)

  it('would fail if an @ts-expect-error stopped catching an error', () => {
    const source = `${api}// @ts-expect-error\nexport default defineStack({ title: 't', ${TWO_IDS}, emphasis: 'hv' })\n`
    const host = ts.createCompilerHost({})
    const name = join(project.diagramsDir, 'unused-directive.ts')
    const getSourceFile = host.getSourceFile
    host.getSourceFile = (fileName, ...rest) =>
      fileName === name
        ? ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022)
        : getSourceFile(fileName, ...rest)
    const program = ts.createProgram(
      [name],
      {
        strict: true,
        noEmit: true,
        types: [],
        lib: ['lib.es2023.d.ts'],
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        allowImportingTsExtensions: true,
      },
      host,
    )
    const codes = program.getSemanticDiagnostics(program.getSourceFile(name)).map((d) => d.code)
    expect(codes).toContain(2578) // Unused '@ts-expect-error' directive.
  })
})
