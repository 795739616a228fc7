/**
 * Stopping `stackdeck dev` the ways a terminal does (Ctrl-C sends SIGINT, `kill` and
 * process managers SIGTERM): it exits 0 promptly and frees its port even with a page
 * connected; and a port that is taken is a one-line usage error, not a stack trace.
 */
import { Agent, get } from 'node:http'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { WS_PATH } from '../../src/dev/messages.ts'
import { portIsFree, spawnDev, within, type DevProcess } from './cli-process.ts'
import { createTempProject, type TempProject } from './temp-project.ts'

describe('stackdeck dev process', () => {
  let project: TempProject
  let running: DevProcess | undefined
  let blocker: Server | undefined

  beforeAll(async () => {
    project = await createTempProject('shutdown')
  })

  afterEach(async () => {
    // Only the process this file started, by its own handle.
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL')
      await running.exit
    }
    running = undefined
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()))
    blocker = undefined
  })

  afterAll(async () => {
    await project?.dispose()
  })

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`exits 0 within a few seconds on ${signal} with a page connected, and frees the port`, async () => {
      running = spawnDev(['--port', '0', '--root', project.root])
      const url = new URL(await within(30_000, 'startup', running.url))
      const port = Number(url.port)
      expect(port).toBeGreaterThan(0)
      expect(await portIsFree(port)).toBe(false)

      // An open live-reload socket and an idle keep-alive connection, as a browser leaves them.
      const ws = new WebSocket(`ws://${url.host}${WS_PATH}?deck=demo`, {
        origin: `http://${url.host}`,
      })
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
      const agent = new Agent({ keepAlive: true })
      const status = await new Promise<number | undefined>((resolve, reject) => {
        get(`${url.origin}/demo`, { agent }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode))
        }).once('error', reject)
      })
      expect(status).toBe(200)
      const socketClosed = new Promise((resolve) => ws.once('close', resolve))

      const started = Date.now()
      running.child.kill(signal)
      const { code, signal: killedBy } = await within(5_000, `exit after ${signal}`, running.exit)
      expect({ code, killedBy }).toEqual({ code: 0, killedBy: null })
      expect(Date.now() - started).toBeLessThan(5_000)
      expect(running.stderr()).toContain('stopping')
      expect(running.stderr()).not.toMatch(/internal error|Error:/)
      await within(2_000, 'the socket to close', socketClosed)
      expect(await portIsFree(port)).toBe(true)
      agent.destroy()
    })
  }

  it('exits non-zero with advice to pick another port when --port is taken', async () => {
    blocker = createServer()
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', () => resolve()))
    const port = (blocker.address() as AddressInfo).port

    running = spawnDev(['--port', String(port), '--root', project.root])
    const { code, signal } = await within(30_000, 'exit on a taken port', running.exit)
    expect(signal).toBeNull()
    expect(code).not.toBe(0)
    const stderr = running.stderr()
    expect(stderr).toContain(`port ${port} is in use`)
    expect(stderr).toContain('--port')
    // A user error: one line, no stack trace.
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(stderr).not.toMatch(/stackdeck dev\s+http/)
  })
})
