/**
 * Which Markdown files are decks. Every `*.md` directly in `slides/` is one (as before),
 * and a file in a subfolder is one when its front matter says `marp: true`, the flag
 * Marp for VS Code uses: a team keeps `slides/infra/kubevirt/slide.md` beside notes that
 * are not slides. `README.md` is a deck only with `marp: true`. Names are paths without
 * `.md` (`infra/kubevirt/slide`), and exports mirror them (`dist/infra/kubevirt/slide.pdf`).
 */
import { readFile, readdir } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'

export interface DeckFile {
  /** Deck name: the path below slides/ without `.md`, with `/`; outputs are `dist/<name>.<ext>`. */
  readonly name: string
  readonly file: string
}

/** Front matter with `marp: true`: the file is meant as slides. */
export function hasMarpFlag(markdown: string): boolean {
  const frontMatter = /^(?:\uFEFF)?---\r?\n([\s\S]*?)\r?\n---/.exec(markdown)?.[1]
  return frontMatter !== undefined && /^\s*marp\s*:\s*true\s*$/m.test(frontMatter)
}

const skipped = (entry: string) =>
  entry.startsWith('.') || entry.startsWith('_') || entry === 'node_modules'

/**
 * Decks under `dir`, sorted by name. Names starting with `_` or `.` are drafts or
 * partials; folders in `exclude` (diagram definitions) are not searched.
 */
export async function discoverDecks(
  dir: string,
  exclude: readonly string[] = [],
): Promise<DeckFile[]> {
  const decks: DeckFile[] = []
  const excluded = new Set(exclude.map((e) => resolve(e)))
  const visit = async (folder: string, top: boolean): Promise<void> => {
    let entries
    try {
      entries = await readdir(folder, { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    for (const entry of entries) {
      if (skipped(entry.name)) continue
      const path = join(folder, entry.name)
      if (entry.isDirectory()) {
        if (!excluded.has(resolve(path))) await visit(path, false)
        continue
      }
      if (!entry.isFile() || !entry.name.toLowerCase().endsWith('.md')) continue
      const readme = entry.name.toLowerCase() === 'readme.md'
      if (!top || readme) {
        const markdown = await readFile(path, 'utf8').catch(() => '')
        if (!hasMarpFlag(markdown)) continue
      }
      const name = relative(dir, path).slice(0, -'.md'.length).split(sep).join('/')
      decks.push({ name, file: path })
    }
  }
  await visit(dir, true)
  return decks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
