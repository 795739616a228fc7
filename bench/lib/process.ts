/** Child processes timed from spawn to exit, with their output kept for parsing. */
import { spawn } from 'node:child_process'

export interface TimedRun {
  readonly ms: number
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly cwd?: string
  readonly env?: NodeJS.ProcessEnv
  /** Kills the child after this long; the run then fails. Default 10 minutes. */
  readonly timeoutMs?: number
}

export function timeProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ ms: performance.now() - started, code, stdout, stderr })
    })
  })
}

/** Like timeProcess, but a non-zero exit is an error that shows the child's output. */
export async function timeProcessOk(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<TimedRun> {
  const run = await timeProcess(command, args, options)
  if (run.code !== 0) {
    throw new Error(
      `${[command, ...args].join(' ')} exited with ${String(run.code)}\n${run.stderr.slice(-2000)}${run.stdout.slice(-1000)}`,
    )
  }
  return run
}
