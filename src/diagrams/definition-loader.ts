/**
 * Loads diagram definitions away from the main thread. A definition is a program: at
 * import it can loop forever, await something that never settles, call process.exit,
 * throw anything, or allocate without end. Each load runs in a worker thread
 * (definition-worker.ts) under a time budget and a heap limit; whatever goes wrong ends
 * as one StackdeckError naming the file, the worker is replaced, and the main thread (the
 * other diagrams, the dev server) carries on.
 *
 * Why a worker and not a child process: it starts in ~60 ms against ~200 ms for a Node
 * process with tsx, and the validated diagram comes back by structured clone instead of
 * through a pipe. Layout, font subsetting and SVG stay on the main thread, where the font
 * is loaded once and the subset cache lives. A worker is also replaced every
 * `loadsPerWorker` loads: tsx keeps every import's modules (and a loader hook per import)
 * until its thread ends, which made the dev server grow edit by edit and each import a
 * little slower.
 */
import { Worker } from 'node:worker_threads'
import { StackdeckError } from '../errors.ts'
import type { ResolvedDiagram } from '../model/resolved.ts'
import { describeThrown } from '../model/plain-value.ts'
import type { LoadReply, LoadRequest, PlainError, WorkerMessage } from './definition-messages.ts'
import type { TypeCheckReport } from './type-check.ts'
import { TypeCheckThread } from './type-check-thread.ts'

/** Seconds a definition may take to load when nothing else is said. */
export const DEFAULT_TIMEOUT_SECONDS = 10
/** The environment variable that sets the time budget, in seconds, for every command. */
export const TIMEOUT_ENV = 'STACKDECK_DEFINITION_TIMEOUT'

export interface DefinitionLoaderOptions {
  /** Time budget per definition in ms. Default: definitionTimeoutMs(). */
  readonly timeoutMs?: number
  /** Loads before a worker is replaced by a fresh one. Default 50. */
  readonly loadsPerWorker?: number
  /** Heap limit of a worker in MB; a definition that needs more is stopped. Default 256. */
  readonly memoryMb?: number
  /**
   * Start type-checking this folder now, for a caller that knows it before it loads the
   * rendering modules (the `diagrams` command): the check is the longest stage of a first run.
   */
  readonly typeCheck?: { readonly root: string; readonly dir: string }
}

export type LoadOutcome =
  | {
      readonly ok: true
      readonly diagram: ResolvedDiagram
      readonly dependencies: readonly string[]
    }
  | {
      readonly ok: false
      readonly error: StackdeckError
      readonly dependencies: readonly string[]
    }

/**
 * The time budget: `flag` (seconds, from `--timeout`) if given, else the
 * STACKDECK_DEFINITION_TIMEOUT variable, else 10 s.
 */
export function definitionTimeoutMs(flag?: string, env: NodeJS.ProcessEnv = process.env): number {
  const [text, source] =
    flag !== undefined
      ? [flag, '--timeout']
      : env[TIMEOUT_ENV] !== undefined && env[TIMEOUT_ENV] !== ''
        ? [env[TIMEOUT_ENV], TIMEOUT_ENV]
        : [String(DEFAULT_TIMEOUT_SECONDS), 'default']
  const seconds = Number(text)
  if (!/^\s*\d*\.?\d+\s*$/.test(text) || !(seconds > 0) || seconds > 3600) {
    throw new StackdeckError(
      'USAGE',
      `${source} takes a number of seconds from 0.1 to 3600 (the time a diagram definition may take to load), not '${text}'`,
    )
  }
  return Math.max(100, Math.round(seconds * 1000))
}

/** `10 s`, `1.5 s`. */
function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`
}

/** How a load ended, seen from the main thread. */
type Ending =
  | { readonly kind: 'reply'; readonly reply: LoadReply }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'stopped' }
  | {
      readonly kind: 'exit'
      readonly code: number
      /** The code passed to process.exit, if the definition called it. */
      readonly exitCalled: number | undefined
      /** What was thrown outside the import (a timer, a rejected promise), or the OOM error. */
      readonly thrown: { readonly value: unknown } | undefined
    }

/** One worker and what it is doing. */
class WorkerSlot {
  readonly worker: Worker
  readonly ready: Promise<void>
  loads = 0
  dead = false
  private readonly exitRecord = new SharedArrayBuffer(8)
  private thrown: { value: unknown } | undefined
  private pending:
    | {
        readonly id: number
        readonly dependencies: Set<string>
        readonly settle: (ending: Ending) => void
      }
    | undefined

  constructor(memoryMb: number) {
    this.worker = new Worker(new URL('./definition-worker.mjs', import.meta.url), {
      workerData: { exitRecord: this.exitRecord },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    })
    let started: () => void = () => {}
    let failed: (error: unknown) => void = () => {}
    this.ready = new Promise<void>((resolve, reject) => {
      started = resolve
      failed = reject
    })
    // Start-up failures are the caller's to see, when it awaits `ready`.
    this.ready.catch(() => {})
    this.worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') started()
      else if (message.type === 'import') {
        if (message.id === this.pending?.id) this.pending.dependencies.add(message.file)
      } else if (message.id === this.pending?.id) this.finish({ kind: 'reply', reply: message })
    })
    this.worker.on('error', (error: unknown) => {
      this.thrown = { value: error }
    })
    this.worker.on('exit', (code) => {
      this.dead = true
      failed(
        new Error(
          `the definition worker ended while starting (exit code ${code})${this.thrown ? `: ${describeThrown(this.thrown.value)}` : ''}`,
        ),
      )
      const record = new Int32Array(this.exitRecord)
      this.finish({
        kind: 'exit',
        code,
        exitCalled: Atomics.load(record, 0) === 1 ? Atomics.load(record, 1) : undefined,
        thrown: this.thrown,
      })
    })
    // An idle worker must not keep the process alive; after the listeners, which ref it.
    this.worker.unref()
  }

  /** Runs one load; resolves with how it ended, never rejects. */
  request(request: LoadRequest, timeoutMs: number): Promise<{ ending: Ending; deps: Set<string> }> {
    const dependencies = new Set([request.file])
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.finish({ kind: 'timeout' }), timeoutMs)
      this.pending = {
        id: request.id,
        dependencies,
        settle: (ending) => {
          clearTimeout(timer)
          resolve({ ending, deps: dependencies })
        },
      }
      this.worker.ref()
      this.worker.postMessage(request)
    })
  }

  private finish(ending: Ending): void {
    const pending = this.pending
    if (!pending) return
    this.pending = undefined
    this.worker.unref()
    pending.settle(ending)
  }

  /** Ends the worker at once (an endless loop included); a load in flight ends as `stopped`. */
  async stop(): Promise<void> {
    this.finish({ kind: 'stopped' })
    this.dead = true
    await this.worker.terminate()
  }
}

export class DefinitionLoader {
  private readonly timeoutMs: number
  private readonly loadsPerWorker: number
  private readonly memoryMb: number
  private slot: WorkerSlot | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private nextId = 0
  private closed = false
  /** Type-checks beside the loading, in a worker of its own kept as long as this loader. */
  private readonly types = new TypeCheckThread()
  /** The check started by the constructor, handed to the first typeCheck() of that folder. */
  private early: { readonly key: string; readonly check: Promise<TypeCheckReport> } | undefined

  constructor(options: DefinitionLoaderOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? definitionTimeoutMs()
    this.loadsPerWorker = options.loadsPerWorker ?? 50
    this.memoryMb = options.memoryMb ?? 256
    // Started now, so it boots while the caller loads the font and reads the theme.
    this.slot = new WorkerSlot(this.memoryMb)
    if (options.typeCheck) {
      const { root, dir } = options.typeCheck
      const check = this.types.check(root, dir)
      check.catch(() => {}) // handed out by typeCheck(); a bug surfaces there
      this.early = { key: `${root}\0${dir}`, check }
    }
  }

  /**
   * Imports and validates one definition. Loads run one at a time in call order. A user's
   * mistake resolves as `ok: false` with the error; only a stackdeck bug rejects.
   */
  load(file: string, displayName: string): Promise<LoadOutcome> {
    const run = this.queue.then(() => this.run(file, displayName))
    this.queue = run.catch(() => {})
    return run
  }

  /**
   * Type-checks every definition in `dir` as it is on disk now (see type-check.ts); runs
   * beside the loads. Ask once per batch: a check covers the whole folder.
   */
  typeCheck(root: string, dir: string): Promise<TypeCheckReport> {
    const early = this.early
    this.early = undefined
    if (early?.key === `${root}\0${dir}`) return early.check
    return this.types.check(root, dir)
  }

  /** Stops the workers, a definition that is still loading included. */
  async close(): Promise<void> {
    this.closed = true
    const slot = this.slot
    this.slot = undefined
    await Promise.all([slot?.stop(), this.types.close()])
  }

  private async run(file: string, displayName: string): Promise<LoadOutcome> {
    const fail = (detail: string, dependencies: Iterable<string> = [file]): LoadOutcome => ({
      ok: false,
      error: new StackdeckError('DEFINITION_LOAD', detail, { file: displayName }),
      dependencies: [...dependencies],
    })
    if (this.closed) return fail('was not loaded: stackdeck is stopping')
    if (!this.slot || this.slot.dead) this.slot = new WorkerSlot(this.memoryMb)
    const slot = this.slot
    slot.worker.ref()
    try {
      await slot.ready
    } catch (error) {
      if (this.closed) return fail('was stopped while loading: stackdeck is stopping')
      throw error
    } finally {
      slot.worker.unref()
    }
    const { ending, deps } = await slot.request(
      { id: (this.nextId += 1), file, displayName },
      this.timeoutMs,
    )
    if (ending.kind === 'reply') {
      const { reply } = ending
      slot.loads += 1
      if (reply.leftWork || slot.loads >= this.loadsPerWorker) this.replace(slot)
      switch (reply.type) {
        case 'loaded':
          return { ok: true, diagram: reply.diagram, dependencies: reply.dependencies }
        case 'failed':
          return { ok: false, error: fromPlain(reply.error), dependencies: reply.dependencies }
        case 'crashed':
          throw new Error(`while loading ${displayName}: ${reply.stack}`)
      }
    }
    this.replace(slot)
    return fail(this.describeEnding(ending), deps)
  }

  private describeEnding(ending: Exclude<Ending, { kind: 'reply' }>): string {
    switch (ending.kind) {
      case 'timeout':
        return `did not finish within ${seconds(this.timeoutMs)} (an endless loop, or an await that never resolves?); if it is only slow, give it longer with --timeout <s> or ${TIMEOUT_ENV}`
      case 'stopped':
        return 'was stopped while loading: stackdeck is stopping'
      case 'exit': {
        // Checked in this order: on an uncaught exception or an overflowing heap, Node
        // itself calls process.exit(1) in the worker.
        const thrown = ending.thrown?.value
        if (isOutOfMemory(thrown)) {
          return `ran out of memory while loading (over ${this.memoryMb} MB); a definition builds a small value: look for a loop that keeps adding to a list or string`
        }
        if (ending.thrown) {
          return `threw ${describeThrown(thrown)} outside its import (in a timer, callback or unawaited promise?); make the file build its value at import, nothing later`
        }
        if (ending.exitCalled !== undefined) {
          return `called process.exit(${ending.exitCalled}) while loading; a definition must not end the process: remove the call (throw an Error to report a problem)`
        }
        if (ending.code === 0) {
          return 'never finished loading: it awaits something that can never settle (a top-level await on a promise nothing resolves?)'
        }
        return `stopped while loading (exit code ${ending.code})`
      }
    }
  }

  /** Retires a worker: stopped now, a fresh one started for the next load. */
  private replace(slot: WorkerSlot): void {
    void slot.stop()
    if (this.slot === slot) this.slot = this.closed ? undefined : new WorkerSlot(this.memoryMb)
  }
}

function isOutOfMemory(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY'
  )
}

function fromPlain(plain: PlainError): StackdeckError {
  return new StackdeckError(plain.code, plain.detail, {
    file: plain.file,
    field: plain.field,
    line: plain.line,
  })
}
