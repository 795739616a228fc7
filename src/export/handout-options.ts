/**
 * What a user chooses about the handout (`--handout`, `--handout-paper`, or the same keys
 * under `"stackdeck"` in package.json): the layout, or `none` for no handout, and the paper.
 */
import { fail, type ErrorLocation } from '../errors.ts'

/**
 * `notes`: one slide per page with its speaker notes below (long notes continue on the
 * next page); `2up` and `4up`: two or four slides per page with ruled lines to write on.
 */
export const HANDOUT_LAYOUTS = ['notes', '2up', '4up'] as const
export type HandoutLayout = (typeof HANDOUT_LAYOUTS)[number]

/** Portrait paper sizes in PDF points (1/72 in). */
export const PAPERS = {
  a4: { width: 595.28, height: 841.89 },
  letter: { width: 612, height: 792 },
} as const
export type Paper = keyof typeof PAPERS

export interface HandoutOptions {
  /** Off with `none`. */
  readonly layout: HandoutLayout | 'none'
  readonly paper: Paper
}

/**
 * On by default: the handout is composed from the PDF the build prints anyway, in a few
 * hundred milliseconds (bench/RESULTS.md, `kit`), and a study session wants it printed.
 */
export const DEFAULT_HANDOUT: HandoutOptions = { layout: 'notes', paper: 'a4' }

/** `value` as a layout, or a usage error naming where it came from (`--handout`, package.json). */
export function handoutLayout(
  value: unknown,
  name: string,
  where: ErrorLocation = {},
): HandoutLayout | 'none' {
  if (value === 'none' || HANDOUT_LAYOUTS.includes(value as HandoutLayout)) {
    return value as HandoutLayout | 'none'
  }
  return fail(
    'USAGE',
    `${name} takes ${[...HANDOUT_LAYOUTS, 'none'].join(', ')}; got ${JSON.stringify(value)}`,
    where,
  )
}

export function handoutPaper(value: unknown, name: string, where: ErrorLocation = {}): Paper {
  if (typeof value === 'string' && Object.hasOwn(PAPERS, value)) return value as Paper
  return fail(
    'USAGE',
    `${name} takes ${Object.keys(PAPERS).join(', ')}; got ${JSON.stringify(value)}`,
    where,
  )
}
