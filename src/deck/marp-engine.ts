/**
 * stackdeck's Marp engine: Marp Core plus what makes decks portable. Used by marp-cli
 * (through marp.config.ts, so plain `npx marp` gets it too), by `stackdeck build` and by
 * the dev server, so every path renders the same slides.
 *
 * It adds, in markdown-it terms:
 * - gaia without its remote web-font import (see offline-theme.ts);
 * - the light or dark diagram variant to match each slide's `invert` class;
 * - local images inlined as data URLs when a base folder is known: exported HTML is one
 *   self-contained file, and Chromium needs no file access to print the PDF;
 * - the bundled Japanese font, subset to the deck's characters, as @font-face.
 */
import { readFileSync, realpathSync } from 'node:fs'
import { extname, isAbsolute, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Marp, type MarpOptions } from '@marp-team/marp-core'
import type MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import { deckFontCss } from './deck-fonts.ts'
import { diagramVariant, isInvertClass } from './diagram-variant.ts'
import { withoutRemoteImports } from './offline-theme.ts'

export interface EngineOptions {
  /** Folder that relative image URLs resolve against; unset, they are left as written. */
  readonly baseDir?: string | undefined
  /** Embed the bundled font (default true). */
  readonly embedFont?: boolean
  /**
   * Only inline images whose real path lies in this folder (the dev server passes the
   * project root, so a page served on the network cannot carry files from elsewhere).
   */
  readonly root?: string | undefined
}

const MIME: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
}

/** Local path an image URL points at, or undefined for remote and data URLs. */
export function localImagePath(url: string, baseDir: string): string | undefined {
  if (/^data:/i.test(url) || (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('file:')))
    return undefined
  if (url.startsWith('//')) return undefined
  const clean = decodeURI(url.replace(/[?#].*$/, ''))
  if (clean.startsWith('file:')) return fileURLToPath(clean)
  return isAbsolute(clean) ? clean : resolve(baseDir, clean)
}

function toDataUrl(file: string, root: string | undefined): string | undefined {
  const mime = MIME[extname(file).toLowerCase()]
  if (!mime) return undefined
  try {
    if (root !== undefined) {
      const real = realpathSync(file)
      if (real !== root && !real.startsWith(root + sep)) return undefined
    }
    return `data:${mime};base64,${readFileSync(file).toString('base64')}`
  } catch {
    // Missing files are reported, with slide and line, by the deck check before export.
    return undefined
  }
}

type ImageMeta = { marpitImage?: { url?: string } }

/** An image token's URL: Marpit keeps it in its meta (background images too), else `src`. */
export function imageUrl(image: Token): string {
  return (image.meta as ImageMeta | null)?.marpitImage?.url ?? image.attrGet('src') ?? ''
}

/** Calls `visit` for every image token with whether its slide is inverted. */
function forEachImage(
  tokens: readonly Token[],
  visit: (image: Token, dark: boolean) => void,
): void {
  let dark = false
  for (const token of tokens) {
    if (token.type === 'marpit_slide_open') {
      const directives = (token.meta as { marpitDirectives?: { class?: unknown } } | null)
        ?.marpitDirectives
      dark = isInvertClass(directives?.class)
    }
    for (const child of token.children ?? []) {
      if (child.type === 'image') visit(child, dark)
    }
  }
}

function setImageUrl(image: Token, url: string): void {
  image.attrSet('src', url)
  const meta = image.meta as ImageMeta | null
  if (meta?.marpitImage) meta.marpitImage.url = url
}

function imagePlugin(md: MarkdownIt, options: EngineOptions): void {
  const root = options.root === undefined ? undefined : realpathSync(options.root)
  // After directives are parsed (slide classes known), before background images are built.
  md.core.ruler.after('marpit_directives_parse', 'stackdeck_images', (state) => {
    if (state.inlineMode) return
    forEachImage(state.tokens, (image, dark) => {
      const url = imageUrl(image)
      let next = diagramVariant(url, dark)
      if (options.baseDir !== undefined) {
        const file = localImagePath(next, options.baseDir)
        const data = file && toDataUrl(file, root)
        if (data) next = data
      }
      if (next !== url) setImageUrl(image, next)
    })
  })
}

/** gaia's CSS as Marp Core ships it, without remote imports. Computed once. */
let offlineGaia: string | undefined

export function createMarp(marpOptions: MarpOptions = {}, options: EngineOptions = {}): Marp {
  const marp = new Marp(marpOptions)
  return applyStackdeck(marp, options)
}

/** Adds stackdeck's plugins to a Marp instance (marp-cli's functional engine hands one in). */
export function applyStackdeck(marp: Marp, options: EngineOptions = {}): Marp {
  const gaia = marp.themeSet.get('gaia')
  if (gaia) {
    offlineGaia ??= withoutRemoteImports(gaia.css)
    marp.themeSet.add(offlineGaia)
  }
  marp.use((md: MarkdownIt) => imagePlugin(md, options))
  if (options.embedFont !== false) {
    const render = marp.render.bind(marp)
    // The font subset is made from the very Markdown rendered, so it holds its characters.
    Object.assign(marp, {
      render: (markdown: string, env?: unknown) => {
        const result = render(markdown, env)
        return { ...result, css: `${deckFontCss(markdown)}\n${result.css}` }
      },
    })
  }
  return marp
}
