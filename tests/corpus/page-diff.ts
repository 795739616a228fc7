/**
 * Perceptual page comparison with pixelmatch: the share of pixels that differ beyond
 * pixelmatch's colour threshold (anti-aliasing is detected and not counted), and a
 * picture to look at: stackdeck's page, plain Marp's page and the difference side by side.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import pixelmatch from 'pixelmatch'
import { PNG } from 'pngjs'

export interface PageDiff {
  readonly deck: string
  readonly page: number
  /** Differing pixels, percent of the page. */
  readonly percent: number
}

export interface ComparedPage extends PageDiff {
  /** stackdeck | plain marp-cli | difference, one PNG, when pictures were asked for. */
  readonly picture?: Buffer
}

export function comparePages(
  deck: string,
  page: number,
  stackdeck: Uint8Array,
  plain: Uint8Array,
  withPicture: boolean,
): ComparedPage {
  const a = PNG.sync.read(Buffer.from(stackdeck))
  const b = PNG.sync.read(Buffer.from(plain))
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(
      `${deck} page ${page}: stackdeck's page is ${a.width}×${a.height}, plain Marp's ${b.width}×${b.height}`,
    )
  }
  const { width, height } = a
  const diff = withPicture ? new PNG({ width, height }) : undefined
  const differing = pixelmatch(a.data, b.data, diff?.data, width, height, { threshold: 0.1 })
  const percent = (100 * differing) / (width * height)
  if (!diff) return { deck, page, percent }
  const sheet = new PNG({ width: width * 3, height })
  ;[a, b, diff].forEach((image, i) => PNG.bitblt(image, sheet, 0, 0, width, height, i * width, 0))
  return { deck, page, percent, picture: PNG.sync.write(sheet) }
}

/** Writes each compared page's picture to `dir` as `<deck>-p<page>.png`. */
export async function writePictures(dir: string, pages: readonly ComparedPage[]): Promise<void> {
  await mkdir(dir, { recursive: true })
  for (const page of pages) {
    if (!page.picture) continue
    const name = `${page.deck.replace(/\.md$/, '').replace(/\//g, '_')}-p${page.page}.png`
    await writeFile(join(dir, name), page.picture)
  }
}

/** `deck | page | differing pixels` as an aligned text table, worst first within a deck. */
export function diffTable(pages: readonly PageDiff[]): string {
  const width = Math.max(4, ...pages.map((p) => p.deck.length))
  const lines = [`${'deck'.padEnd(width)}  page  differing`]
  for (const p of pages) {
    lines.push(
      `${p.deck.padEnd(width)}  ${String(p.page).padStart(4)}  ${p.percent.toFixed(2).padStart(8)} %`,
    )
  }
  return lines.join('\n')
}
