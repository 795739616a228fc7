/**
 * Diagram colours come from the deck theme's CSS custom properties (`--sd-*` on `section`
 * for light slides, on `section.invert` for dark ones), so a theme file is the one source
 * of truth for how slides and diagrams look. Parsing is postcss's job, not ours.
 */
import { readFileSync } from 'node:fs'
import postcss from 'postcss'
import Color from 'color'
import { StackdeckError } from '../errors.ts'
import { TONES, type Tone } from '../model/types.ts'
import { NON_TEXT_CONTRAST, TEXT_CONTRAST, fadeKeeping, mix } from './contrast.ts'

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
  /** The slide background the diagram is drawn on. */
  readonly background: string
  /** Items that are not the focus on emphasis and step slides. */
  readonly dimmed: DimmedColors
}

/**
 * Dimmed items are drawn in their own colours rather than with opacity, so that each keeps
 * WCAG contrast: its outline 3:1 against the slide, its label 4.5:1 against its box.
 */
export interface DimmedColors {
  readonly tones: Readonly<Record<Tone, ToneColors>>
  readonly stroke: string
}

export type ThemePalettes = Readonly<Record<Variant, Palette>>

const SINGLE_VARS = ['stroke', 'frame', 'frame-text', 'emphasis', 'annotation'] as const

/**
 * The slide background, `--sd-background`, is optional: a theme that extends gaia (as
 * stackdeck's does) has gaia's backgrounds.
 */
const DEFAULT_BACKGROUND: Readonly<Record<Variant, string>> = {
  light: '#fff8e1',
  dark: '#455a64',
}

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
        if (!COLOR.test(value) || !isColor(value)) {
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
    light: toPalette(found.light, 'section', file, DEFAULT_BACKGROUND.light),
    dark: toPalette(found.dark, 'section.invert', file, DEFAULT_BACKGROUND.dark),
  }
}

function toPalette(
  vars: Map<string, string>,
  selector: string,
  file: string,
  defaultBackground: string,
): Palette {
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
  const stroke = get('--sd-stroke')
  const background = vars.get('--sd-background') ?? defaultBackground
  return {
    tones,
    stroke,
    frame: get('--sd-frame'),
    frameText: get('--sd-frame-text'),
    emphasis: get('--sd-emphasis'),
    annotation: get('--sd-annotation'),
    background,
    dimmed: dimmedColors(tones, stroke, background),
  }
}

/**
 * How far dimming moves toward the background: the fill most of the way (a wash of its
 * tone), the label and the outline as far as their contrast allows, within these bounds.
 */
const DIMMING = { fill: 0.6, text: 0.5, stroke: 0.7 } as const

function dimmedColors(
  tones: Readonly<Record<Tone, ToneColors>>,
  stroke: string,
  background: string,
): DimmedColors {
  const dimTone = ({ fill, text }: ToneColors): ToneColors => {
    const washed = mix(fill, background, DIMMING.fill)
    return { fill: washed, text: fadeKeeping(text, washed, washed, TEXT_CONTRAST, DIMMING.text) }
  }
  return {
    tones: Object.fromEntries(TONES.map((tone) => [tone, dimTone(tones[tone])])) as Record<
      Tone,
      ToneColors
    >,
    stroke: fadeKeeping(stroke, background, background, NON_TEXT_CONTRAST, DIMMING.stroke),
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

/** A colour the dimming (contrast.ts) and the PPTX shapes can compute with: `blu` is not. */
function isColor(value: string): boolean {
  try {
    Color(value)
    return true
  } catch {
    return false
  }
}
