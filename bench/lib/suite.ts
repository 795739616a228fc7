import type { SuiteReport } from './report.ts'

export interface SuiteContext {
  /** BENCH_QUICK=1: few iterations, for trying the bench out; not figures to cite. */
  readonly quick: boolean
  /** Progress for the terminal (stderr). */
  readonly log: (message: string) => void
}

export interface Suite {
  readonly name: string
  /** One line for `npm run bench -- --help`. */
  readonly summary: string
  run(context: SuiteContext): Promise<SuiteReport>
}

/** Full or quick count: `counts(ctx, 30, 5)`. */
export const pick = (context: SuiteContext, full: number, quick: number): number =>
  context.quick ? quick : full
