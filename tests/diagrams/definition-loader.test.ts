/**
 * Definitions that misbehave at import: each ends as one located line, and the diagrams
 * around it are still written. Before definitions loaded in a worker, the endless loop
 * hung the process, the endless await ended it with exit code 13, process.exit(0) ended it
 * with nothing written, and the throwing getter was an "internal error" with a stack.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/config.ts'
import { buildDiagrams, type DiagramResult } from '../../src/diagrams/build-diagrams.ts'
import {
  DefinitionLoader,
  definitionTimeoutMs,
  type LoadOutcome,
} from '../../src/diagrams/definition-loader.ts'
import { StackdeckError } from '../../src/errors.ts'
import { API_URL } from '../support/paths.ts'
import {
  createTempProject,
  goodStack,
  stackSource,
  type TempProject,
} from '../support/temp-project.ts'

let project: TempProject | undefined
let loader: DefinitionLoader | undefined
afterEach(async () => {
  await loader?.close()
  loader = undefined
  await project?.cleanup()
  project = undefined
})

const messageOf = (results: readonly DiagramResult[], name: string): string => {
  const error = results.find((r) => r.name === name)?.error
  expect(error, `${name} should have failed`).toBeInstanceOf(StackdeckError)
  return error!.message
}

const failure = (outcome: LoadOutcome): StackdeckError => {
  expect(outcome.ok, 'the load should have failed').toBe(false)
  return (outcome as Extract<LoadOutcome, { ok: false }>).error
}

describe('definitions that misbehave at import', () => {
  it('reports each with its file and what happened, and still writes the others', async () => {
    project = await createTempProject({
      'a-good.ts': goodStack('前'),
      'loop.ts': `while (true) {}\nexport default {}\n`,
      'never.ts': `await new Promise(() => {})\nexport default {}\n`,
      'exits.ts': `process.exit(0)\n`,
      'non-error.ts': `throw { code: 42 }\n`,
      'getter.ts': stackSource(
        `{ title: 'x', layers: [{ label: 'a' }, { get label(): string { throw new Error('no label today') } }] }`,
      ),
      'nan.ts': stackSource(`{ title: 'x', width: 0 / 0, layers: [{ label: 'a' }] }`),
      'z-good.ts': goodStack('後'),
    })
    const started = performance.now()
    const results = await buildDiagrams(resolveConfig({ root: project.root }), {
      timeoutMs: 2_000,
    })
    // One time budget for the loop; the endless await is noticed without waiting it out.
    expect(performance.now() - started).toBeLessThan(12_000)

    expect(messageOf(results, 'loop')).toBe(
      'slides/diagrams/loop.ts: did not finish within 2 s (an endless loop, or an await that never resolves?); if it is only slow, give it longer with --timeout <s> or STACKDECK_DEFINITION_TIMEOUT',
    )
    expect(messageOf(results, 'never')).toBe(
      'slides/diagrams/never.ts: never finished loading: it awaits something that can never settle (a top-level await on a promise nothing resolves?)',
    )
    expect(messageOf(results, 'exits')).toBe(
      'slides/diagrams/exits.ts: called process.exit(0) while loading; a definition must not end the process: remove the call (throw an Error to report a problem)',
    )
    expect(messageOf(results, 'non-error')).toBe(
      'slides/diagrams/non-error.ts: threw a non-Error value: {"code":42}',
    )
    expect(messageOf(results, 'getter')).toBe(
      'slides/diagrams/getter.ts layers[1].label: reading this field threw Error: no label today (a getter or Proxy?); a definition must hold plain values: compute them first and write them in',
    )
    expect(messageOf(results, 'nan')).toBe(
      'slides/diagrams/nan.ts width: must be a finite number, not NaN',
    )
    for (const result of results) expect(result.error?.message ?? '').not.toMatch(/\n/)
    expect(await project.outputs()).toEqual([
      'a-good.dark.svg',
      'a-good.svg',
      'z-good.dark.svg',
      'z-good.svg',
    ])
  }, 30_000)

  it('names the files of a circular import between helpers', async () => {
    project = await createTempProject({
      '_a.ts': `import { b } from './_b.ts'\nexport const a = { label: 'A' }\nexport const both = [a, b]\n`,
      '_b.ts': `import { a } from './_a.ts'\nexport const b = { label: a.label + 'B' }\n`,
      'cycle.ts': `import { defineStack } from '${API_URL}'\nimport { both } from './_a.ts'\n\nexport default defineStack({ title: 'x', layers: both })\n`,
      // Used before it is declared, in one file: no cycle to name.
      'tdz.ts': `import { defineStack } from '${API_URL}'\nconst early = late\nconst late = 1\nexport default defineStack({ title: 'x', layers: [{ label: String(early) }] })\n`,
    })
    const results = await buildDiagrams(resolveConfig({ root: project.root }))
    expect(messageOf(results, 'cycle')).toBe(
      "slides/diagrams/cycle.ts: circular import _a.ts → _b.ts → _a.ts: _b.ts reads 'a' before the module that defines it has run; move what these files share into a helper that imports none of them",
    )
    expect(messageOf(results, 'tdz')).toBe(
      "slides/diagrams/tdz.ts: failed to load: Cannot access 'late' before initialization",
    )
    expect(results.find((r) => r.name === 'cycle')?.dependencies).toEqual(
      expect.arrayContaining([
        join(project.diagramsDir, '_a.ts'),
        join(project.diagramsDir, '_b.ts'),
      ]),
    )
  })

  it('stops a definition that allocates without end at the heap limit, and loads the next', async () => {
    project = await createTempProject({
      'hog.ts': `const all: number[][] = []\nwhile (true) all.push(new Array(1000).fill(Math.random()))\nexport default {}\n`,
      'good.ts': goodStack('次'),
    })
    loader = new DefinitionLoader({ memoryMb: 64, timeoutMs: 30_000 })
    const hog = loader.load(join(project.diagramsDir, 'hog.ts'), 'slides/diagrams/hog.ts')
    const good = loader.load(join(project.diagramsDir, 'good.ts'), 'slides/diagrams/good.ts')
    expect(failure(await hog).message).toBe(
      'slides/diagrams/hog.ts: ran out of memory while loading (over 64 MB); a definition builds a small value: look for a loop that keeps adding to a list or string',
    )
    expect(await good).toMatchObject({ ok: true, diagram: { title: '次' } })
  }, 40_000)

  it('reports what a definition throws later, from a timer, as its own failure', async () => {
    project = await createTempProject({
      'late.ts': `setTimeout(() => { throw new RangeError('too late') }, 5)\nawait new Promise((r) => setTimeout(r, 100))\nexport default {}\n`,
      'good.ts': goodStack('次'),
    })
    loader = new DefinitionLoader({ timeoutMs: 10_000 })
    const late = await loader.load(join(project.diagramsDir, 'late.ts'), 'late.ts')
    expect(failure(late).message).toBe(
      'late.ts: threw RangeError: too late outside its import (in a timer, callback or unawaited promise?); make the file build its value at import, nothing later',
    )
    expect(await loader.load(join(project.diagramsDir, 'good.ts'), 'good.ts')).toMatchObject({
      ok: true,
    })
  })

  it('knows the helpers a definition imported even when one of them never finishes', async () => {
    project = await createTempProject({
      '_stuck.ts': `while (true) {}\nexport const x = 1\n`,
      'uses.ts': `import { x } from './_stuck.ts'\nexport default x\n`,
    })
    loader = new DefinitionLoader({ timeoutMs: 1_500 })
    const outcome = await loader.load(join(project.diagramsDir, 'uses.ts'), 'uses.ts')
    expect(failure(outcome).detail).toMatch(/^did not finish within 1\.5 s/)
    expect(outcome.dependencies).toEqual(
      expect.arrayContaining([
        join(project.diagramsDir, 'uses.ts'),
        join(project.diagramsDir, '_stuck.ts'),
      ]),
    )
  })

  it('loads edited files fresh across worker replacements', async () => {
    project = await createTempProject({ 'a.ts': goodStack('0') })
    loader = new DefinitionLoader({ loadsPerWorker: 3 })
    const file = join(project.diagramsDir, 'a.ts')
    for (let i = 0; i < 8; i++) {
      await project.write('a.ts', goodStack(String(i)))
      expect(await loader.load(file, 'a.ts')).toMatchObject({
        ok: true,
        diagram: { title: String(i) },
      })
    }
  })

  it('replaces a worker that a definition left a timer running in', async () => {
    project = await createTempProject({
      // Would stall whichever definition loaded next in the same worker.
      'ticks.ts': `setTimeout(() => { const end = Date.now() + 60_000; while (Date.now() < end) {} }, 200)\nexport default {}\n`,
      'good.ts': goodStack('次'),
    })
    loader = new DefinitionLoader({ timeoutMs: 3_000 })
    await loader.load(join(project.diagramsDir, 'ticks.ts'), 'ticks.ts')
    await sleep(300)
    expect(await loader.load(join(project.diagramsDir, 'good.ts'), 'good.ts')).toMatchObject({
      ok: true,
    })
  })

  it('ends a load in progress when closed, at once', async () => {
    project = await createTempProject()
    const marker = join(project.root, 'looping')
    // Says when it is in the loop, so closing surely interrupts it.
    await project.write(
      'loop.ts',
      `import { writeFileSync } from 'node:fs'\nwriteFileSync(${JSON.stringify(marker)}, '')\nwhile (true) {}\n`,
    )
    loader = new DefinitionLoader({ timeoutMs: 60_000 })
    const loading = loader.load(join(project.diagramsDir, 'loop.ts'), 'loop.ts')
    while (!existsSync(marker)) await sleep(20)
    const started = performance.now()
    await loader.close()
    expect(failure(await loading).detail).toBe('was stopped while loading: stackdeck is stopping')
    expect(performance.now() - started).toBeLessThan(1_000)
  }, 30_000)
})

describe('definitionTimeoutMs', () => {
  it('takes --timeout first, then STACKDECK_DEFINITION_TIMEOUT, then 10 s', () => {
    expect(definitionTimeoutMs(undefined, {})).toBe(10_000)
    expect(definitionTimeoutMs(undefined, { STACKDECK_DEFINITION_TIMEOUT: '2.5' })).toBe(2_500)
    expect(definitionTimeoutMs('30', { STACKDECK_DEFINITION_TIMEOUT: '2.5' })).toBe(30_000)
  })

  it('refuses what is not a number of seconds, naming where it came from', () => {
    expect(() => definitionTimeoutMs('ten', {})).toThrow(
      "--timeout takes a number of seconds from 0.1 to 3600 (the time a diagram definition may take to load), not 'ten'",
    )
    expect(() => definitionTimeoutMs(undefined, { STACKDECK_DEFINITION_TIMEOUT: '0' })).toThrow(
      /^STACKDECK_DEFINITION_TIMEOUT takes a number of seconds/,
    )
  })
})
