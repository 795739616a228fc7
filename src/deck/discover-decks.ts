import { basename, join } from 'node:path'
import { listDir } from '../util/list-dir.ts'

export interface DeckFile {
  /** Deck name: the file name without `.md`; outputs are `dist/<name>.<ext>`. */
  readonly name: string
  readonly file: string
}

/** Every `*.md` directly in `dir` is a deck; names starting with `_` or `.` are drafts/partials. */
export async function discoverDecks(dir: string): Promise<DeckFile[]> {
  const entries = await listDir(dir)
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
