/**
 * Imports a definition module. tsx (esbuild underneath) compiles TypeScript on the fly;
 * each `tsImport` call gets a namespace of its own, so an edited file and everything it
 * imports are loaded fresh instead of from Node's module cache.
 */
import { fileURLToPath, pathToFileURL } from 'node:url'
import { tsImport } from 'tsx/esm/api'
import { StackdeckError } from '../errors.ts'

export interface LoadedDefinition {
  /** The module's default export, unvalidated. */
  readonly value: unknown
  /** Absolute paths of the local files the definition imported (itself included). */
  readonly dependencies: readonly string[]
}

export async function loadDefinition(file: string, displayName: string): Promise<LoadedDefinition> {
  const dependencies = new Set<string>([file])
  let module: unknown
  try {
    module = await tsImport(pathToFileURL(file).href, {
      parentURL: import.meta.url,
      onImport: (url: string) => {
        if (url.startsWith('file:') && !url.includes('/node_modules/'))
          dependencies.add(fileURLToPath(url.split('?')[0]!))
      },
    })
  } catch (error) {
    throw loadError(error, displayName)
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
  return { value, dependencies: [...dependencies] }
}

/** Turns a compile or run-time failure into one line that points at the file and line. */
function loadError(error: unknown, file: string): StackdeckError {
  const message = error instanceof Error ? error.message : String(error)
  // esbuild: "/abs/file.ts:3:10: ERROR: Expected ..."
  const esbuild = /:(\d+):(\d+): ERROR: (.+)/.exec(message)
  if (esbuild) {
    return new StackdeckError(
      'DEFINITION_LOAD',
      `syntax error: ${esbuild[3]}`,
      { file, line: Number(esbuild[1]) },
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
