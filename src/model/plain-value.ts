/**
 * A plain copy of a definition's default export, every field read exactly once, here.
 * Definitions are meant to be plain data, but a file can hold a getter or a Proxy that
 * throws, or an object that contains itself: each becomes an error on its own field
 * instead of an exception deep inside validation (which used to read as "internal error").
 */
import { inspect } from 'node:util'
import { StackdeckError, formatPath } from '../errors.ts'

type Path = readonly PropertyKey[]

/** Far deeper than any diagram nests (validation allows a handful of levels). */
const MAX_DEPTH = 64
/** Far more entries than any list of a diagram holds (validation allows a few dozen). */
const MAX_ENTRIES = 10_000

function invalid(path: Path, detail: string): StackdeckError {
  return new StackdeckError('INVALID_DEFINITION', detail, { field: formatPath(path) || undefined })
}

/** A thrown value as one short line: an Error's message, anything else as JSON or inspected. */
export function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${firstLine(error.message)}`
  } catch {
    // An Error whose name or message getter throws: shown like any other value.
  }
  return `a non-Error value: ${showValue(error)}`
}

/** Any value as short text: JSON where it has a JSON form, else as Node inspects it. */
export function showValue(value: unknown): string {
  const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 199)}…` : s)
  try {
    const json = JSON.stringify(value)
    if (json !== undefined) return clip(json)
  } catch {
    // bigint, a cycle, a throwing toJSON: inspect below.
  }
  try {
    return clip(inspect(value, { depth: 2, breakLength: Infinity, getters: false }))
  } catch {
    return 'a value that cannot be shown'
  }
}

function firstLine(text: unknown): string {
  return String(text).split('\n')[0] ?? ''
}

/**
 * Copies `value`: arrays and objects field by field (own enumerable string keys), other
 * values as they are. Throws a StackdeckError naming the field whose reading threw, that
 * contains itself, or that nests or holds absurdly much.
 */
export function toPlainValue(value: unknown): unknown {
  return copy(value, [], new Set())
}

function copy(value: unknown, path: Path, ancestors: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (ancestors.has(value)) {
    throw invalid(
      path,
      'contains itself (a circular reference); a definition must be a tree of plain values',
    )
  }
  if (path.length > MAX_DEPTH) {
    throw invalid(path, `is nested more than ${MAX_DEPTH} levels deep; flatten the diagram`)
  }
  ancestors.add(value)
  try {
    if (read(() => Array.isArray(value), path)) {
      const list = value as readonly unknown[]
      const length = read(() => list.length, path)
      checkSize(length, path)
      return Array.from({ length }, (_, i) =>
        copy(
          read(() => list[i], [...path, i]),
          [...path, i],
          ancestors,
        ),
      )
    }
    const record = value as Record<string, unknown>
    const keys = read(() => Object.keys(record), path)
    checkSize(keys.length, path)
    const out: Record<string, unknown> = {}
    for (const key of keys) {
      out[key] = copy(
        read(() => record[key], [...path, key]),
        [...path, key],
        ancestors,
      )
    }
    return out
  } finally {
    ancestors.delete(value)
  }
}

function checkSize(entries: number, path: Path): void {
  if (entries > MAX_ENTRIES) {
    throw invalid(path, `holds ${entries} entries; a diagram holds a few dozen at most`)
  }
}

function read<T>(get: () => T, path: Path): T {
  try {
    return get()
  } catch (error) {
    throw invalid(
      path,
      `${path.length > 0 ? 'reading this field' : 'reading the default export'} threw ${describeThrown(error)} (a getter or Proxy?); a definition must hold plain values: compute them first and write them in`,
    )
  }
}
