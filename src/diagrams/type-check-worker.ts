/**
 * The type-check worker: keeps one DefinitionTypeCheck per definitions folder for as long
 * as the thread lives (the dev server's whole session), answers checks one at a time, and
 * once idle after an answer from the cache loads the compiler and builds the program, so
 * the first edit after start-up is checked as quickly as the ones after it.
 */
import { parentPort } from 'node:worker_threads'
import { DefinitionTypeCheck } from './type-check.ts'
import type { TypeCheckReply, TypeCheckRequest } from './type-check-thread.ts'

const port = parentPort!
const checks = new Map<string, DefinitionTypeCheck>()
/** Idle time after which a check answered from the cache warms the compiler up. */
const WARM_AFTER_MS = 1500

let queue: Promise<unknown> = Promise.resolve()
let warmTimer: NodeJS.Timeout | undefined

function checkFor(request: TypeCheckRequest): DefinitionTypeCheck {
  const key = `${request.root}\0${request.dir}`
  let check = checks.get(key)
  if (!check) {
    check = new DefinitionTypeCheck(request.root, request.dir)
    checks.set(key, check)
  }
  return check
}

async function handle(request: TypeCheckRequest): Promise<TypeCheckReply> {
  const check = checkFor(request)
  try {
    const report = await check.check()
    if (report.reused) scheduleWarm(check)
    return { id: request.id, type: 'report', report }
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
    return { id: request.id, type: 'crashed', stack: message }
  }
}

function scheduleWarm(check: DefinitionTypeCheck): void {
  clearTimeout(warmTimer)
  warmTimer = setTimeout(() => {
    queue = queue.then(() => check.warm()).catch(() => {})
  }, WARM_AFTER_MS)
  // Warming up is for a session that goes on; it never keeps a finished command alive.
  warmTimer.unref()
}

port.on('message', (request: TypeCheckRequest) => {
  clearTimeout(warmTimer)
  const reply = queue.then(() => handle(request))
  queue = reply.catch(() => {})
  void reply.then((message) => port.postMessage(message satisfies TypeCheckReply))
})
