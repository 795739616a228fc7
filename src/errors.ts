/**
 * The one error type users see. Everything a user can cause (a bad definition, a missing
 * image, a port in use) is a StackdeckError naming the file and, where there is one, the
 * field path. The CLI prints these without a stack trace; any other exception is a bug
 * and is shown with its stack.
 */

export type ErrorCode =
  | 'INVALID_DEFINITION'
  | 'DEFINITION_LOAD'
  /** A definition does not compile (`tsc` would say the same). */
  | 'TYPE'
  | 'LAYOUT'
  | 'THEME'
  | 'USAGE'
  | 'IO'
  | 'DECK'
  | 'EXPORT'
  | 'BROWSER'

export interface ErrorLocation {
  /** File the problem is in, relative to the project root where possible. */
  file?: string
  /** Field path inside the definition, e.g. `layers[2].columns[1].label`. */
  field?: string
  /** 1-based line, when known (syntax errors, slides). */
  line?: number
  /** 1-based column on that line, when known (type errors). */
  column?: number
}

export class StackdeckError extends Error {
  override readonly name = 'StackdeckError'
  readonly code: ErrorCode
  readonly file: string | undefined
  readonly field: string | undefined
  readonly line: number | undefined
  readonly column: number | undefined
  /** The message without location, e.g. for overlays that show the location apart. */
  readonly detail: string

  constructor(code: ErrorCode, detail: string, where: ErrorLocation = {}, options?: ErrorOptions) {
    super(formatMessage(detail, where), options)
    this.code = code
    this.detail = detail
    this.file = where.file
    this.field = where.field
    this.line = where.line
    this.column = where.column
  }

  /**
   * The same error located in `file` (definitions are validated before their file is
   * known). An error that already names a file (a helper module's syntax error) keeps it.
   */
  inFile(file: string): StackdeckError {
    if (this.file !== undefined) return this
    return new StackdeckError(
      this.code,
      this.detail,
      { file, field: this.field, line: this.line, column: this.column },
      { cause: this.cause },
    )
  }
}

function formatMessage(detail: string, where: ErrorLocation): string {
  const place = [
    where.file && [where.file, where.line, where.line && where.column].filter(Boolean).join(':'),
    where.field,
  ]
    .filter(Boolean)
    .join(' ')
  return place ? `${place}: ${detail}` : detail
}

/** Throws a StackdeckError; typed `never` so control flow narrows after it. */
export function fail(code: ErrorCode, detail: string, where?: ErrorLocation): never {
  throw new StackdeckError(code, detail, where)
}

export function isStackdeckError(error: unknown): error is StackdeckError {
  return error instanceof StackdeckError
}

/** Formats a field path the way users write it: `layers[2].columns[1].label`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out ? `.${String(key)}` : String(key)
  }
  return out
}
