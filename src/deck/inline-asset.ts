/**
 * The one asset rule, for Markdown images, CSS `url()`s of themes and `<style>` blocks,
 * and font files alike: a local file is inlined as a data URL when it lies inside the
 * project (after following symlinks) and its content is a type every viewer shows.
 * Types are read from the bytes, not the extension: a `.png` that is a BMP would print
 * as a blank page.
 */
import { closeSync, openSync, readFileSync, readSync, realpathSync } from 'node:fs'
import { relative, sep } from 'node:path'
import type { ResolvedUrl } from './portable-css.ts'

/** Image and font types inlined, by their magic bytes. */
export function sniffType(bytes: Uint8Array): string | undefined {
  const ascii = (start: number, text: string) =>
    [...text].every((ch, i) => bytes[start + i] === ch.charCodeAt(0))
  if (bytes[0] === 0x89 && ascii(1, 'PNG')) return 'image/png'
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (ascii(0, 'GIF8')) return 'image/gif'
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp'
  if (ascii(4, 'ftypavif') || ascii(4, 'ftypavis')) return 'image/avif'
  if (ascii(0, 'wOF2')) return 'font/woff2'
  if (ascii(0, 'wOFF')) return 'font/woff'
  if (ascii(0, 'OTTO')) return 'font/otf'
  if (ascii(0, 'true') || (bytes[0] === 0 && bytes[1] === 1 && bytes[2] === 0 && bytes[3] === 0))
    return 'font/ttf'
  // SVG is text: skip a BOM, an XML declaration, comments and a doctype before <svg.
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('utf8')
  if (
    /^(\uFEFF)?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head)
  )
    return 'image/svg+xml'
  return undefined
}

/** Names of types that exist but are not inlined, for a message that says what to do. */
function knownUnsupported(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return 'BMP'
  if ((bytes[0] === 0x49 && bytes[1] === 0x49) || (bytes[0] === 0x4d && bytes[1] === 0x4d))
    return 'TIFF'
  if (bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46) return 'PDF'
  return undefined
}

export function isInside(dir: string, file: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep)
}

const realRoots = new Map<string, string>()

function realRoot(root: string): string {
  let real = realRoots.get(root)
  if (real === undefined) {
    try {
      real = realpathSync(root)
    } catch {
      real = root // a folder that does not exist admits nothing real
    }
    realRoots.set(root, real)
  }
  return real
}

export interface AssetRule {
  /** Project root: files whose real path lies outside are refused. */
  readonly root: string
  /** Folders outside the project admitted on purpose (config `assetFolders`). */
  readonly allowed?: readonly string[] | undefined
  /** Kinds accepted: images for `<img>`, images and fonts for CSS. */
  readonly fonts?: boolean
}

/**
 * Why the file at `path` cannot be inlined under `rule`, or undefined when it can. Reads
 * only the first bytes: the deck check calls it for every image before anything renders.
 */
export function assetProblem(path: string, rule: AssetRule): string | undefined {
  const examined = examine(path, rule, 4096)
  return 'error' in examined ? examined.error : undefined
}

/** The data URL of the file at `path`, or why it cannot be inlined. */
export function inlineAsset(path: string, rule: AssetRule): ResolvedUrl {
  const examined = examine(path, rule)
  if ('error' in examined) return examined
  return { data: `data:${examined.type};base64,${examined.bytes.toString('base64')}` }
}

function examine(
  path: string,
  rule: AssetRule,
  head?: number,
): { error: string } | { type: string; bytes: Buffer } {
  let real: string
  try {
    real = realpathSync(path)
  } catch {
    return { error: 'not found' }
  }
  const admitted = [rule.root, ...(rule.allowed ?? [])]
  if (!admitted.some((folder) => isInside(realRoot(folder), real))) {
    return {
      error: `it lies outside the project (${real}); copy it into assets/, or admit its folder with "stackdeck": { "assetFolders": [...] } in package.json`,
    }
  }
  let bytes: Buffer
  try {
    bytes = head === undefined ? readFileSync(real) : readHead(real, head)
  } catch (error) {
    return { error: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }
  }
  const type = sniffType(bytes)
  if (!type || (type.startsWith('font/') && !rule.fonts)) {
    const kind = knownUnsupported(bytes)
    return {
      error: `${kind ? `is a ${kind} file` : 'is not an image type every viewer shows'}; convert it to PNG, JPEG, SVG or WebP`,
    }
  }
  return { type, bytes }
}

function readHead(file: string, length: number): Buffer {
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(length)
    return buffer.subarray(0, readSync(fd, buffer, 0, length, 0))
  } finally {
    closeSync(fd)
  }
}

/** `path` relative to the project root, for messages. */
export function shownPath(root: string, path: string): string {
  return relative(root, path) || path
}
