/**
 * What the main thread and the definition worker say to each other. Everything here
 * crosses the thread boundary by structured clone: plain data only.
 */
import type { ErrorCode } from '../errors.ts'
import type { ResolvedDiagram } from '../model/resolved.ts'

export interface LoadRequest {
  readonly id: number
  /** Absolute path of the definition. */
  readonly file: string
  /** The path shown in messages, relative to the project root. */
  readonly displayName: string
}

/** A StackdeckError as data (the class does not survive structured clone). */
export interface PlainError {
  readonly code: ErrorCode
  readonly detail: string
  readonly file?: string | undefined
  readonly field?: string | undefined
  readonly line?: number | undefined
}

interface ReplyBase {
  readonly id: number
  /** Local files the definition imported so far, itself included. */
  readonly dependencies: readonly string[]
  /**
   * The definition left timers, sockets or other work running: the worker is replaced
   * before the next load, so that work cannot stall or blame another definition.
   */
  readonly leftWork: boolean
}

export type LoadReply =
  | (ReplyBase & { readonly type: 'loaded'; readonly diagram: ResolvedDiagram })
  | (ReplyBase & { readonly type: 'failed'; readonly error: PlainError })
  /** A bug in stackdeck (not a user mistake): shown with its stack. */
  | (ReplyBase & { readonly type: 'crashed'; readonly stack: string })

/**
 * Sent for each local file a definition imports, as it imports it: known even when the
 * worker never replies (a helper that loops), so the dev watcher follows that helper.
 */
export interface ImportMessage {
  readonly type: 'import'
  readonly id: number
  readonly file: string
}

export type WorkerMessage = { readonly type: 'ready' } | ImportMessage | LoadReply

/** What the worker is started with. */
export interface WorkerData {
  /**
   * Shared memory, as Int32Array [called (0/1), exit code]: written when a definition calls
   * process.exit, read by the main thread once the worker has ended.
   */
  readonly exitRecord: SharedArrayBuffer
}
