/**
 * The definition worker: imports one definition at a time and validates it, so whatever
 * a definition does at import (an endless loop, process.exit, a getter that throws, a huge
 * allocation) happens on this thread, which the main thread can time out and replace.
 * Replies are plain data: the validated diagram, or the error as data.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { isStackdeckError } from '../errors.ts'
import { validateDiagram } from '../model/validate.ts'
import type { LoadReply, LoadRequest, WorkerData, WorkerMessage } from './definition-messages.ts'
import { importDefinition } from './load-definition.ts'

const port = parentPort!
const exitRecord = new Int32Array((workerData as WorkerData).exitRecord)

// process.exit in a worker ends only the worker; the record tells the main thread that the
// definition asked for it (and with what code), not that the event loop ran dry.
const exit = process.exit.bind(process)
process.exit = ((code?: number | string | null) => {
  Atomics.store(exitRecord, 1, Number(code ?? process.exitCode ?? 0) || 0)
  Atomics.store(exitRecord, 0, 1)
  return exit(code)
}) as typeof process.exit

/** Requests in flight are not work a definition left behind. */
const TRANSIENT = /^(FSReq|ConnectWrap|WriteWrap|ShutdownWrap|GetAddrInfoReqWrap|QueryReqWrap)/

function lasting(): Map<string, number> {
  const counts = new Map<string, number>()
  for (const kind of process.getActiveResourcesInfo()) {
    if (!TRANSIENT.test(kind)) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  }
  return counts
}

async function handle(request: LoadRequest): Promise<LoadReply> {
  const dependencies = new Set([request.file])
  const before = lasting()
  const base = () => {
    const after = lasting()
    return {
      id: request.id,
      dependencies: [...dependencies],
      leftWork: [...after].some(([kind, n]) => n > (before.get(kind) ?? 0)),
    }
  }
  try {
    const value = await importDefinition(request.file, request.displayName, dependencies, (file) =>
      port.postMessage({ type: 'import', id: request.id, file } satisfies WorkerMessage),
    )
    return { ...base(), type: 'loaded', diagram: validateDiagram(value) }
  } catch (error) {
    if (isStackdeckError(error)) {
      const { code, detail, file, field, line } = error
      return { ...base(), type: 'failed', error: { code, detail, file, field, line } }
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error)
    return { ...base(), type: 'crashed', stack }
  }
}

port.on('message', (request: LoadRequest) => {
  // While a definition loads, nothing but the definition keeps this thread alive: if it
  // awaits something that can never settle, the worker ends at once (and the main thread
  // says so) instead of waiting out the time budget.
  port.unref()
  void handle(request).then((reply) => {
    port.ref()
    try {
      port.postMessage(reply satisfies WorkerMessage)
    } catch (error) {
      // Cannot happen with validated data; if it does, it is a stackdeck bug to show.
      const stack = error instanceof Error ? (error.stack ?? error.message) : String(error)
      const { id, dependencies, leftWork } = reply
      port.postMessage({
        id,
        dependencies,
        leftWork,
        type: 'crashed',
        stack,
      } satisfies WorkerMessage)
    }
  })
})
port.postMessage({ type: 'ready' } satisfies WorkerMessage)
