/**
 * What the dev server lets other parties do: nothing outside the project by any path
 * spelling or symlink, nothing for a foreign Host (DNS rebinding) or a foreign Origin
 * (another web page opening the live-reload socket), and nothing on other interfaces
 * unless asked. Requests go through node:http with raw paths, because fetch() would
 * normalise `..` away before the server could see it.
 */
import { request } from 'node:http'
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { resolveConfig } from '../../src/config.ts'
import { WS_PATH } from '../../src/dev/messages.ts'
import { runDev, type DevHandle } from '../../src/dev/run-dev.ts'
import { spawnDev, within } from './cli-process.ts'
import { createTempProject, type TempProject } from './temp-project.ts'

const SECRET = 'TOP-SECRET-MARKER-5f1c'

interface Reply {
  readonly status: number
  readonly body: string
}

describe('stackdeck dev server security', () => {
  let project: TempProject
  let outside: string
  let dev: DevHandle
  let port: number

  /** One raw request: the path and headers exactly as given. */
  const send = (
    path: string,
    options: { method?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: options.method ?? 'GET',
          headers: options.headers,
        },
        (res) => {
          let body = ''
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
          res.on('end', () => resolve({ status: res.statusCode!, body }))
        },
      )
      req.once('error', reject).end()
    })

  /** Opens the live-reload socket; resolves with the first message or the refusal status. */
  const openSocket = (
    path: string,
    options: { origin?: string; headers?: Record<string, string> },
  ): Promise<{ opened: true; first: string } | { opened: false; status: number | undefined }> =>
    new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, options)
      ws.once('message', (data: Buffer) => {
        resolve({ opened: true, first: data.toString('utf8') })
        ws.terminate()
      })
      ws.once('unexpected-response', (_req, res) => {
        resolve({ opened: false, status: res.statusCode })
        res.resume()
        ws.terminate()
      })
      ws.once('error', () => resolve({ opened: false, status: undefined }))
    })

  beforeAll(async () => {
    project = await createTempProject('security')
    // Files outside the project, reachable only through a symlink inside slides/.
    outside = await mkdtemp(join(tmpdir(), 'stackdeck-outside-'))
    await writeFile(join(outside, 'secret.md'), `# ${SECRET}\n`)
    await writeFile(join(outside, 'secret.txt'), SECRET)
    await writeFile(project.path('secret.txt'), SECRET)
    await symlink(outside, project.path('slides/escape'), 'dir')
    dev = await runDev(resolveConfig({ root: project.root }), { host: '127.0.0.1', port: 0 })
    port = Number(new URL(dev.url).port)
  })

  afterAll(async () => {
    await dev?.close()
    await project?.dispose()
    if (outside) await rm(outside, { recursive: true, force: true })
  })

  it('serves the deck to a loopback Host (the baseline the refusals are measured against)', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost']) {
      const reply = await send('/demo', { headers: { host } })
      expect(reply.status, host).toBe(200)
      expect(reply.body).toContain('Diagram slide')
    }
  })

  it.each([
    '/../package.json',
    '/demo/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/%2E%2E/package.json',
    '/..%2fpackage.json',
    '/%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/%2e%2e%5cpackage.json',
    '/..\\package.json',
    '/%5c..%5cpackage.json',
    '/..%252fpackage.json',
    '/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/package.json',
    '/secret.txt',
    '/demo%00.md',
    '/..%c0%afpackage.json',
  ])('refuses %s without revealing any file', async (path) => {
    const reply = await send(path)
    expect([400, 403, 404]).toContain(reply.status)
    expect(reply.body).not.toContain(SECRET)
    expect(reply.body).not.toContain('devDependencies')
    expect(reply.body.length).toBeLessThan(200)
  })

  it.each([
    '/escape',
    '/escape/',
    '/escape/secret',
    '/escape/secret.md',
    '/escape/secret.txt',
    '/escape%2fsecret.md',
    '/escape%2fsecret',
    '/escape%5csecret.txt',
    '/escape.md',
  ])('refuses %s, a path through a symlink in slides/ that points outside', async (path) => {
    const reply = await send(path)
    expect([403, 404]).toContain(reply.status)
    expect(reply.body).not.toContain(SECRET)
  })

  it.each(['/nope', '/nope.pdf', '/nope.html', '/demo.exe', '/demo/extra', '/demo.md'])(
    'answers 404 for %s, which names no deck or export',
    async (path) => {
      expect((await send(path)).status).toBe(404)
    },
  )

  // `{port}` stands for the server's port, known only once beforeAll has run.
  const withPort = (text: string) => text.replaceAll('{port}', String(port))

  it.each([
    'evil.example',
    'evil.example:{port}',
    '127.0.0.1.evil.example:{port}',
    'localhost.:{port}',
  ])('refuses Host %s with 403 on every route', async (pattern) => {
    const host = withPort(pattern)
    for (const path of ['/', '/demo', '/demo.pdf']) {
      const reply = await send(path, { headers: { host } })
      expect(reply.status, `${host} ${path}`).toBe(403)
      expect(reply.body).not.toContain('Diagram slide')
    }
  })

  it('refuses a request with no Host header at all', async () => {
    const socket = connect(port, '127.0.0.1')
    socket.write('GET /demo HTTP/1.0\r\n\r\n')
    let raw = ''
    socket.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk))
    await new Promise((resolve) => socket.once('close', resolve))
    expect(raw).toMatch(/^HTTP\/1\.\d 403 /)
    expect(raw).not.toContain('Diagram slide')
  })

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('answers %s with 405', async (method) => {
    for (const path of ['/', '/demo', '/demo.pdf']) {
      expect((await send(path, { method })).status, `${method} ${path}`).toBe(405)
    }
  })

  it('answers HEAD like GET, without a body', async () => {
    const reply = await send('/demo', { method: 'HEAD' })
    expect(reply).toEqual({ status: 200, body: '' })
  })

  it('accepts the live-reload socket from the page’s own origin and sends the problems', async () => {
    // A page that is up to date (`v` at or past the current render) gets only the problems.
    const result = await openSocket(`${WS_PATH}?deck=demo&v=${Number.MAX_SAFE_INTEGER}`, {
      origin: `http://127.0.0.1:${port}`,
    })
    expect(result).toEqual({
      opened: true,
      first: JSON.stringify({ type: 'problems', problems: [] }),
    })
  })

  it.each<[string, { origin?: string; headers?: Record<string, string> }]>([
    ['a foreign origin', { origin: 'http://evil.example' }],
    ['a foreign origin on the same port', { origin: 'http://evil.example:{port}' }],
    ['another loopback name (a different origin)', { origin: 'http://localhost:{port}' }],
    ['https on the same host', { origin: 'https://127.0.0.1:{port}' }],
    ['the opaque origin null', { origin: 'null' }],
    ['no Origin header', {}],
    [
      'a rebound name whose Origin matches its Host',
      { origin: 'http://evil.example', headers: { host: 'evil.example' } },
    ],
  ])('refuses the live-reload socket from %s', async (_what, options) => {
    const origin = options.origin === undefined ? {} : { origin: withPort(options.origin) }
    const result = await openSocket(`${WS_PATH}?deck=demo`, { ...options, ...origin })
    expect(result).toEqual({ opened: false, status: 403 })
  })

  it('refuses a socket on any other path, even from its own origin', async () => {
    const result = await openSocket('/socket', { origin: `http://127.0.0.1:${port}` })
    expect(result).toEqual({ opened: false, status: 403 })
  })

  it('binds only 127.0.0.1 when started from the CLI without --host', async () => {
    const running = spawnDev(['--port', '0', '--root', project.root])
    try {
      const url = new URL(await within(30_000, 'startup', running.url))
      expect(url.hostname).toBe('127.0.0.1')
      const reachable = (address: string) =>
        new Promise<boolean>((resolve) => {
          const socket = connect(Number(url.port), address)
          socket.once('connect', () => {
            socket.destroy()
            resolve(true)
          })
          socket.once('error', () => resolve(false))
        })
      expect(await reachable('127.0.0.1')).toBe(true)
      // Every other address of this machine: nothing listens there.
      const others = Object.values(networkInterfaces())
        .flat()
        .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
        .map((a) => a!.address)
      for (const address of others) expect(await reachable(address), address).toBe(false)
      expect(await reachable('::1')).toBe(false)
    } finally {
      running.child.kill('SIGTERM')
      await running.exit
    }
  })
})
