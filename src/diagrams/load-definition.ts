/**
 * Imports a definition module. tsx (esbuild underneath) compiles TypeScript on the fly;
 * each `tsImport` call gets a namespace of its own, so an edited file and everything it
 * imports are loaded fresh instead of from Node's module cache.
 */
import { dirname, isAbsolute, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { tsImport } from 'tsx/esm/api'
import { StackdeckError } from '../errors.ts'
import { describeThrown } from '../model/plain-value.ts'
import { describeImportCycle } from './import-cycle.ts'

export interface LoadedDefinition {
  /** The module's default export, unvalidated. */
  readonly value: unknown
  /** Absolute paths of the local files the definition imported (itself included). */
  readonly dependencies: readonly string[]
}

export async function loadDefinition(file: string, displayName: string): Promise<LoadedDefinition> {
  const dependencies = new Set<string>([file])
  const value = await importDefinition(file, displayName, dependencies)
  return { value, dependencies: [...dependencies] }
}

/**
 * Imports `file` and returns its default export; adds every local file it imports to
 * `dependencies` as it goes, so they are known even when loading fails (the dev watcher
 * then re-renders the diagram when the broken helper is fixed).
 */
export async function importDefinition(
  file: string,
  displayName: string,
  dependencies: Set<string>,
  onImport?: (file: string) => void,
): Promise<unknown> {
  let module: unknown
  try {
    module = await tsImport(pathToFileURL(file).href, {
      parentURL: import.meta.url,
      onImport: (url: string) => {
        if (!url.startsWith('file:') || url.includes('/node_modules/')) return
        const imported = fileURLToPath(url.split('?')[0]!)
        if (dependencies.has(imported)) return
        dependencies.add(imported)
        onImport?.(imported)
      },
    })
  } catch (error) {
    throw await loadError(error, displayName, file, [...dependencies])
  }
  let value = (module as { default?: unknown }).default
  // In a package without "type": "module", tsx compiles the file as CommonJS and the
  // ES default export arrives one level down, as `default.default`.
  if (isWrappedDefault(value)) value = value.default
  if (value === undefined) {
    throw new StackdeckError(
      'DEFINITION_LOAD',
      'has no default export; end the file with `export default defineStack({...})`',
      { file: displayName },
    )
  }
  return value
}

/** Turns a compile or run-time failure into one line that points at the file and line. */
async function loadError(
  error: unknown,
  file: string,
  absolute: string,
  dependencies: readonly string[],
): Promise<StackdeckError> {
  if (!(error instanceof Error)) {
    return new StackdeckError('DEFINITION_LOAD', `threw ${describeThrown(error)}`, { file })
  }
  const message = error.message
  // esbuild: "/abs/file.ts:3:10: ERROR: Expected ..." (the file may be an imported helper)
  const esbuild = /^(.*?):(\d+):(\d+): ERROR: (.+)$/m.exec(message)
  if (esbuild) {
    // Shown relative to the project like the definition's own name (`file`).
    const where =
      esbuild[1] && isAbsolute(esbuild[1]) && esbuild[1] !== absolute
        ? join(dirname(file), relative(dirname(absolute), esbuild[1]))
        : file
    return new StackdeckError(
      'DEFINITION_LOAD',
      `syntax error: ${esbuild[4]}`,
      { file: where, line: Number(esbuild[2]) },
      { cause: error },
    )
  }
  const cycle = await describeImportCycle(error, absolute, dependencies)
  if (cycle) {
    return new StackdeckError(
      'DEFINITION_LOAD',
      `circular import ${cycle.cycle}: ${cycle.reader} reads '${cycle.binding}' before the module that defines it has run; move what these files share into a helper that imports none of them`,
      { file },
      { cause: error },
    )
  }
  const first = message.split('\n')[0] ?? message
  return new StackdeckError(
    'DEFINITION_LOAD',
    `failed to load: ${first}`,
    { file },
    { cause: error },
  )
}

function isWrappedDefault(value: unknown): value is { default: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'default' in value &&
    !('layers' in value) &&
    !('panels' in value)
  )
}
