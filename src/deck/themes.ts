/**
 * Theme CSS files: every `*.css` in the themes folder. The engine registers them (made
 * portable against their own folder) for the build, the deck check and the dev view.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { listDir } from '../util/list-dir.ts'

export interface ThemeFile {
  readonly file: string
  readonly css: string
}

const isTheme = (entry: string) => entry.endsWith('.css') && !entry.startsWith('.')

export async function readThemes(dir: string): Promise<ThemeFile[]> {
  const files = (await listDir(dir)).filter(isTheme).sort()
  return Promise.all(
    files.map(async (e) => ({ file: join(dir, e), css: await readFile(join(dir, e), 'utf8') })),
  )
}

/** The same, synchronously, for marp-cli's engine factory (plain `npx marp`). */
export function readThemesSync(dir: string): ThemeFile[] {
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return []
  }
  return entries
    .filter(isTheme)
    .sort()
    .map((e) => ({ file: join(dir, e), css: readFileSync(join(dir, e), 'utf8') }))
}
