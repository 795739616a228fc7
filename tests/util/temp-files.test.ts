import { tmpdir } from 'node:os'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { systemTempDir, withRunTempDir } from '../../src/util/temp-files.ts'

/** What a worker thread started now reports as its system temp folder. */
function systemTempDirInWorker(): Promise<string> {
  const source = `const { parentPort } = require('node:worker_threads');
    parentPort.postMessage(process.env.STACKDECK_SYSTEM_TMPDIR ?? require('node:os').tmpdir())`
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true })
    worker.once('message', (message: string) => {
      resolve(message)
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}

describe('systemTempDir', () => {
  it("is the system's folder inside a run, also in worker threads (caches outlive the run)", async () => {
    const system = tmpdir()
    await withRunTempDir(async () => {
      // The run's own folder is what os.tmpdir() says now; it is removed when the run ends.
      expect(tmpdir()).not.toBe(system)
      expect(tmpdir()).toContain('stackdeck-run-')
      expect(systemTempDir()).toBe(system)
      expect(await systemTempDirInWorker()).toBe(system)
    })
    expect(systemTempDir()).toBe(system)
    expect(process.env.STACKDECK_SYSTEM_TMPDIR).toBeUndefined()
  })
})
