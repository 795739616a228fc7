/**
 * The type-check worker: keeps one DefinitionTypeCheck per definitions folder for as long
 * as the thread lives (the dev server's whole session) and answers one request at a time:
 * a check, or a warm-up (load the compiler, build the program) so that the first edit after
 * an answer from the cache is checked as quickly as the ones after it.
 */
import { parentPort } from 'node:worker_threads'
import { DefinitionTypeCheck, saveCompilerCodeCache } from './type-check.ts'
import type { TypeCheckReply, TypeCheckRequest } from './type-check-thread.ts'

const port = parentPort!
const checks = new Map<string, DefinitionTypeCheck>()
let queue: Promise<unknown> = Promise.resolve()

type FolderRequest = Extract<TypeCheckRequest, { type: 'check' | 'warm' }>

function checkFor(request: FolderRequest): DefinitionTypeCheck {
  const key = `${request.root}\0${request.dir}`
  let check = checks.get(key)
  if (!check) {
    check = new DefinitionTypeCheck(request.root, request.dir)
    checks.set(key, check)
  }
  return check
}

const done = (id: number): TypeCheckReply => ({
  id,
  type: 'report',
  report: { problems: [], reused: false, ms: 0 },
})

async function handle(check: DefinitionTypeCheck, request: FolderRequest): Promise<TypeCheckReply> {
  try {
    if (request.type === 'warm') {
      await check.warm()
      return done(request.id)
    }
    return { id: request.id, type: 'report', report: await check.check() }
  } catch (error) {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error)
    return { id: request.id, type: 'crashed', stack }
  }
}

port.on('message', (request: TypeCheckRequest) => {
  if (request.type === 'flush') {
    // Queued behind every answer and the writing that follows it.
    queue = queue.then(() => port.postMessage(done(request.id) satisfies TypeCheckReply))
    return
  }
  const check = checkFor(request)
  const sent = queue
    .then(() => handle(check, request))
    .then((reply) => port.postMessage(reply satisfies TypeCheckReply))
  // What is kept on disk (the answer, the compiler's code cache) is written once the answer
  // is on its way, before the next request.
  queue = sent
    .then(() => check.save())
    .then(saveCompilerCodeCache)
    .catch(() => {})
})
