/**
 * What users read in the terminal. Progress and results go to stderr so stdout stays
 * clean for piping; colours only on a TTY and never with NO_COLOR.
 */
import { isStackdeckError } from '../errors.ts'

const useColor = process.stderr.isTTY && !process.env.NO_COLOR
const paint = (code: number) => (s: string) => (useColor ? `\u001b[${code}m${s}\u001b[0m` : s)
export const color = {
  red: paint(31),
  green: paint(32),
  yellow: paint(33),
  dim: paint(2),
  bold: paint(1),
}

export interface Logger {
  info(message: string): void
  success(message: string): void
  warn(message: string): void
  error(message: string): void
}

// Straight to the stream, not through console: exports capture console output while
// marp-cli runs (see export-deck.ts), and progress lines must not be swallowed with it.
const write = (line: string) => void process.stderr.write(`${line}\n`)

export const logger: Logger = {
  info: (m) => write(m),
  success: (m) => write(`${color.green('✓')} ${m}`),
  warn: (m) => write(`${color.yellow('!')} ${m}`),
  error: (m) => write(`${color.red('✗')} ${m}`),
}

/** A StackdeckError prints as its one-line message; anything else is a bug: show the stack. */
export function reportError(error: unknown, log: Logger = logger): void {
  if (isStackdeckError(error)) log.error(error.message)
  else
    log.error(
      `internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    )
}

export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`
}

/** `1 slide`, `44 slides`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
