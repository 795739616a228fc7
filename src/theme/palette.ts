/**
 * Diagram colours come from the deck theme's CSS custom properties (`--sd-*` on `section`
 * for light slides, on `section.invert` for dark ones), so a theme file is the one source
 * of truth for how slides and diagrams look. Parsing is postcss's job, not ours.
 */
import { readFileSync } from 'node:fs'
import postcss from 'postcss'
import { StackdeckError } from '../errors.ts'
import { TONES, type Tone } from '../model/types.ts'

export type Variant = 'light' | 'dark'

export interface ToneColors {
  readonly fill: string
  readonly text: string
}

export interface Palette {
  readonly tones: Readonly<Record<Tone, ToneColors>>
  /** Outline of layer boxes. */
  readonly stroke: string
  /** Dashed frame of captioned groups, and its caption. */
  readonly frame: string
  readonly frameText: string
  /** Outline of the emphasized item. */
  readonly emphasis: string
  /** Braces and their notes, panel captions. */
  readonly annotation: string
}

export type ThemePalettes = Readonly<Record<Variant, Palette>>

const SINGLE_VARS = ['stroke', 'frame', 'frame-text', 'emphasis', 'annotation'] as const

/** Every custom property a theme must define, in both variants. */
export const PALETTE_VARS: readonly string[] = [
  ...TONES.flatMap((tone) => [`--sd-${tone}-fill`, `--sd-${tone}-text`]),
  ...SINGLE_VARS.map((name) => `--sd-${name}`),
]

// Colours only: a value ends up in an SVG attribute, and anything else is a typo.
const COLOR = /^(#[0-9a-fA-F]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/]+\)|[a-zA-Z]+)$/

const SELECTORS: Record<string, Variant> = {
  section: 'light',
  ':root': 'light',
  'section.invert': 'dark',
}

/** Reads `--sd-*` colours from theme CSS text. `file` is only used in error messages. */
export function parsePalettes(css: string, file: string): ThemePalettes {
  let root: postcss.Root
  try {
    root = postcss.parse(css, { from: file })
  } catch (error) {
    const line = error instanceof postcss.CssSyntaxError ? error.line : undefined
    const reason = error instanceof postcss.CssSyntaxError ? error.reason : String(error)
    throw new StackdeckError('THEME', `CSS syntax error: ${reason}`, { file, line })
  }
  const found: Record<Variant, Map<string, string>> = { light: new Map(), dark: new Map() }
  root.walkRules((rule) => {
    for (const selector of rule.selectors) {
      const variant = SELECTORS[selector.trim()]
      if (!variant) continue
      rule.walkDecls(/^--sd-/, (decl) => {
        const value = decl.value.trim()
        if (!COLOR.test(value)) {
          throw new StackdeckError('THEME', `${decl.prop} must be a colour, not '${value}'`, {
            file,
            line: decl.source?.start?.line,
          })
        }
        found[variant].set(decl.prop, value)
      })
    }
  })
  return {
    light: toPalette(found.light, 'section', file),
    dark: toPalette(found.dark, 'section.invert', file),
  }
}

function toPalette(vars: Map<string, string>, selector: string, file: string): Palette {
  const missing = PALETTE_VARS.filter((name) => !vars.has(name))
  if (missing.length > 0) {
    throw new StackdeckError(
      'THEME',
      `${selector} does not define ${missing.join(', ')}; every diagram colour needs a light (section) and a dark (section.invert) value`,
      { file },
    )
  }
  const get = (name: string) => vars.get(name)!
  const tones = Object.fromEntries(
    TONES.map((tone) => [tone, { fill: get(`--sd-${tone}-fill`), text: get(`--sd-${tone}-text`) }]),
  ) as Record<Tone, ToneColors>
  return {
    tones,
    stroke: get('--sd-stroke'),
    frame: get('--sd-frame'),
    frameText: get('--sd-frame-text'),
    emphasis: get('--sd-emphasis'),
    annotation: get('--sd-annotation'),
  }
}

export function loadPalettes(file: string): ThemePalettes {
  let css: string
  try {
    css = readFileSync(file, 'utf8')
  } catch (error) {
    throw new StackdeckError('THEME', `cannot read the theme: ${(error as Error).message}`, {
      file,
    })
  }
  return parsePalettes(css, file)
}
