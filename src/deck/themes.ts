/**
 * Theme CSS files for the Marp engine: every `*.css` in the themes folder, as marp-cli's
 * `--theme-set` registers them for the build. The dev server uses this to register the
 * same themes with its own engine instance.
 */
import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { Marp } from '@marp-team/marp-core'
import { StackdeckError } from '../errors.ts'
import { listDir } from '../util/list-dir.ts'

export interface ThemeFile {
  readonly file: string
  readonly css: string
}

export async function readThemes(dir: string): Promise<ThemeFile[]> {
  const entries = await listDir(dir)
  const files = entries.filter((e) => e.endsWith('.css')).sort()
  return Promise.all(
    files.map(async (e) => ({ file: join(dir, e), css: await readFile(join(dir, e), 'utf8') })),
  )
}

export function registerThemes(marp: Marp, themes: readonly ThemeFile[], root: string): void {
  for (const theme of themes) {
    try {
      marp.themeSet.add(theme.css)
    } catch (error) {
      throw new StackdeckError('THEME', `the theme cannot be used: ${(error as Error).message}`, {
        file: relative(root, theme.file),
      })
    }
  }
}
