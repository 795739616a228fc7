/**
 * The main thread's side of the type check: a worker (type-check-worker.ts) started on the
 * first request and kept until close(), so a dev session keeps its compiler state from
 * edit to edit. The check runs beside the definition worker's loading and this thread's
 * rendering; a definition's outcome waits for it only at the end.
 */
import { Worker } from 'node:worker_threads'
import type { TypeCheckReport } from './type-check.ts'

export interface TypeCheckRequest {
  readonly id: number
  /** Project root: the last answer is kept under `<root>/.cache/stackdeck/`. */
  readonly root: string
  /** The definitions folder. */
  readonly dir: string
}

export type TypeCheckReply =
  | { readonly id: number; readonly type: 'report'; readonly report: TypeCheckReport }
  /** A bug in stackdeck (not a user mistake): shown with its stack. */
  | { readonly id: number; readonly type: 'crashed'; readonly stack: string }

export class TypeCheckThread {
  private worker: Worker | undefined
  private nextId = 0
  private readonly pending = new Map<
    number,
    { resolve: (report: TypeCheckReport) => void; reject: (error: Error) => void }
  >()

  /** Type-checks the definitions in `dir` as they are on disk now. */
  check(root: string, dir: string): Promise<TypeCheckReport> {
    const worker = (this.worker ??= this.start())
    const id = (this.nextId += 1)
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.ref()
      worker.postMessage({ id, root, dir } satisfies TypeCheckRequest)
    })
  }

  async close(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    // Whatever was loading is reported as stopped by the definition loader; nothing to add.
    for (const { resolve } of this.pending.values()) resolve({ problems: [], reused: false, ms: 0 })
    this.pending.clear()
    await worker?.terminate()
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
