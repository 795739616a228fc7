/**
 * What the deck check reports, and how it reads as the one located error users see. Kept
 * apart from check-deck.ts (which loads Marp) so the CLI can print problems without
 * loading Marp at start-up.
 */
import { StackdeckError } from '../errors.ts'

/** One thing the check found, located in the deck or in a theme. */
export interface DeckProblem {
  /** Errors stop the build; warnings do too with `--strict`. */
  readonly level: 'error' | 'warning'
  /** File relative to the project root: the deck, or the theme the problem is in. */
  readonly file: string
  readonly line?: number | undefined
  readonly slide?: number | undefined
  readonly message: string
}

/**
 * A problem as the one located error users see (`file:line: slide N: message`): what a
 * build stops with, what the dev overlay shows. `more` is appended to the message.
 */
export function problemError(problem: DeckProblem, more = ''): StackdeckError {
  return new StackdeckError(
    'DECK',
    `${problem.slide ? `slide ${problem.slide}: ` : ''}${problem.message}${more}`,
    { file: problem.file, line: problem.line },
  )
}
