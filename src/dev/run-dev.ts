/**
 * `stackdeck dev`: the session (render stages), the watcher (what changed) and the server
 * (what browsers see), wired together. Returns a handle whose `close()` stops all three.
 */
import { relative, resolve } from 'node:path'
import { findBrowser } from '../browser/find-browser.ts'
import type { ResolvedConfig } from '../config.ts'
import { checkProject } from '../project/check-project.ts'
import { discoverDecks } from '../deck/discover-decks.ts'
import { StackdeckError } from '../errors.ts'
import { exportDeck } from '../export/export-deck.ts'
import { exportEditableDeck } from '../project/export-editable.ts'
import { FORMAT_SPECS, type Format } from '../export/formats.ts'
import { DevSession, type SessionEvent } from './dev-session.ts'
import { startServer, type RunningServer } from './server.ts'
import { watchFiles, type Watcher } from './watcher.ts'
import { isInside } from '../deck/inline-asset.ts'

export interface DevOptions {
  readonly host: string
  readonly port: number
  /** Progress and problems for the terminal. */
  readonly onEvent?: (
    event:
      | SessionEvent
      | { readonly type: 'batch'; readonly paths: readonly string[]; readonly ms: number },
  ) => void
}

export interface DevHandle {
  readonly url: string
  readonly session: DevSession
  /** Resolves when the changes seen so far have been handled (tests and benchmarks wait on it). */
  idle(): Promise<void>
  close(): Promise<void>
}

export async function runDev(config: ResolvedConfig, options: DevOptions): Promise<DevHandle> {
  let server: RunningServer | undefined
  const session = new DevSession(config, {
    onEvent(event) {
      options.onEvent?.(event)
      if (event.type === 'deck') server?.publishDeck(event.view.deck)
      if (event.type === 'problems') server?.publishProblems(event.problems)
    },
  })

  // Bind before the first render, so a taken port is reported at once and writes nothing.
  server = await startServer(session, {
    host: options.host,
    port: options.port,
    exportDeck: devExporter(config),
  }).catch(async (error: unknown) => {
    await session.close() // its definition worker
    throw error
  })

  // Changes are handled one batch at a time, in order; a batch arriving meanwhile waits.
  // The first render heads the queue and the watcher starts before it, so a save made
  // while the first render runs is handled right after it instead of being missed.
  let queue: Promise<void> = Promise.resolve()
  const watcher: Watcher = watchFiles({
    paths: [config.slidesDir, config.themesDir, config.diagramsDir, config.assetsDir],
    ignore: generatedFiles(config),
    onError: (error) => session.recordUnexpected(error),
    onBatch(paths) {
      queue = queue
        .then(async () => {
          const started = performance.now()
          await session.handle(paths)
          watcher.add(session.extraWatchPaths())
          options.onEvent?.({
            type: 'batch',
            paths: paths.map((p) => relative(config.root, p)),
            ms: performance.now() - started,
          })
        })
        // The queue must survive anything: a failed batch is shown and the next one runs.
        .catch((error: unknown) => session.recordUnexpected(error))
    },
  })

  queue = session.start().then(() => watcher.add(session.extraWatchPaths()))
  try {
    await queue
  } catch (error) {
    await watcher.close()
    await session.close()
    await server.close()
    throw error
  }

  return {
    url: server.url,
    session,
    idle: () => queue,
    async close() {
      await watcher.close()
      // Before waiting for the queue: a definition that never finishes loading would hold it.
      await session.close()
      await queue.catch(() => {})
      await server?.close()
    },
  }
}

/** What dev writes itself (the diagrams, the exports): watching it would loop. */
function generatedFiles(config: ResolvedConfig): (path: string) => boolean {
  return (path) =>
    isInside(config.diagramsOutDir, resolve(path)) || isInside(config.outDir, resolve(path))
}

/** `/<deck>.<format>` of the dev server: the build's own check, then the real exporter. */
function devExporter(config: ResolvedConfig): (name: string, format: Format) => Promise<string> {
  return async (name, format) => {
    const deck = (await discoverDecks(config.slidesDir, [config.diagramsDir])).find(
      (d) => d.name === name,
    )
    if (!deck) throw new StackdeckError('USAGE', `no deck named '${name}'`)
    if (format === 'pptx' && config.pptx === 'editable') return exportEditableDeck(config, deck)
    // The build's own check first: a missing image is an error, not a blank box.
    const checked = await checkProject(config, [deck], { strict: config.strict })
    if (checked.failure) throw checked.failure
    const browser = FORMAT_SPECS[format].needsBrowser ? await findBrowser() : undefined
    return exportDeck(config, deck, format, { browser, themes: checked.environment.themes })
  }
}
