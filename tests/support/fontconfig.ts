/**
 * A machine with no Japanese fonts, simulated: Chromium (the one marp-cli prints PDFs with
 * and the one a test opens HTML in) is given a fontconfig file that lists one folder of
 * Latin-only fonts and nothing else. Used by tests/export/no-cjk-fonts.test.ts and tests/corpus/no-cjk-fonts.test.ts.
 */
import { readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as fontkit from 'fontkit'

export interface LatinFonts {
  readonly dir: string
  readonly families: ReadonlySet<string>
  /** PostScript names of the fonts in `dir`. */
  readonly postscriptNames: ReadonlySet<string>
}

/**
 * Folders that may hold Latin-only fonts: the one @sparticuz/chromium unpacks its fonts
 * to (when it is the browser in use), then common distribution folders.
 */
const CANDIDATES = [
  join(tmpdir(), 'fonts'),
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/truetype/liberation',
  '/usr/share/fonts/liberation',
  '/usr/share/fonts/TTF',
]

async function fontFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[])
  return entries.filter((e) => /\.(ttf|otf)$/i.test(e)).map((e) => join(dir, e))
}

/** The first candidate folder holding fonts, none of which has a single kana. */
export async function findLatinFonts(): Promise<LatinFonts | undefined> {
  for (const dir of CANDIDATES) {
    const files = await fontFiles(dir)
    if (files.length === 0) continue
    const fonts = files.map((f) => fontkit.openSync(f)).filter((f) => 'hasGlyphForCodePoint' in f)
    if (fonts.some((f) => f.hasGlyphForCodePoint(0x3042))) continue
    return {
      dir,
      families: new Set(fonts.map((f) => f.familyName)),
      postscriptNames: new Set(fonts.map((f) => f.postscriptName)),
    }
  }
  return undefined
}

/** Writes a fontconfig file listing only `fontDir`; returns its path. */
export async function writeLatinFontconfig(folder: string, fontDir: string): Promise<string> {
  const file = join(folder, 'fonts.conf')
  await writeFile(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${fontDir}</dir>\n  <cachedir>${join(folder, 'fontconfig-cache')}</cachedir>\n</fontconfig>\n`,
  )
  return file
}
