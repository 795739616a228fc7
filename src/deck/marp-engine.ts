/**
 * stackdeck's Marp engine: Marp Core plus what makes any deck portable. marp-cli uses it
 * (through marp.config.ts), and so do the deck check and the dev server, so every path
 * renders the same slides. In order:
 *
 * 1. themes: each theme file made portable (portable-css.ts) against its own folder;
 * 2. images: the light or dark diagram variant for each slide, local images inlined;
 * 3. after rendering: the CSS made portable (deck `<style>` URLs resolve against the
 *    deck, web fonts go, font stacks get the bundled fonts), emoji inlined from the
 *    twemoji package, KaTeX fonts inlined, the bundled fonts embedded as subsets of the
 *    deck's characters, and (for exports) each repeated asset stored once.
 *
 * What could not be made portable is not thrown here (marp-cli would print a stack) but
 * kept in a report (`renderReport`) that the deck check turns into located messages.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Marp, type MarpOptions } from '@marp-team/marp-core'
import type MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import type { DiagramFolder } from '../diagrams/diagram-files.ts'
import { StackdeckError } from '../errors.ts'
import { DECK_FONT_FAMILY, DECK_MONO_FAMILY, bundledFontCss } from './bundled-fonts.ts'
import { diagramVariant, isInvertClass } from './diagram-variant.ts'
import { inlineAsset } from './inline-asset.ts'
import { EMOJI_BASE, KATEX_FONT_BASE, engineMarpOptions } from './marp-options.ts'
import { portableCss, type CssFinding, type ResolvedUrl } from './portable-css.ts'
import { shareRepeatedAssets } from './shared-assets.ts'
import type { ThemeFile } from './themes.ts'

const require = createRequire(import.meta.url)

export interface DeckContext {
  /** Project root: files whose real path lies outside it are not inlined. */
  readonly root: string
  /** Folders outside the project whose files may be inlined all the same. */
  readonly allowedFolders?: readonly string[] | undefined
  /**
   * The deck's folder: relative image and `<style>` URLs resolve against it. Unset: left
   * as written. A function tells it per rendered Markdown (marp-cli renders several decks
   * with one engine and does not say which file it renders).
   */
  readonly baseDir?: string | ((markdown: string) => string | undefined) | undefined
  /** Project themes, registered after Marp's built-in ones. */
  readonly themes?: readonly ThemeFile[]
  /** Where the project's diagrams are: their images get the variant each slide needs. Unset: none. */
  readonly diagrams?: DiagramFolder | undefined
  /** Embed the bundled fonts (default true; the dev view sends them apart). */
  readonly embedFonts?: boolean
  /** Store each repeated inlined asset once (exports; not the dev view, which swaps HTML in place). */
  readonly shareAssets?: boolean
}

/** What a render could not make portable; the deck check locates and reports it. */
export interface RenderReport {
  /** Findings in theme files, by theme name (the deck check reports its own theme's). */
  readonly themes: ReadonlyMap<
    string,
    { readonly file: string; readonly css: string; readonly findings: readonly CssFinding[] }
  >
  /** Findings in the deck's own CSS (`<style>` blocks); lines are the CSS's, not the deck's. */
  readonly deckCss: readonly CssFinding[]
  /** Emoji with no bundled image, drawn as text by whatever font the viewer has. */
  readonly missingEmoji: readonly string[]
  /** Bundled families the CSS names. */
  readonly families: ReadonlySet<string>
  /** The characters the embedded font subsets must hold. */
  readonly fontText: string
}

const reports = new WeakMap<Marp, RenderReport>()

/** The report of the last `render` of an engine made by createMarp. */
export function renderReport(marp: Marp): RenderReport | undefined {
  return reports.get(marp)
}

/** Local path an image URL points at, or undefined for remote and data URLs. */
export function localImagePath(url: string, baseDir: string): string | undefined {
  if (/^data:/i.test(url) || (/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('file:')))
    return undefined
  if (url.startsWith('//') || url.startsWith('#')) return undefined
  let clean: string
  try {
    clean = decodeURI(url.replace(/[?#].*$/, ''))
  } catch {
    clean = url.replace(/[?#].*$/, '')
  }
  if (clean.startsWith('file:')) return fileURLToPath(clean)
  return isAbsolute(clean) ? clean : resolve(baseDir, clean)
}

type ImageMeta = { marpitImage?: { url?: string } }

/** An image token's URL: Marpit keeps it in its meta (background images too), else `src`. */
export function imageUrl(image: Token): string {
  return (image.meta as ImageMeta | null)?.marpitImage?.url ?? image.attrGet('src') ?? ''
}

/** Calls `visit` for every image token with whether its slide is inverted. */
function forEachImage(
  tokens: readonly Token[],
  visit: (image: Token, dark: boolean, block: Token) => void,
): void {
  let dark = false
  for (const token of tokens) {
    if (token.type === 'marpit_slide_open') {
      const directives = (token.meta as { marpitDirectives?: { class?: unknown } } | null)
        ?.marpitDirectives
      dark = isInvertClass(directives?.class)
    }
    for (const child of token.children ?? []) {
      if (child.type === 'image') visit(child, dark, token)
    }
  }
}

function setImageUrl(image: Token, url: string): void {
  image.attrSet('src', url)
  const meta = image.meta as ImageMeta | null
  if (meta?.marpitImage) meta.marpitImage.url = url
}

function imagePlugin(
  md: MarkdownIt,
  context: DeckContext,
  baseDir: () => string | undefined,
): void {
  // After directives are parsed (slide classes known), before background images are built.
  md.core.ruler.after('marpit_directives_parse', 'stackdeck_images', (state) => {
    if (state.inlineMode) return
    const dir = baseDir()
    forEachImage(state.tokens, (image, dark) => {
      const url = imageUrl(image)
      let next = context.diagrams
        ? diagramVariant(
            url,
            dir === undefined ? undefined : localImagePath(url, dir),
            dark,
            context.diagrams,
          )
        : url
      if (dir !== undefined) {
        const file = localImagePath(next, dir)
        // A missing or refused file stays as written; the deck check reports it with its line.
        const inlined =
          file === undefined
            ? undefined
            : inlineAsset(file, { root: context.root, allowed: context.allowedFolders })
        if (inlined && 'data' in inlined) next = inlined.data
      }
      if (next !== url) setImageUrl(image, next)
    })
  })
}

const KATEX_FONTS = dirname(require.resolve('katex/dist/fonts/KaTeX_Main-Regular.woff2'))

/** Resolves CSS URLs against `baseDir`; KaTeX's fonts come from the katex package. */
function cssUrlResolver(
  baseDir: string | undefined,
  context: Pick<DeckContext, 'root' | 'allowedFolders'>,
): (url: string) => ResolvedUrl | undefined {
  return (url) => {
    if (url.startsWith(KATEX_FONT_BASE)) {
      const file = resolve(KATEX_FONTS, url.slice(KATEX_FONT_BASE.length))
      if (!existsSync(file)) return { error: 'not in the katex package' }
      return { data: `data:font/woff2;base64,${readFileSync(file).toString('base64')}` }
    }
    if (baseDir === undefined) return undefined
    const file = localImagePath(url, baseDir)
    return file === undefined
      ? undefined
      : inlineAsset(file, { root: context.root, allowed: context.allowedFolders, fonts: true })
  }
}

const TWEMOJI = dirname(require.resolve('@twemoji/svg/1f600.svg'))
const EMOJI_IMG = new RegExp(
  `<img class="emoji"[^>]*?alt="([^"]*)"[^>]*?src="${EMOJI_BASE}svg/([0-9a-f-]+)\\.svg"[^>]*>`,
  'g',
)

/** Marp's twemoji images with the SVG from the @twemoji/svg package inlined. */
function inlineEmoji(html: string, missing: Set<string>): string {
  return html.replace(EMOJI_IMG, (img, alt: string, code: string) => {
    // Marp's parser may be a Unicode version ahead of the package; try without VS16.
    const file = [code, code.replace(/-fe0f/g, '')]
      .map((c) => resolve(TWEMOJI, `${c}.svg`))
      .find((f) => existsSync(f))
    if (!file) {
      missing.add(alt)
      return alt
    }
    const data = `data:image/svg+xml;base64,${readFileSync(file).toString('base64')}`
    return img.replace(`${EMOJI_BASE}svg/${code}.svg`, data)
  })
}

/** Characters of CSS `content` strings (a theme's "Page " before the number), for the font subset. */
function contentText(css: string): string {
  return [...css.matchAll(/content\s*:\s*(["'])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2]).join('')
}

/** Processed theme files, by path and content: the dev server makes an engine per render. */
const themeCache = new Map<
  string,
  { readonly css: string; readonly findings: readonly CssFinding[] }
>()

function portableTheme(theme: ThemeFile, context: DeckContext) {
  const key = `${theme.file}\u0000${theme.css}\u0000${context.root}\u0000${context.allowedFolders?.join('\u0000') ?? ''}`
  let processed = themeCache.get(key)
  if (!processed) {
    processed = portableCss(theme.css, cssUrlResolver(dirname(theme.file), context))
    themeCache.set(key, processed)
    if (themeCache.size > 64) themeCache.delete(themeCache.keys().next().value!)
  }
  return processed
}

/** A Marp Core instance with stackdeck's options and plugins. */
export function createMarp(options: MarpOptions = {}, context: DeckContext): Marp {
  const marp = new Marp(engineMarpOptions(options))
  const themes = new Map<string, { file: string; css: string; findings: readonly CssFinding[] }>()
  for (const theme of context.themes ?? []) {
    const processed = portableTheme(theme, context)
    let registered: { name: string }
    try {
      registered = marp.themeSet.add(processed.css)
    } catch (error) {
      // Marp refuses CSS without `@theme`, or CSS it cannot parse.
      throw new StackdeckError('THEME', `the theme cannot be used: ${(error as Error).message}`, {
        file: relative(context.root, theme.file),
      })
    }
    themes.set(registered.name, {
      file: theme.file,
      css: theme.css,
      findings: processed.findings,
    })
  }
  // The deck folder of the render in progress (renders are synchronous, one at a time).
  let baseDir: string | undefined
  marp.use((md: MarkdownIt) => imagePlugin(md, context, () => baseDir))

  const render = marp.render.bind(marp)
  Object.assign(marp, {
    render: (markdown: string, env?: unknown) => {
      baseDir = typeof context.baseDir === 'function' ? context.baseDir(markdown) : context.baseDir
      const resolveUrl = cssUrlResolver(baseDir, context)
      const result = render(markdown, env)
      const missingEmoji = new Set<string>()
      let html = inlineEmoji(result.html, missingEmoji)
      const portable = portableCss(result.css, resolveUrl)
      let css = portable.css
      if (context.shareAssets) ({ html, css } = shareRepeatedAssets(html, css))
      const families = new Set([DECK_FONT_FAMILY, DECK_MONO_FAMILY, ...portable.families])
      const fontText = markdown + contentText(css)
      if (context.embedFonts !== false) css = `${bundledFontCss(fontText, families)}\n${css}`
      reports.set(marp, {
        themes,
        deckCss: portable.findings,
        missingEmoji: [...missingEmoji],
        families,
        fontText,
      })
      return { ...result, html, css }
    },
  })
  return marp
}
