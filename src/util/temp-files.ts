/**
 * Temp hygiene. Outputs are written to `.<name>.tmp-<pid>-<hex>` beside their target, or
 * in a `.stackdeck-export-<pid>-<hex>` work folder (export-deck.ts), and renamed into
 * place (atomic-write.ts); a run's browsers (marp-cli's and
 * the check's) keep their profiles in one private folder of the system temp folder. What
 * a run leaves when it ends normally, on Ctrl-C or on SIGTERM is removed on the way out;
 * what a `kill -9` left is removed by the next run (the pid in the name says whose it was).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { killProcessesUsingSync } from './process-tree.ts'

/** Temp files being written by this process, removed synchronously if it exits first. */
const live = new Set<string>()

/** A fresh temp path beside `target` (dot-prefixed: watchers and globs skip it). */
export function tempPathFor(target: string, extension = ''): string {
  const path = join(
    dirname(target),
    `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}${extension}`,
  )
  live.add(path)
  return path
}

/** A temp file or folder made elsewhere (a marp-cli work folder), removed if this process exits first. */
export function trackTemp(path: string): void {
  live.add(path)
}

/** The temp file was renamed into place or removed. */
export function releaseTemp(path: string): void {
  live.delete(path)
}

export function isRunning(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0) // signal 0 only asks whether the process exists
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Temp files a killed run left in `dir` and its subfolders (`.<name>.tmp-<pid>-…`). Those
 * of a process that is still running (a dev server exporting, a second build) are left
 * alone, and finished outputs are never touched.
 */
export async function removeStaleTemps(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name)
      const work = /^\.stackdeck-export-(\d+)-/.exec(entry.name)?.[1]
      if (entry.isDirectory() && work !== undefined) {
        if (!isRunning(Number(work))) await rm(path, { recursive: true, force: true })
        return
      }
      if (entry.isDirectory() && !entry.name.startsWith('.')) return removeStaleTemps(path)
      const pid = /^\..+\.tmp-(\d+)-/.exec(entry.name)?.[1]
      if (pid !== undefined && !isRunning(Number(pid))) await rm(path, { force: true })
    }),
  )
}

const RUN_DIR = /^stackdeck-run-(\d+)-/

let runDir:
  | {
      readonly path: string
      readonly env: Record<'TMPDIR' | 'TMP' | 'TEMP', string | undefined>
    }
  | undefined
let depth = 0

/**
 * Runs `fn` with the system temp folder pointed at a private folder of this run
 * (`<tmp>/stackdeck-run-<pid>-…`): marp-cli and Chromium create their profile folders
 * under `os.tmpdir()`, and only this way do they go where the run can remove them.
 * Folders of dead runs are removed first. Nested calls share one folder.
 */
export async function withRunTempDir<T>(fn: () => Promise<T>): Promise<T> {
  if (depth === 0) {
    const system = tmpdir()
    removeStaleRunDirs(system)
    const env = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP }
    const path = mkdtempSync(join(system, `stackdeck-run-${process.pid}-`))
    runDir = { path, env }
    setTempEnv({ TMPDIR: path, TMP: path, TEMP: path })
    // Worker threads copy the environment when they start: they find the system folder here.
    process.env[SYSTEM_TMPDIR] = system
  }
  depth++
  try {
    return await fn()
  } finally {
    depth--
    if (depth === 0) restoreAndRemoveRunDir()
  }
}

function setTempEnv(env: Record<'TMPDIR' | 'TMP' | 'TEMP', string | undefined>): void {
  const { TMPDIR, TMP, TEMP } = env
  if (TMPDIR === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = TMPDIR
  if (TMP === undefined) delete process.env.TMP
  else process.env.TMP = TMP
  if (TEMP === undefined) delete process.env.TEMP
  else process.env.TEMP = TEMP
}

const SYSTEM_TMPDIR = 'STACKDECK_SYSTEM_TMPDIR' as const

/**
 * The system temp folder, also inside a run (and in its worker threads): for caches that
 * must outlive the run, such as the compiler's code cache.
 */
export function systemTempDir(): string {
  return process.env[SYSTEM_TMPDIR] ?? tmpdir()
}

/**
 * Runs `fn` with the system temp folder as it was before the run: for what must outlive
 * the run, such as the browser @sparticuz/chromium unpacks once per machine.
 */
export async function withSystemTempDir<T>(fn: () => Promise<T>): Promise<T> {
  if (!runDir) return fn()
  const own = runDir.path
  setTempEnv(runDir.env)
  try {
    return await fn()
  } finally {
    if (runDir?.path === own) setTempEnv({ TMPDIR: own, TMP: own, TEMP: own })
  }
}

/**
 * Removes `path` (file or folder) now, retrying briefly while a browser still writes into
 * it; if it stays busy it is left for the next run, which finds its pid dead.
 */
function removeSyncIfFree(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
  } catch {
    // Still in use.
  }
}

function restoreAndRemoveRunDir(): void {
  if (!runDir) return
  setTempEnv(runDir.env)
  delete process.env.STACKDECK_SYSTEM_TMPDIR
  const { path } = runDir
  runDir = undefined
  removeSyncIfFree(path)
}

function removeStaleRunDirs(system: string): void {
  let entries: string[]
  try {
    entries = readdirSync(system)
  } catch {
    return
  }
  for (const entry of entries) {
    const pid = RUN_DIR.exec(entry)?.[1]
    if (pid !== undefined && !isRunning(Number(pid))) {
      const path = join(system, entry)
      killProcessesUsingSync(path)
      removeSyncIfFree(path)
    }
  }
}

/**
 * Removes this process's temp files and run folder, synchronously: for `exit` and for
 * the signal handlers of the CLI, when no `finally` will run any more.
 */
export function removeOwnTempsSync(): void {
  for (const path of live) {
    removeSyncIfFree(path)
  }
  live.clear()
  restoreAndRemoveRunDir()
}

process.once('exit', removeOwnTempsSync)
