/**
 * The dev page's script: src/dev/client/live-reload.ts bundled by esbuild (the compiler
 * tsx runs on, already installed) the first time a server starts, and kept in memory.
 * Built at run time rather than shipped as a build output, so a clean clone runs with
 * no build step and the script is always the source's.
 */
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ENTRY = fileURLToPath(new URL('./client/live-reload.ts', import.meta.url))

let bundled: Promise<string> | undefined

/** The client as one script for an inline `<script>` element. */
export function clientScript(): Promise<string> {
  bundled ??= bundle().catch((error: unknown) => {
    bundled = undefined // a later server start tries again
    throw error
  })
  return bundled
}

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]!.text
  // Inline in the page: `</script` inside a string would end the element early.
  return code.replace(/<\/script/gi, '<\\/script')
}
