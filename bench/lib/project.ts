/**
 * Throw-away copies of the project for benchmarks that write files (builds, dev edits), so
 * the repo's slides, assets and dist are never touched. They live in the OS temp folder,
 * with `node_modules/stackdeck` linked to this checkout so that definitions' bare
 * `import … from 'stackdeck'` resolves as it does in the repo.
 */
import { rmSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const STACKDECK_BIN = join(REPO_ROOT, 'scripts', 'stackdeck.mjs')
export const MARP_BIN = join(REPO_ROOT, 'node_modules', '@marp-team', 'marp-cli', 'marp-cli.js')
export const DECK = 'virtualization'

/** Copies not yet disposed; removed on exit too, should a run be cut short. */
const live = new Set<string>()
process.on('exit', () => {
  for (const root of live) rmSync(root, { recursive: true, force: true })
})

export interface TempProject {
  readonly root: string
  path(...parts: string[]): string
  dispose(): Promise<void>
}

export interface ProjectOptions {
  /** Which definitions of slides/diagrams to copy (helpers starting with `_` always come). Default all. */
  readonly definitions?: (names: readonly string[]) => readonly string[]
  /** Copy the decks (slides/*.md). Default true. */
  readonly decks?: boolean
}

export async function createTempProject(
  label: string,
  options: ProjectOptions = {},
): Promise<TempProject> {
  const root = await mkdtemp(join(tmpdir(), `stackdeck-bench-${label}-`))
  live.add(root)
  const path = (...parts: string[]) => join(root, ...parts)
  await cp(join(REPO_ROOT, 'themes'), path('themes'), { recursive: true })
  await mkdir(path('slides', 'diagrams'), { recursive: true })
  await mkdir(path('assets', 'diagrams'), { recursive: true })
  if (options.decks ?? true) {
    for (const entry of await readdir(join(REPO_ROOT, 'slides'))) {
      if (entry.endsWith('.md')) await cp(join(REPO_ROOT, 'slides', entry), path('slides', entry))
    }
  }
  const sources = await readdir(join(REPO_ROOT, 'slides', 'diagrams'))
  const helpers = sources.filter((f) => f.startsWith('_'))
  const definitions = sources.filter((f) => !f.startsWith('_') && !f.startsWith('.')).sort()
  const chosen = options.definitions ? options.definitions(definitions) : definitions
  for (const file of [...helpers, ...chosen]) {
    await cp(join(REPO_ROOT, 'slides', 'diagrams', file), path('slides', 'diagrams', file))
  }
  // Without "type": "module", tsx loads the definitions as CommonJS and their default
  // export arrives wrapped one level deeper (see the report on load-definition.ts).
  await writeFile(path('package.json'), '{ "private": true, "type": "module" }\n')
  await mkdir(path('node_modules'))
  await symlink(REPO_ROOT, path('node_modules', 'stackdeck'), 'dir')
  return {
    root,
    path,
    dispose: async () => {
      await rm(root, { recursive: true, force: true })
      live.delete(root)
    },
  }
}
