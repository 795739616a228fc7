/**
 * Names the circular import behind a "Cannot access 'x' before initialization" error.
 * ES modules allow cycles, so a cycle between helpers only shows when one module reads a
 * binding of another that has not run yet; the error then names neither. The import graph
 * comes from esbuild, the compiler tsx runs the definitions with, so it resolves imports
 * (extensionless paths, `.js` for `.ts`, elided type-only imports) exactly as the loading
 * did. Used on that error path only.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'esbuild'

/** Only relative and absolute paths are followed: packages cannot be part of a helper cycle. */
const localOnly: Plugin = {
  name: 'stackdeck-local-only',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.path.startsWith('.') || isAbsolute(args.path) ? undefined : { external: true },
    )
  },
}

/** Static imports between the local files reachable from `entry`, absolute paths both sides. */
export async function localImportGraph(entry: string): Promise<Map<string, string[]>> {
  const cwd = dirname(entry)
  // Loaded on this error path only, so the loading worker starts without it.
  const { build } = await import('esbuild')
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: cwd,
    bundle: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    platform: 'node',
    format: 'esm',
    plugins: [localOnly],
  })
  const graph = new Map<string, string[]>()
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    graph.set(
      resolve(cwd, file),
      input.imports
        .filter((i) => i.kind === 'import-statement' && !i.external)
        .map((i) => resolve(cwd, i.path)),
    )
  }
  return graph
}

/**
 * The shortest cycle through `file`, as a list of files that starts and ends with the same
 * one, rotated to start at the file nearest to `entry` (the one entered first, whose
 * binding was read too early). Undefined when `file` is in no cycle.
 */
export function cycleThrough(
  graph: ReadonlyMap<string, readonly string[]>,
  file: string,
  entry: string,
): string[] | undefined {
  const previous = new Map<string, string>()
  const queue = [file]
  let found = false
  while (queue.length > 0 && !found) {
    const at = queue.shift()!
    for (const next of graph.get(at) ?? []) {
      if (next === file) {
        previous.set(file, at)
        found = true
        break
      }
      if (previous.has(next)) continue
      previous.set(next, at)
      queue.push(next)
    }
  }
  if (!found) return undefined
  const ring: string[] = []
  for (let at = previous.get(file)!; at !== file; at = previous.get(at)!) ring.unshift(at)
  ring.unshift(file)
  const distance = distancesFrom(graph, entry)
  const first = ring.reduce(
    (best, f, i) =>
      (distance.get(f) ?? Infinity) < (distance.get(ring[best]!) ?? Infinity) ? i : best,
    0,
  )
  const rotated = [...ring.slice(first), ...ring.slice(0, first)]
  return [...rotated, rotated[0]!]
}

function distancesFrom(
  graph: ReadonlyMap<string, readonly string[]>,
  entry: string,
): Map<string, number> {
  const distance = new Map([[entry, 0]])
  const queue = [entry]
  while (queue.length > 0) {
    const at = queue.shift()!
    for (const next of graph.get(at) ?? []) {
      if (distance.has(next)) continue
      distance.set(next, distance.get(at)! + 1)
      queue.push(next)
    }
  }
  return distance
}

/**
 * The local file an error was thrown in: the first stack frame whose file is one of
 * `files`. Frames show plain paths (tsx maps them back through source maps) or, without
 * a source map, file URLs with tsx's `?tsx-namespace=…` query.
 */
export function thrownIn(error: Error, files: readonly string[]): string | undefined {
  for (const line of (error.stack ?? '').split('\n')) {
    const location = /^\s*at (?:.*? \()?(.+?):\d+:\d+\)?$/.exec(line)?.[1]
    if (location === undefined) continue
    const path = location.replace(/[?#].*$/, '')
    const file = path.startsWith('file:') ? fileURLToPath(path) : path
    if (files.includes(file)) return file
  }
  return undefined
}

/**
 * For a "Cannot access 'x' before initialization" error in a definition's import graph:
 * `_a.ts → _b.ts → _a.ts` (paths relative to the definition's folder) and the name read
 * too early. Undefined when the error is another one or no cycle explains it.
 */
export async function describeImportCycle(
  error: unknown,
  entry: string,
  files: readonly string[],
): Promise<
  { readonly cycle: string; readonly binding: string; readonly reader: string } | undefined
> {
  if (!(error instanceof ReferenceError)) return undefined
  const binding = /^Cannot access '([^']+)' before initialization/.exec(error.message)?.[1]
  if (binding === undefined) return undefined
  const reader = thrownIn(error, files)
  if (reader === undefined) return undefined
  const graph = await localImportGraph(entry).catch(() => undefined)
  const cycle = graph && cycleThrough(graph, reader, entry)
  if (!cycle) return undefined
  const show = (file: string) => relative(dirname(entry), file)
  return { cycle: cycle.map(show).join(' → '), binding, reader: show(reader) }
}
