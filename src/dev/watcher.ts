/**
 * File watching for the dev server: chokidar underneath (it handles editors that save by
 * rename, platform quirks and new folders), and a short quiet period that turns a burst
 * of events into one batch of paths, so a save that touches three files re-renders once.
 */
import { sep } from 'node:path'
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
  /** Quiet time that ends a burst. */
  readonly quietMs?: number
}

/** Temp files of atomic writes (ours and editors'), swap files, and dependencies. */
export function isNoise(path: string): boolean {
  return (
    /(^|[\\/])\.[^\\/]*\.tmp-[^\\/]*$/.test(path) ||
    /\.(swp|swx|swo)$|~$|\.tmp$|4913$/.test(path) ||
    path.includes(`${sep}node_modules${sep}`) ||
    path.includes(`${sep}.git${sep}`) ||
    /marp\.config\.ts\.[0-9a-f-]+\.mjs$/.test(path)
  )
}

export function watchFiles(options: WatchOptions): Watcher {
  const pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  const flush = () => {
    timer = undefined
    const paths = [...pending]
    pending.clear()
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
  return {
    add: (paths) => {
      if (paths.length > 0) watcher.add([...paths])
    },
    close: async () => {
      if (timer) clearTimeout(timer)
      await watcher.close()
    },
  }
}
