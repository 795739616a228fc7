/**
 * File watching for the dev server: chokidar underneath (it handles editors that save by
 * rename, platform quirks and new folders), and a short quiet period that turns a burst
 * of events into one batch of paths, so a save that touches three files re-renders once.
 */
import { statSync } from 'node:fs'
import chokidar, { type FSWatcher } from 'chokidar'

export interface Watcher {
  /** Watches more paths (files that diagram definitions import). */
  add(paths: readonly string[]): void
  close(): Promise<void>
}

export interface WatchOptions {
  readonly paths: readonly string[]
  /** Paths never reported (generated output, temp files). */
  readonly ignore: (path: string) => boolean
  /** Receives the distinct paths of one burst, in order of first event. */
  readonly onBatch: (paths: string[]) => void
  /** A watching failure (inotify limit, permissions): reported, the server keeps running. */
  readonly onError: (error: unknown) => void
  /** Quiet time that ends a burst. */
  readonly quietMs?: number
}

/** Temp files of atomic writes (ours and editors'), swap files, and dependencies. */
export function isNoise(path: string): boolean {
  return (
    /(^|[\\/])\.[^\\/]*\.tmp-[^\\/]*$/.test(path) ||
    /\.(swp|swx|swo)$|~$|\.tmp$|4913$/.test(path) ||
    /(^|[\\/])(node_modules|\.git)([\\/]|$)/.test(path) ||
    /marp\.config\.ts\.[0-9a-f-]+\.mjs$/.test(path)
  )
}

/** Size and modification time, or `missing`: enough to tell whether a file changed again. */
function fingerprint(path: string): string {
  try {
    const s = statSync(path)
    return `${s.size}:${s.mtimeMs}`
  } catch {
    return 'missing'
  }
}

/**
 * chokidar drops a second `change` of a file within 50 ms of the first (its throttle), so
 * the last save of a quick burst could go unseen and the page would stay one save behind.
 * Each reported path is therefore looked at again after that window, and reported once
 * more if it differs from what the batch saw.
 */
const RECHECK_MS = 80

export function watchFiles(options: WatchOptions): Watcher {
  const pending = new Set<string>()
  const seen = new Map<string, string>()
  const rechecks = new Map<string, NodeJS.Timeout>()
  let timer: NodeJS.Timeout | undefined
  const flush = () => {
    timer = undefined
    const paths = [...pending]
    pending.clear()
    for (const path of paths) {
      seen.set(path, fingerprint(path))
      clearTimeout(rechecks.get(path))
      rechecks.set(
        path,
        setTimeout(() => {
          rechecks.delete(path)
          if (fingerprint(path) !== seen.get(path)) onEvent(path)
          else seen.delete(path)
        }, RECHECK_MS),
      )
    }
    if (paths.length > 0) options.onBatch(paths)
  }
  const watcher: FSWatcher = chokidar.watch([...options.paths], {
    ignoreInitial: true,
    ignored: (path: string) => isNoise(path) || options.ignore(path),
  })
  const onEvent = (path: string) => {
    pending.add(path)
    if (timer) clearTimeout(timer)
    timer = setTimeout(flush, options.quietMs ?? 15)
  }
  for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, onEvent)
  watcher.on('error', options.onError)
  let closed = false
  return {
    add: (paths) => {
      // A batch still running at close adds its paths after it: they must not reopen watches.
      if (!closed && paths.length > 0) watcher.add([...paths])
    },
    close: async () => {
      closed = true
      if (timer) clearTimeout(timer)
      for (const recheck of rechecks.values()) clearTimeout(recheck)
      await watcher.close()
    },
  }
}
