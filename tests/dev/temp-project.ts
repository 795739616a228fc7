/**
 * Throw-away stackdeck projects for the dev server tests. They live under `tests/.tmp/`
 * inside the repo because definitions import `from 'stackdeck'`, a package self-reference
 * that only resolves inside the package; the repo's own slides and themes are never touched.
 */
import { randomBytes } from 'node:crypto'
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { DevHandle } from '../../src/dev/run-dev.ts'
import { FIXTURES_DIR, REPO_ROOT } from '../support/paths.ts'

export const TMP_DIR = join(REPO_ROOT, 'tests', '.tmp')
const PROJECT_FIXTURE = join(FIXTURES_DIR, 'dev', 'project')

export interface TempProject {
  readonly root: string
  /** Absolute path of a project-relative path. */
  path(rel: string): string
  /** Writes in place, the way most editors save. */
  write(rel: string, text: string): Promise<void>
  /** Writes a temp file beside the target and renames it over, the way "safe write" editors save. */
  saveByRename(rel: string, text: string): Promise<void>
  remove(rel: string): Promise<void>
  dispose(): Promise<void>
}

/** A copy of `tests/fixtures/dev/project` (a 6-slide deck and one diagram) plus the real themes. */
export async function createTempProject(label: string): Promise<TempProject> {
  const root = join(TMP_DIR, `${label}-${process.pid}-${randomBytes(3).toString('hex')}`)
  await mkdir(root, { recursive: true })
  await cp(PROJECT_FIXTURE, root, { recursive: true })
  await cp(join(REPO_ROOT, 'themes'), join(root, 'themes'), { recursive: true })
  return projectAt(root)
}

/** Copies an existing project's sources (not its generated SVGs) into a new temp project. */
export async function copyProject(from: TempProject, label: string): Promise<TempProject> {
  const root = join(TMP_DIR, `${label}-${process.pid}-${randomBytes(3).toString('hex')}`)
  await mkdir(root, { recursive: true })
  await cp(join(from.root, 'slides'), join(root, 'slides'), { recursive: true })
  await cp(join(from.root, 'themes'), join(root, 'themes'), { recursive: true })
  return projectAt(root)
}

function projectAt(root: string): TempProject {
  const path = (rel: string) => join(root, rel)
  let saves = 0
  return {
    root,
    path,
    async write(rel, text) {
      await mkdir(dirname(path(rel)), { recursive: true })
      await writeFile(path(rel), text)
    },
    async saveByRename(rel, text) {
      const target = path(rel)
      // JetBrains' safe-write naming: not one of the temp-file patterns the watcher ignores.
      const temp = `${target}___jb_tmp___${(saves += 1)}`
      await writeFile(temp, text)
      await rename(temp, target)
    },
    async remove(rel) {
      await rm(path(rel), { force: true, recursive: true })
    },
    async dispose() {
      await rm(root, { recursive: true, force: true })
    },
  }
}

export interface DemoDefinition {
  readonly top?: string
  readonly runtime?: string
  /** Source spliced into the layers array after the three layers, e.g. a broken layer. */
  readonly extra?: string
}

/** Source of `slides/diagrams/<name>.ts`: three layers whose labels the tests choose. */
export function demoDefinition(options: DemoDefinition = {}): string {
  return `import { defineStack } from 'stackdeck'

export default defineStack({
  title: 'Demo stack',
  layers: [
    { label: ${JSON.stringify(options.top ?? 'Application')}, tone: 'app' },
    { label: ${JSON.stringify(options.runtime ?? 'Runtime')}, detail: 'Node.js', tone: 'runtime' },
    { label: 'Hardware', tone: 'hardware' },${options.extra ?? ''}
  ],
})
`
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `ms`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await sleep(50)
  }
}

/**
 * Waits until the watcher has reported every change made so far and the session has
 * handled them: `idle()` only covers batches already queued, so it is awaited until no new
 * batch arrives for a while (chokidar's rename handling holds events up to 100 ms).
 */
export async function settle(dev: DevHandle, quietMs = 400): Promise<void> {
  for (;;) {
    const queue = dev.idle()
    await queue
    await sleep(quietMs)
    if (dev.idle() === queue) return
  }
}
