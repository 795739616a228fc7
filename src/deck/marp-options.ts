/**
 * The one set of Marp options. `marp.config.ts` is where users set them (`html`, `lang`,
 * `options`), exactly as for plain marp-cli; `stackdeck build` hands that file to
 * marp-cli, and the dev view and the deck check load the same file, so every path
 * renders with the same options. stackdeck adds only what keeps a deck offline: emoji
 * and KaTeX fonts point at local sources that the engine inlines.
 */
import type { MarpOptions } from '@marp-team/marp-core'
import { tsImport } from 'tsx/esm/api'
import { pathToFileURL } from 'node:url'
import { StackdeckError } from '../errors.ts'

/** Emoji image URLs Marp writes (`<base>svg/<code>.svg`); the engine inlines the SVG. */
export const EMOJI_BASE = 'stackdeck-twemoji:/'
/** KaTeX font URLs Marp writes into its CSS; the engine inlines the font. */
export const KATEX_FONT_BASE = 'stackdeck-katex:/'

/** Marp Core options with stackdeck's offline sources for emoji and math fonts. */
export function engineMarpOptions(user: MarpOptions): MarpOptions {
  const math = user.math ?? true
  return {
    ...user,
    emoji: {
      shortcode: 'twemoji',
      unicode: 'twemoji',
      ...user.emoji,
      twemoji: { ...user.emoji?.twemoji, base: EMOJI_BASE, ext: 'svg' },
    },
    math:
      math === false
        ? false
        : typeof math === 'object'
          ? { ...math, katexFontPath: KATEX_FONT_BASE }
          : { ...(typeof math === 'string' ? { lib: math } : {}), katexFontPath: KATEX_FONT_BASE },
  }
}

/** The rendering part of a marp-cli configuration. */
export interface MarpRenderConfig {
  readonly html?: MarpOptions['html']
  readonly lang?: string
  readonly options?: MarpOptions
}

/** Marp Core options as marp-cli builds them from its configuration (`{ lang, ...options, html }`). */
export function marpOptionsOf(config: MarpRenderConfig): MarpOptions {
  return {
    ...(config.lang !== undefined ? { lang: config.lang } : {}),
    ...config.options,
    ...(config.html !== undefined ? { html: config.html } : {}),
  }
}

const loaded = new Map<string, Promise<MarpOptions>>()

/**
 * Marp options from a marp-cli configuration file, read once per process (marp-cli reads
 * it once per run too; the dev server restarts to pick up a change, as `marp -s` does).
 */
export function loadMarpOptions(configFile: string): Promise<MarpOptions> {
  let options = loaded.get(configFile)
  if (!options) {
    options = readMarpConfig(configFile).then(marpOptionsOf)
    loaded.set(configFile, options)
  }
  return options
}

async function readMarpConfig(configFile: string): Promise<MarpRenderConfig> {
  try {
    const module = (await tsImport(pathToFileURL(configFile).href, import.meta.url)) as {
      default?: unknown
    }
    const value: unknown = await (typeof module.default === 'function'
      ? (module.default as () => unknown)()
      : module.default)
    return typeof value === 'object' && value !== null ? (value as MarpRenderConfig) : {}
  } catch (error) {
    throw new StackdeckError(
      'DECK',
      `cannot load the Marp configuration: ${error instanceof Error ? error.message : String(error)}`,
      { file: configFile },
    )
  }
}

/**
 * The language of a deck: its own `lang` (front matter), else the Marp configuration's, as
 * its HTML is written; the handout and the site say the same.
 */
export async function deckLang(configFile: string, own: string | undefined): Promise<string> {
  if (own) return own
  const { lang } = (await loadMarpOptions(configFile)) as { readonly lang?: unknown }
  return typeof lang === 'string' && lang !== '' ? lang : 'en'
}
