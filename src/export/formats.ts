/** The export formats and what each asks of marp-cli. */
import { availableParallelism } from 'node:os'

export const FORMATS = ['html', 'pdf', 'pptx'] as const
export type Format = (typeof FORMATS)[number]

export interface FormatSpec {
  readonly extension: string
  /** marp-cli flags selecting the format. */
  readonly flags: readonly string[]
  /** PDF and PPTX are printed by Chromium; HTML is not. */
  readonly needsBrowser: boolean
}

export const FORMAT_SPECS: Readonly<Record<Format, FormatSpec>> = {
  html: { extension: 'html', flags: [], needsBrowser: false },
  // Bookmarks from the headings (not one per page): marp-cli's outline option.
  pdf: {
    extension: 'pdf',
    flags: ['--pdf', '--pdf-outlines', '--pdf-outlines.pages=false'],
    needsBrowser: true,
  },
  pptx: { extension: 'pptx', flags: ['--pptx'], needsBrowser: true },
}

/**
 * Decks marp-cli converts at once for `format` (its `--parallel`): the core count, but
 * PPTX one at a time: marp-cli's slide screenshots of several pages at once stall until
 * they time out (seen on 2 cores, without --allow-local-files and, under load, with it).
 */
export function decksAtOnce(format: Format): number {
  return format === 'pptx' ? 1 : Math.max(2, availableParallelism())
}

/**
 * The PPTX a build writes: `editable` (text boxes, native tables and diagram shapes,
 * written from the deck check's page: src/export/pptx/) or `image` (marp-cli's, one
 * screenshot per slide). Editable is the default: it is a tenth of the size, about six
 * times faster (no screenshots), and a teammate can fix a typo in it.
 */
export const PPTX_MODES = ['editable', 'image'] as const
export type PptxMode = (typeof PPTX_MODES)[number]
export const DEFAULT_PPTX_MODE: PptxMode = 'editable'

export function isPptxMode(value: unknown): value is PptxMode {
  return (PPTX_MODES as readonly unknown[]).includes(value)
}

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value)
}
