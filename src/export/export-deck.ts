/**
 * Exports one deck to one format through marp-cli's API, with stackdeck's marp.config.ts
 * (engine, theme folder). marp-cli writes to a temporary file beside the target, which
 * is renamed over it only when marp-cli succeeded: a failed or killed export leaves the
 * previous file as it was.
 */
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, relative } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { marpCli } from '@marp-team/marp-cli'
import type { Browser } from '../browser/find-browser.ts'
import type { ResolvedConfig } from '../config.ts'
import { withDeckContext } from '../deck/marp-cli-engine.ts'
import type { ThemeFile } from '../deck/themes.ts'
import type { DeckFile } from '../deck/discover-decks.ts'
import { StackdeckError } from '../errors.ts'
import { releaseTemp, tempPathFor } from '../util/temp-files.ts'
import { FORMAT_SPECS, type Format } from './formats.ts'

export interface ExportOptions {
  readonly browser?: Browser | undefined
  /** Add speaker notes to the PDF as annotations. */
  readonly pdfNotes?: boolean
  /** The project's themes (read once per build); the engine registers them portable. */
  readonly themes: readonly ThemeFile[]
}

export function outputPath(config: ResolvedConfig, deck: DeckFile, format: Format): string {
  return join(config.outDir, `${deck.name}.${FORMAT_SPECS[format].extension}`)
}

export async function exportDeck(
  config: ResolvedConfig,
  deck: DeckFile,
  format: Format,
  options: ExportOptions,
): Promise<string> {
  const spec = FORMAT_SPECS[format]
  const target = outputPath(config, deck, format)
  await mkdir(dirname(target), { recursive: true })
  // marp-cli picks nothing from the name, but viewers opening a stray temp see its type.
  const temp = tempPathFor(join(dirname(target), basename(deck.name)), `.${spec.extension}`)
  const argv = [
    deck.file,
    '--config-file',
    config.marpConfig,
    '--no-stdin',
    ...spec.flags,
    ...(format === 'pdf' && options.pdfNotes ? ['--pdf-notes'] : []),
    ...(spec.needsBrowser && options.browser
      ? ['--browser-path', options.browser.executablePath, '--browser-timeout', '180']
      : []),
    '--output',
    temp,
  ]
  try {
    const file = relative(config.root, deck.file)
    const { result: code, lines } = await captureConsole(() =>
      withDeckContext(
        deck.file,
        {
          root: config.root,
          allowedFolders: config.assetFolders,
          baseDir: dirname(deck.file),
          themes: options.themes,
          shareAssets: true,
        },
        () => marpCli(argv),
      ).catch((error: unknown) => error),
    )
    if (code instanceof Error || code !== 0) {
      const said = lines
        .filter((l) => /\[ *(ERROR|WARN) *\]/.test(l))
        .map((l) => l.replace(/^\[ *\w+ *\]\s*/, ''))
      const reason =
        code instanceof Error ? code.message : said.join(' ') || `exit code ${String(code)}`
      throw new StackdeckError(
        'EXPORT',
        `marp-cli failed to export ${format}: ${reason.replace(/\s+/g, ' ')}`,
        { file },
      )
    }
    const written = await stat(temp).catch(() => undefined)
    if (!written || written.size === 0) {
      throw new StackdeckError('EXPORT', `marp-cli reported success but wrote no ${format}`, {
        file,
      })
    }
    await rename(temp, target)
    return target
  } finally {
    await rm(temp, { force: true })
    releaseTemp(temp)
  }
}

/**
 * marp-cli logs progress (`[  INFO ] Converting 1 markdown...`) with console.warn and
 * offers no switch to silence it. stackdeck prints its own progress line per output, so
 * marp-cli's lines are captured here and only its errors reach the user, in the
 * StackdeckError. Exports of one deck run concurrently, so the console is patched while
 * any export runs and every running export sees every line (marp-cli prefixes its lines
 * with the file and format, and only error lines are kept).
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
