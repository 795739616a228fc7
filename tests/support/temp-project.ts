/**
 * Throwaway projects in the OS temp folder: a theme, a definitions folder and nothing else,
 * the way a user's deck repository looks. Definitions import the API by file URL (see
 * API_URL); the package.json says `"type": "module"` (see the load-definition tests for
 * why that matters).
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { API_URL, THEME_FILE } from './paths.ts'

export interface TempProject {
  readonly root: string
  readonly diagramsDir: string
  /** Default output folder, `assets/diagrams`. */
  readonly outDir: string
  /** Writes `slides/diagrams/<file>`. */
  write(file: string, source: string): Promise<void>
  remove(file: string): Promise<void>
  /** Sorted file names in the output folder (none when it does not exist). */
  outputs(): Promise<string[]>
  read(outputFile: string): Promise<string>
  cleanup(): Promise<void>
}

export async function createTempProject(
  definitions: Record<string, string> = {},
  options: { packageType?: 'module' | 'commonjs' } = {},
): Promise<TempProject> {
  const root = await mkdtemp(join(tmpdir(), 'stackdeck-project-'))
  const diagramsDir = join(root, 'slides', 'diagrams')
  const outDir = join(root, 'assets', 'diagrams')
  await mkdir(diagramsDir, { recursive: true })
  await mkdir(join(root, 'themes'))
  await copyFile(THEME_FILE, join(root, 'themes', 'stackdeck.css'))
  await writeFile(
    join(root, 'package.json'),
    JSON.stringify({ name: 'deck', private: true, type: options.packageType ?? 'module' }),
  )
  const project: TempProject = {
    root,
    diagramsDir,
    outDir,
    write: (file, source) => writeFile(join(diagramsDir, file), source),
    remove: (file) => rm(join(diagramsDir, file)),
    outputs: async () => (await readdir(outDir).catch(() => [] as string[])).sort(),
    read: (file) => readFile(join(outDir, file), 'utf8'),
    cleanup: () => rm(root, { recursive: true, force: true }),
  }
  for (const [file, source] of Object.entries(definitions)) await project.write(file, source)
  return project
}

/** Source of a definition file: `export default defineStack(<body>)`. */
export function stackSource(body: string): string {
  return `import { defineStack } from '${API_URL}'\n\nexport default defineStack(${body})\n`
}

/** A small valid stack; `extra` is spliced into the object literal. */
export function goodStack(title: string, extra = ''): string {
  return stackSource(`{
  title: '${title}',
  layers: [
    { id: 'app', label: 'アプリ', tone: 'app' },
    { id: 'os', label: 'OS', tone: 'os' },
  ],${extra}
}`)
}
