/**
 * A definition that never finishes loading, saved while `stackdeck dev` runs: the server
 * keeps answering, the problem names the file, and SIGTERM still ends the process at once,
 * even while the definition is looping. Before definitions loaded in a worker, the loop ran
 * on the server's own thread: no request was answered again and only SIGKILL ended it.
 */
import { existsSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Problem } from '../../src/dev/dev-session.ts'
import { WS_PATH } from '../../src/dev/messages.ts'
import { spawnDev, within, type DevProcess } from './cli-process.ts'
import { createTempProject, waitFor, type TempProject } from './temp-project.ts'

const DEFINITION = 'slides/diagrams/demo.ts'
/** Writes `marker` on entering the loop, so the test knows the loop is running. */
const looping = (marker: string) =>
  `import { writeFileSync } from 'node:fs'\nwriteFileSync(${JSON.stringify(marker)}, String(Date.now()))\nwhile (true) {}\nexport default {}\n`

describe('stackdeck dev with a definition that loops forever', () => {
  let project: TempProject
  let running: DevProcess | undefined

  beforeAll(async () => {
    project = await createTempProject('looping')
  })

  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL')
      await running.exit
    }
    running = undefined
  })

  afterAll(async () => {
    await project?.dispose()
  })

  it('keeps answering, names the file, and exits within 2 s of SIGTERM during the loop', async () => {
    running = spawnDev(['--port', '0', '--root', project.root], {
      STACKDECK_DEFINITION_TIMEOUT: '3',
    })
    const url = new URL(await within(30_000, 'startup', running.url))
    let problems: readonly Problem[] = []
    const ws = new WebSocket(`ws://${url.host}${WS_PATH}?deck=demo`, {
      origin: `http://${url.host}`,
    })
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; problems?: Problem[] }
      if (message.type === 'problems') problems = message.problems ?? []
    })
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))

    const marker = project.path('loop-entered')
    await project.write(DEFINITION, looping(marker))
    await waitFor('the definition to start looping', () => existsSync(marker))

    // The loop runs in the worker: the server answers while it lasts.
    const asked = performance.now()
    const page = await within(1_000, 'a page request during the loop', fetch(`${url.origin}/demo`))
    expect(page.status).toBe(200)
    expect(performance.now() - asked).toBeLessThan(1_000)

    // After the time budget, the problem shows in the terminal and in open pages.
    const problem = await waitFor(
      'the problem naming the definition',
      () => problems.find((p) => p.message.includes(DEFINITION)),
      15_000,
    )
    expect(problem.message).toBe(
      `${DEFINITION}: did not finish within 3 s (an endless loop, or an await that never resolves?); if it is only slow, give it longer with --timeout <s> or STACKDECK_DEFINITION_TIMEOUT`,
    )
    expect(running.stderr()).toContain(`✗ ${problem.message}`)
    expect((await fetch(`${url.origin}/demo`)).status).toBe(200)

    // Saved again, it loops again; SIGTERM now must not wait for the budget.
    await project.remove('loop-entered')
    await project.write(DEFINITION, looping(marker) + '// saved again\n')
    await waitFor('the definition to loop again', () => existsSync(marker))
    const signalled = performance.now()
    running.child.kill('SIGTERM')
    const ended = await within(2_000, 'exit after SIGTERM', running.exit)
    expect(ended).toEqual({ code: 0, signal: null })
    expect(performance.now() - signalled).toBeLessThan(2_000)
    ws.terminate()
  }, 60_000)
})
