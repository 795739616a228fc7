/**
 * `stackdeck dev` as a child process, the way users start it (`node scripts/stackdeck.mjs`),
 * for what only a real process shows: signals, exit codes, the default bind address.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { REPO_ROOT } from '../support/paths.ts'

export interface DevProcess {
  readonly child: ChildProcess
  /** Everything written to stderr so far. */
  stderr(): string
  /** Resolves with the URL the server printed; rejects if the process exits first. */
  readonly url: Promise<string>
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export function spawnDev(args: readonly string[], env: NodeJS.ProcessEnv = {}): DevProcess {
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'scripts', 'stackdeck.mjs'), 'dev', ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const url = new Promise<string>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
      const match = /stackdeck dev\s+(http:\/\/\S+)/.exec(stderr)
      if (match) resolve(match[1]!)
    })
    void exit.then(({ code, signal }) =>
      reject(new Error(`stackdeck dev exited (${code ?? signal}) before serving:\n${stderr}`)),
    )
  })
  // The caller may only await `exit`; a rejected `url` then must not count as unhandled.
  url.catch(() => {})
  child.stdout!.resume()
  return { child, stderr: () => stderr, url, exit }
}

/** Whether a server could listen on `port` of 127.0.0.1 right now. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

/** Rejects if `promise` takes longer than `ms`. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
