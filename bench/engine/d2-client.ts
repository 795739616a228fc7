/**
 * d2.js helpers. Options that give D2 the font stackdeck embeds (Noto Sans JP). D2's own default,
 * Source Sans Pro, has no Japanese glyphs: its SVGs show the labels as missing-glyph boxes
 * wherever no Japanese system font steps in, so only this configuration produces an
 * equivalent, self-contained picture.
 *
 * The typings say Uint8Array, but d2.js passes options to its worker through
 * JSON.stringify and the Go side decodes []byte from base64: a Uint8Array arrives as an
 * object and fails with "invalid JSON input"; a base64 string works.
 */
import { readFileSync } from 'node:fs'
import type { CompileOptions, D2 } from '@terrastruct/d2'
import { FONT_FILES } from '../../src/text/font.ts'

let cached: CompileOptions | undefined

export function d2FontOptions(): CompileOptions {
  if (!cached) {
    const base64 = (file: string) => readFileSync(file).toString('base64') as unknown as Uint8Array
    // Only the faces these diagrams use (D2 sets shape labels in bold, captions in regular):
    // each face is another 5.5 MB through JSON on every compile.
    cached = { fontRegular: base64(FONT_FILES.regular), fontBold: base64(FONT_FILES.bold) }
  }
  return cached
}

/**
 * Stops d2.js's worker thread, which otherwise keeps the process alive. d2.js has no
 * close(); its instance holds the Worker in a `worker` field.
 */
export async function closeD2(d2: D2): Promise<void> {
  const worker = (d2 as unknown as { worker?: { terminate?: () => Promise<number> } }).worker
  await worker?.terminate?.()
}
