/**
 * The one rule that ties a diagram's name to its files and to the URLs decks write:
 *
 *   <name>.svg  <name>.dark.svg  <name>--<step>.svg  <name>--<step>.dark.svg
 *
 * in the project's diagrams folder (`diagramsOutDir` of the resolved config: `assets/diagrams`,
 * `diagrams --out`, or `stackdeck.diagramsOutDir` in package.json). Rendering names its
 * files here, the build and dev remove only files this rule claims, and the Marp engine
 * and the deck check recognise a deck's diagram images here, whatever folder they are in.
 * No I/O: callers read and write.
 */
import { posix, relative, resolve, sep } from 'node:path'
import type { ResolvedConfig } from '../config.ts'
import { StackdeckError } from '../errors.ts'
import type { Variant } from '../theme/palette.ts'

/** A diagram file name taken apart. */
export interface DiagramFile {
  readonly name: string
  readonly step: string | undefined
  readonly variant: Variant
}

/** Where a project's diagrams are: its root, and the folder the SVGs are written to. */
export interface DiagramFolder {
  readonly root: string
  /** Absolute. */
  readonly dir: string
}

/** The configured diagrams folder: every path that renders or recognises diagrams asks this. */
export function diagramFolder(config: ResolvedConfig): DiagramFolder {
  return { root: config.root, dir: config.diagramsOutDir }
}

const NAME = /^[a-z0-9][a-z0-9_-]*$/i
/** `--` separates a step from the name (so a name cannot hold it); `.dark` marks the dark variant. */
const FILE_NAME = /^(.+?)(?:--([^.]+))?(\.dark)?\.svg$/

/** `type1.svg`, `type1.dark.svg`, `type1--hv.svg`, `type1--hv.dark.svg`. */
export function diagramFileName(name: string, variant: Variant, step?: string): string {
  return `${name}${step ? `--${step}` : ''}${variant === 'dark' ? '.dark' : ''}.svg`
}

/** The parts of a diagram file name; undefined for any other file. */
export function parseDiagramFileName(fileName: string): DiagramFile | undefined {
  const match = FILE_NAME.exec(fileName)
  if (!match) return undefined
  return { name: match[1]!, step: match[2], variant: match[3] ? 'dark' : 'light' }
}

/** The diagram an output file belongs to: `type1--hv.dark.svg` → `type1`; undefined if none. */
export function diagramOfFile(fileName: string): string | undefined {
  return parseDiagramFileName(fileName)?.name
}

/**
 * The id of a variant's root `<svg>` (and the prefix of every id inside it, so several
 * diagrams inline in one page do not clash). Its `sd-` start is how `isStackdeckSvg` knows
 * a file was written by stackdeck.
 */
export function svgIdPrefix(name: string, variant: Variant, step?: string): string {
  return `sd-${name}${step ? `--${step}` : ''}${variant === 'dark' ? '-dark' : ''}`
}

/**
 * The start of an SVG stackdeck wrote (no XML declaration: it writes none): its root's id
 * is `sd-<name>[--<step>][-dark]` (captured). Its `source` also goes to the browser page that reads slides for the PPTX.
 */
export const STACKDECK_SVG_START = /^<svg\b[^>]*\bid="sd-([^"]+)"/

/** Whether an SVG's text (its first few hundred characters suffice) is one stackdeck wrote. */
export function isStackdeckSvg(head: string): boolean {
  return STACKDECK_SVG_START.test(head)
}

/** A definition's file name must make a name the file rule can take back apart. */
export function checkDiagramName(name: string, file?: string): void {
  if (!NAME.test(name) || name.includes('--')) {
    throw new StackdeckError(
      'INVALID_DEFINITION',
      `'${name}' cannot name a diagram: use letters, digits, - and _ (no '--', it separates steps) in the file name`,
      { file },
    )
  }
}

/** `?query` and `#hash` of a URL, kept when its file name changes. */
const splitUrl = (url: string): [path: string, rest: string] => {
  const at = url.search(/[?#]/)
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at)]
}

/**
 * The diagram an image of a deck shows, or undefined when it shows something else.
 * `path` is where the URL points when the deck's folder is known: then the file must lie
 * directly in the diagrams folder. Without it (plain `npx marp` does not say which file it
 * renders) the URL's own folder must end with the diagrams folder as seen from the root:
 * `../assets/diagrams/type1.svg` from any deck folder.
 */
export function diagramOfImage(
  url: string,
  path: string | undefined,
  folder: DiagramFolder,
): DiagramFile | undefined {
  const [urlPath] = splitUrl(url)
  if (/^[a-z][a-z0-9+.-]*:/i.test(urlPath) && !urlPath.startsWith('file:')) return undefined
  const slash = urlPath.lastIndexOf('/')
  const file = parseDiagramFileName(urlPath.slice(slash + 1))
  if (!file) return undefined
  if (path !== undefined) return resolve(path, '..') === resolve(folder.dir) ? file : undefined
  const wanted = relative(folder.root, folder.dir).split(sep).filter(Boolean)
  const have = posix
    .normalize(urlPath.slice(0, Math.max(slash, 0)))
    .split('/')
    .filter(Boolean)
  const tail = have.slice(have.length - wanted.length)
  const inFolder = wanted.length <= have.length && tail.every((segment, i) => segment === wanted[i])
  return inFolder ? file : undefined
}

/** `url` pointing at the same diagram's `variant` (query and hash kept). */
export function diagramUrlVariant(url: string, file: DiagramFile, variant: Variant): string {
  const [urlPath, rest] = splitUrl(url)
  const folder = urlPath.slice(0, urlPath.lastIndexOf('/') + 1)
  return `${folder}${diagramFileName(file.name, variant, file.step)}${rest}`
}
