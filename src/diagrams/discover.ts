import { basename, extname, join } from 'node:path'
import { listDir } from '../util/list-dir.ts'

export const DEFINITION_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const

export interface DefinitionFile {
  /** Diagram name: the file name without extension. */
  readonly name: string
  readonly file: string
}

/**
 * Files that define diagrams: one per file, directly in `dir`. Names starting with `_` or
 * `.` are helper modules that definitions import (shared layers, palettes), not diagrams.
 */
export function isDefinitionFile(file: string): boolean {
  const base = basename(file)
  return (
    (DEFINITION_EXTENSIONS as readonly string[]).includes(extname(base)) &&
    !base.endsWith('.d.ts') &&
    !base.startsWith('_') &&
    !base.startsWith('.')
  )
}

export async function discoverDefinitions(dir: string): Promise<DefinitionFile[]> {
  const entries = await listDir(dir)
  return entries
    .filter(isDefinitionFile)
    .sort()
    .map((entry) => ({ name: basename(entry, extname(entry)), file: join(dir, entry) }))
}
