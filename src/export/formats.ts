/** The export formats and what each asks of marp-cli. */
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

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value)
}
