/**
 * Exports decks to one format through marp-cli's API, with stackdeck's marp.config.ts
 * (its engine and Marp options). All decks of a build go through one marp-cli run per
 * format, as plain `marp --input-dir` does: one browser per format instead of one per
 * deck. marp-cli writes into a private work folder beside the outputs; each file is
 * renamed over its target only when marp-cli succeeded, so a failed or killed export
 * leaves the previous files as they were.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { marpCli } from '@marp-team/marp-cli'
import { marpCliEnv, type Browser } from '../browser/find-browser.ts'
import type { ResolvedConfig } from '../config.ts'
import { projectContext, withDeckContexts } from '../deck/marp-cli-engine.ts'
import type { ThemeFile } from '../deck/themes.ts'
import type { DeckFile } from '../deck/discover-decks.ts'
import { StackdeckError } from '../errors.ts'
import { releaseTemp, trackTemp } from '../util/temp-files.ts'
import { FORMAT_SPECS, decksAtOnce, type Format } from './formats.ts'

export interface ExportOptions {
  readonly browser?: Browser | undefined
  /** Add speaker notes to the PDF as annotations. */
  readonly pdfNotes?: boolean
  /** The project's themes (read once per build); the engine registers them portable. */
  readonly themes: readonly ThemeFile[]
  /**
   * Rename the files into place only if this resolves true (the build's check runs
   * meanwhile); false discards them. Default: at once.
   */
  readonly commit?: Promise<boolean>
}

export function outputPath(config: ResolvedConfig, deck: DeckFile, format: Format): string {
  return join(config.outDir, `${deck.name}.${FORMAT_SPECS[format].extension}`)
}

/** One deck (the dev server's exports). */
export async function exportDeck(
  config: ResolvedConfig,
  deck: DeckFile,
  format: Format,
  options: ExportOptions,
): Promise<string> {
  const [file] = (await exportDecks(config, [deck], format, { ...options, commit: undefined }))!
  return file!
}

/**
 * Every deck of `decks` to `format`; returns the files written, in the order of `decks`,
 * or undefined when `commit` said to discard them.
 */
export async function exportDecks(
  config: ResolvedConfig,
  decks: readonly DeckFile[],
  format: Format,
  options: ExportOptions,
): Promise<string[] | undefined> {
  const spec = FORMAT_SPECS[format]
  await mkdir(config.outDir, { recursive: true })
  // Dot-prefixed with the pid: watchers skip it, and the next run removes it if this one is killed.
  const work = join(
    config.outDir,
    `.stackdeck-export-${process.pid}-${randomBytes(4).toString('hex')}`,
  )
  trackTemp(work)
  const input = join(work, 'in')
  const output = join(work, 'out')
  try {
    // marp-cli names outputs after inputs: copies named like the decks (`infra/kubevirt/slide.md`).
    // The engine finds each deck by this very text, so it is read once and written as read.
    const contexts = await Promise.all(
      decks.map(async (deck) => {
        const markdown = await readFile(deck.file, 'utf8')
        const copy = join(input, `${deck.name}.md`)
        await mkdir(dirname(copy), { recursive: true })
        await writeFile(copy, markdown)
        return { markdown, baseDir: dirname(deck.file) }
      }),
    )
    const argv = [
      '--input-dir',
      input,
      '--config-file',
      config.marpConfig,
      '--no-stdin',
      '--parallel',
      String(decksAtOnce(format)),
      ...spec.flags,
      ...(format === 'pdf' && options.pdfNotes ? ['--pdf-notes'] : []),
      ...(spec.needsBrowser && options.browser
        ? ['--browser-path', options.browser.executablePath, '--browser-timeout', '180']
        : []),
      '--output',
      output,
    ]
    const where = decks.length === 1 ? { file: relative(config.root, decks[0]!.file) } : {}
    // marp-cli reads its browser switches from the environment when it launches one.
    if (spec.needsBrowser && options.browser)
      Object.assign(process.env, marpCliEnv(options.browser))
    const { result: code, lines } = await captureConsole(() =>
      withDeckContexts(projectContext(config, options.themes), contexts, () => marpCli(argv)).catch(
        (error: unknown) => error,
      ),
    )
    if (code instanceof Error || code !== 0) {
      const said = lines
        .filter((l) => /\[ *(ERROR|WARN) *\]/.test(l))
        .map((l) => l.replace(/^\[ *\w+ *\]\s*/, '').replaceAll(input + '/', 'slides/'))
      const reason =
        code instanceof Error ? code.message : said.join(' ') || `exit code ${String(code)}`
      throw new StackdeckError(
        'EXPORT',
        `marp-cli failed to export ${format}: ${reason.replace(/\s+/g, ' ')}`,
        where,
      )
    }
    const targets: string[] = []
    for (const deck of decks) {
      const written = join(output, `${deck.name}.${spec.extension}`)
      const info = await stat(written).catch(() => undefined)
      if (!info || info.size === 0) {
        throw new StackdeckError('EXPORT', `marp-cli reported success but wrote no ${format}`, {
          file: relative(config.root, deck.file),
        })
      }
      targets.push(outputPath(config, deck, format))
    }
    if (options.commit && !(await options.commit)) return undefined
    // Renamed only when every deck was written: the outputs of one run stay together.
    for (const [i, deck] of decks.entries()) {
      await mkdir(dirname(targets[i]!), { recursive: true })
      await rename(join(output, `${deck.name}.${spec.extension}`), targets[i]!)
    }
    return targets
  } finally {
    await rm(work, { recursive: true, force: true })
    releaseTemp(work)
  }
}

/**
 * marp-cli logs progress (`[  INFO ] Converting 1 markdown...`) with console.warn and
 * offers no switch to silence it. stackdeck prints its own progress line per output, so
 * marp-cli's lines are captured here and only its errors reach the user, in the
 * StackdeckError. The formats export concurrently, so the console is patched while any
 * export runs and every running export sees every line (marp-cli prefixes its lines with
 * the file and format, and only error lines are kept).
 */
const listeners = new Set<string[]>()
let original: Pick<Console, 'warn' | 'error' | 'log'> | undefined

async function captureConsole<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = []
  if (listeners.size === 0) {
    original = { warn: console.warn, error: console.error, log: console.log }
    const capture = (...args: unknown[]) => {
      const line = stripVTControlCharacters(args.map(String).join(' '))
      for (const listener of listeners) listener.push(line)
    }
    Object.assign(console, { warn: capture, error: capture, log: capture })
  }
  listeners.add(lines)
  try {
    return { result: await fn(), lines }
  } finally {
    listeners.delete(lines)
    if (listeners.size === 0 && original) Object.assign(console, original)
  }
}
