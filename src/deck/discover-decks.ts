import { readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'

export interface DeckFile {
  /** Deck name: the file name without `.md`; outputs are `dist/<name>.<ext>`. */
  readonly name: string
  readonly file: string
}

/** Every `*.md` directly in `dir` is a deck; names starting with `_` or `.` are drafts/partials. */
export async function discoverDecks(dir: string): Promise<DeckFile[]> {
  let entries: string[]
  try {
    entries = await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return entries
    .filter(
      (e) =>
        e.endsWith('.md') &&
        !e.startsWith('_') &&
        !e.startsWith('.') &&
        e.toLowerCase() !== 'readme.md',
    )
    .sort()
    .map((e) => ({ name: basename(e, '.md'), file: join(dir, e) }))
}
