/**
 * The main thread's side of the type check. While nothing changed since the last check
 * (its answer and file hashes are in .cache/), the answer is read here and no worker starts:
 * a repeated `stackdeck diagrams` pays a few ms. Otherwise a worker (type-check-worker.ts)
 * checks, beside the definition worker's loading and this thread's rendering, and is kept
 * until close(), so a dev session keeps its compiler and program from edit to edit. A
 * session answered from the cache starts that worker once idle, to warm it up.
 */
import { Worker } from 'node:worker_threads'
import { keptAnswer, type TypeCheckReport } from './type-check.ts'

export type TypeCheckRequest =
  | {
      readonly id: number
      /** Check now, or only load the compiler and build the program for later checks. */
      readonly type: 'check' | 'warm'
      /** Project root: the last answer is kept under `<root>/.cache/stackdeck/`. */
      readonly root: string
      /** The definitions folder. */
      readonly dir: string
    }
  /** Answered once what the worker writes after its answers (see save()) is written. */
  | { readonly id: number; readonly type: 'flush' }

export type TypeCheckReply =
  | { readonly id: number; readonly type: 'report'; readonly report: TypeCheckReport }
  /** A bug in stackdeck (not a user mistake): shown with its stack. */
  | { readonly id: number; readonly type: 'crashed'; readonly stack: string }

/** Idle time after an answer from the cache before the worker is warmed up (dev only lives that long). */
const WARM_AFTER_MS = 1500

export class TypeCheckThread {
  private worker: Worker | undefined
  private warmTimer: NodeJS.Timeout | undefined
  private closed = false
  private nextId = 0
  private readonly pending = new Map<
    number,
    { resolve: (report: TypeCheckReport) => void; reject: (error: Error) => void }
  >()

  /** Type-checks the definitions in `dir` as they are on disk now. */
  async check(root: string, dir: string): Promise<TypeCheckReport> {
    if (!this.worker) {
      const kept = await keptAnswer(root, dir)
      if (kept) {
        this.warmLater(root, dir)
        return kept
      }
    }
    return this.ask('check', root, dir)
  }

  /**
   * Stops the worker, after it has written the last answer to `.cache/` (at most a second;
   * a check still running, when dev stops mid-edit, is not waited for).
   */
  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.warmTimer)
    const worker = this.worker
    if (worker && this.pending.size === 0) {
      let timer: NodeJS.Timeout | undefined
      const flushed = this.send({ id: (this.nextId += 1), type: 'flush' }).catch(() => {})
      await Promise.race([flushed, new Promise((done) => (timer = setTimeout(done, 1000)))])
      clearTimeout(timer)
    }
    this.worker = undefined
    // Whatever was loading is reported as stopped by the definition loader; nothing to add.
    for (const { resolve } of this.pending.values()) resolve({ problems: [], reused: false, ms: 0 })
    this.pending.clear()
    await worker?.terminate()
  }

  private ask(type: 'check' | 'warm', root: string, dir: string): Promise<TypeCheckReport> {
    return this.send({ id: (this.nextId += 1), type, root, dir })
  }

  private send(request: TypeCheckRequest): Promise<TypeCheckReport> {
    const worker = (this.worker ??= this.start())
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject })
      worker.ref()
      worker.postMessage(request)
    })
  }

  /** A command has ended (and closed this) long before; a dev session gets a warm worker. */
  private warmLater(root: string, dir: string): void {
    if (this.warmTimer) return
    this.warmTimer = setTimeout(() => {
      if (this.closed || this.worker) return
      this.ask('warm', root, dir).catch(() => {})
    }, WARM_AFTER_MS)
    this.warmTimer.unref()
  }

  private start(): Worker {
    const worker = new Worker(new URL('./type-check-worker.mjs', import.meta.url))
    worker.on('message', (reply: TypeCheckReply) => {
      const waiting = this.pending.get(reply.id)
      this.pending.delete(reply.id)
      if (this.pending.size === 0) worker.unref()
      if (reply.type === 'report') waiting?.resolve(reply.report)
      else waiting?.reject(new Error(`while type-checking the definitions: ${reply.stack}`))
    })
    worker.on('error', (error) => this.failAll(error))
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined
      this.failAll(new Error(`the type-check worker ended (exit code ${code})`))
    })
    // An idle worker must not keep the process alive; after the listeners, which ref it.
    worker.unref()
    return worker
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error)
    this.pending.clear()
  }
}
