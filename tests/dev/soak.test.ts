/**
 * Hundreds of rapid saves, as an author with autosave produces them: valid and broken
 * definitions, deck edits, a diagram appearing and disappearing, in place and by rename.
 * The server must keep answering, and once the files stop changing, what it shows (and
 * what a connected page last received) must equal a fresh server's render of the same
 * files: no lost update, no stale diagram, no leftover problem.
 *
 * And memory: a `stackdeck dev` process takes a long run of diagram edits, and its RSS
 * after many edits stays within 1.5× of what it was after 100 (each import's modules used
 * to stay in memory for good: 214 MB grew to 524 MB over 2,000 edits).
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readFile, readdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { resolveConfig } from '../../src/config.ts'
import type { Problem } from '../../src/dev/dev-session.ts'
import { WS_PATH } from '../../src/dev/messages.ts'
import { runDev, type DevHandle } from '../../src/dev/run-dev.ts'
import { spawnDev, within, type DevProcess } from './cli-process.ts'
import {
  copyProject,
  createTempProject,
  demoDefinition,
  settle,
  waitFor,
  type TempProject,
} from './temp-project.ts'

const DEFINITION = 'slides/diagrams/demo.ts'
const OTHER = 'slides/diagrams/other.ts'
const DECK = 'slides/demo.md'
const SAVES = 200

/** mulberry32: a seeded generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const BROKEN_DEFINITIONS = [
  // Syntax error.
  demoDefinition({ extra: "\n    { label: 'x' tone: 'app' }," }),
  // Validation error (blank label).
  demoDefinition({ extra: "\n    { label: '', tone: 'app' }," }),
  // Throws while loading.
  `import { defineStack } from 'stackdeck'\nthrow new Error('boom')\nexport default defineStack({ layers: [] })\n`,
  // No default export.
  `export const stack = 1\n`,
  // Half-written file, as a reader can see it mid-save.
  demoDefinition().slice(0, 120),
]

interface RenderMessage {
  readonly type: 'render'
  readonly html: string
  readonly css: string
}

describe('stackdeck dev under a burst of saves', () => {
  let project: TempProject
  let fresh: TempProject | undefined
  let dev: DevHandle
  let ws: WebSocket
  let lastRender: RenderMessage | undefined
  let lastProblems: readonly Problem[] | undefined
  let batches = 0

  beforeAll(async () => {
    project = await createTempProject('soak')
    dev = await runDev(resolveConfig({ root: project.root }), {
      host: '127.0.0.1',
      port: 0,
      onEvent: (event) => {
        if (event.type === 'batch') batches += 1
      },
    })
    const { host } = new URL(dev.url)
    ws = new WebSocket(`ws://${host}${WS_PATH}?deck=demo`, { origin: `http://${host}` })
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string }
      if (message.type === 'render') lastRender = message as RenderMessage
      if (message.type === 'problems')
        lastProblems = (message as unknown as { problems: Problem[] }).problems
    })
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  })

  afterAll(async () => {
    ws?.terminate()
    await dev?.close()
    await project?.dispose()
    await fresh?.dispose()
  })

  it(`keeps serving through ${SAVES} rapid saves and ends equal to a clean render`, async () => {
    const next = random(20240607)
    const deckSource = await readFile(project.path(DECK), 'utf8')
    const statuses: number[] = []
    let otherExists = false
    let broken = 0

    for (let i = 0; i < SAVES; i++) {
      const roll = next()
      if (roll < 0.35) {
        await project.write(DEFINITION, demoDefinition({ top: `Save ${i}` }))
      } else if (roll < 0.55) {
        await project.saveByRename(DEFINITION, demoDefinition({ runtime: `Renamed ${i}` }))
      } else if (roll < 0.65) {
        // stackdeck's own atomic-write naming, which the watcher ignores until the rename.
        const temp = project.path(`slides/diagrams/.demo.ts.tmp-${randomBytes(4).toString('hex')}`)
        await writeFile(temp, demoDefinition({ top: `Atomic ${i}` }))
        await rename(temp, project.path(DEFINITION))
      } else if (roll < 0.85) {
        broken += 1
        const source = BROKEN_DEFINITIONS[Math.floor(next() * BROKEN_DEFINITIONS.length)]!
        if (next() < 0.5) await project.write(DEFINITION, source)
        else await project.saveByRename(DEFINITION, source)
      } else if (roll < 0.95) {
        await project.saveByRename(DECK, deckSource.replace('Fourth slide', `Fourth slide ${i}`))
      } else {
        if (otherExists) await project.remove(OTHER)
        else await project.write(OTHER, demoDefinition({ top: `Other ${i}` }))
        otherExists = !otherExists
      }
      if (i % 25 === 0) statuses.push((await fetch(`${dev.url}demo`)).status)
      await sleep(Math.floor(next() * 25))
    }
    // The last word: valid files everywhere.
    await project.saveByRename(DEFINITION, demoDefinition({ top: 'Final label' }))
    await project.write(DECK, deckSource.replace('Fourth slide', 'Final fourth slide'))
    expect(broken).toBeGreaterThan(20)

    await settle(dev)
    // The saves really reached the session as many separate batches, not one at the end.
    expect(batches).toBeGreaterThan(40)
    statuses.push((await fetch(`${dev.url}demo`)).status)
    expect(
      statuses.every((s) => s === 200),
      `statuses ${statuses.join(' ')}`,
    ).toBe(true)

    fresh = await copyProject(project, 'soak-fresh')
    const clean = await runDev(resolveConfig({ root: fresh.root }), {
      host: '127.0.0.1',
      port: 0,
    })
    try {
      expect(dev.session.problems()).toEqual([])
      expect(clean.session.problems()).toEqual([])
      const view = dev.session.view('demo')!
      const cleanView = clean.session.view('demo')!
      expect(view.html).toContain('Final fourth slide')
      // Diagrams are inlined as data URLs, so equal HTML means equal diagrams too.
      expect(view.html === cleanView.html, 'deck HTML equals a clean render').toBe(true)
      expect(view.css).toBe(cleanView.css)
      expect(view.fontCss === cleanView.fontCss, 'font subset equals a clean render').toBe(true)

      // What the open page received last is the final render, and it was told all is well.
      expect(lastRender?.html === cleanView.html, 'last pushed HTML equals a clean render').toBe(
        true,
      )
      expect(lastProblems).toEqual([])

      // The written SVGs: the same files with the same bytes, nothing stale left behind.
      const written = (await readdir(project.path('assets/diagrams'))).sort()
      const expected = (await readdir(fresh.path('assets/diagrams'))).sort()
      expect(written).toEqual(expected)
      expect(expected).toContain('demo.svg')
      expect(expected.includes('other.svg')).toBe(otherExists)
      for (const file of expected) {
        const [a, b] = await Promise.all([
          readFile(join(project.path('assets/diagrams'), file), 'utf8'),
          readFile(join(fresh.path('assets/diagrams'), file), 'utf8'),
        ])
        expect(a === b, `${file} equals a clean render`).toBe(true)
      }
    } finally {
      await clean.close()
    }
  }, 120_000)
})

/**
 * Edits in the long run: 500 by default (about a minute), or STACKDECK_SOAK_EDITS (the
 * issue's figure is 2,000: `STACKDECK_SOAK_EDITS=2000 npx vitest run tests/dev/soak.test.ts`).
 */
const EDITS = Math.max(200, Number(process.env.STACKDECK_SOAK_EDITS ?? 500))
const FIRST_MARK = 100

/** Resident memory of a process in MB (Linux: /proc). */
function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) / 1024
}

describe.skipIf(process.platform !== 'linux')('stackdeck dev memory over many edits', () => {
  let project: TempProject
  let running: DevProcess | undefined

  beforeAll(async () => {
    project = await createTempProject('memory')
  })

  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGTERM')
      await within(5_000, 'exit', running.exit).catch(() => running!.child.kill('SIGKILL'))
      await running.exit
    }
    await project?.dispose()
  })

  it(`keeps its RSS after ${EDITS} diagram edits within 1.5× of that after ${FIRST_MARK}`, async () => {
    // A diagram no deck shows: each edit is one definition load and render, nothing else.
    const svg = project.path('assets/diagrams/memory.svg')
    const edit = async (i: number) => {
      const label = `Edit ${i}`
      await project.write('slides/diagrams/memory.ts', demoDefinition({ top: label }))
      await waitFor(
        `edit ${i} to be rendered`,
        async () => (await readFile(svg, 'utf8').catch(() => '')).includes(`${label}<`),
        20_000,
      )
    }
    await project.write('slides/diagrams/memory.ts', demoDefinition())
    running = spawnDev(['--port', '0', '--root', project.root])
    await within(30_000, 'startup', running.url)
    const pid = running.child.pid!
    const series: string[] = []
    let atFirst = 0
    let since = performance.now()
    for (let i = 1; i <= EDITS; i++) {
      await edit(i)
      if (i % 100 === 0 || i === EDITS) {
        // RSS, and the mean time from save to written SVG over the last hundred edits.
        const mark = `${i}: ${rssMb(pid).toFixed(0)} MB (${((performance.now() - since) / 100).toFixed(0)} ms/edit)`
        series.push(mark)
        if (process.env.STACKDECK_SOAK_EDITS) process.stderr.write(`memory soak ${mark}\n`)
        since = performance.now()
      }
      if (i === FIRST_MARK) atFirst = rssMb(pid)
    }
    const atEnd = rssMb(pid)
    // The growth from edit 100 to the last, carried on in a straight line to edit 2,000
    // (with 2,000 edits, exactly the RSS measured): a leak of a few hundred KB per edit
    // (the old server grew 90 MB from edit 100 to 500) shows in a short run too.
    const projected = atFirst + ((atEnd - atFirst) * (2_000 - FIRST_MARK)) / (EDITS - FIRST_MARK)
    const report = `RSS after edits: ${series.join(', ')}; at 2,000 edits: ${projected.toFixed(0)} MB${EDITS === 2_000 ? '' : ' (projected)'}`
    expect(projected / atFirst, report).toBeLessThanOrEqual(1.5)
  }, 600_000)
})
