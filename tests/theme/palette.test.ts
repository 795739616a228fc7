import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { StackdeckError } from '../../src/errors.ts'
import { TONES } from '../../src/model/types.ts'
import { contrast } from '../../src/theme/contrast.ts'
import { PALETTE_VARS, parsePalettes } from '../../src/theme/palette.ts'

/** A theme giving every diagram colour in both variants, `overrides` on top. */
function theme(light: Record<string, string> = {}, dark: Record<string, string> = {}): string {
  const block = (selector: string, base: string, extra: Record<string, string>) =>
    `${selector} {\n${[...PALETTE_VARS.map((v) => [v, base] as const), ...Object.entries(extra)]
      .map(([k, v]) => `  ${k}: ${v};`)
      .join('\n')}\n}`
  return `${block('section', '#445566', light)}\n${block('section.invert', '#ddeeff', dark)}`
}

describe('parsePalettes', () => {
  it("takes the slide background from --sd-background, else gaia's", () => {
    expect(parsePalettes(theme(), 't.css').light.background).toBe('#fff8e1')
    expect(parsePalettes(theme(), 't.css').dark.background).toBe('#455a64')
    const custom = parsePalettes(theme({ '--sd-background': '#ffffff' }), 't.css')
    expect(custom.light.background).toBe('#ffffff')
  })

  it('refuses a --sd-background that is not a colour, naming the file and line', () => {
    const error = (() => {
      try {
        parsePalettes(theme({ '--sd-background': 'url(x.png)' }), 'themes/t.css')
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(StackdeckError)
    expect((error as StackdeckError).file).toBe('themes/t.css')
    expect((error as StackdeckError).detail).toMatch(/--sd-background must be a colour/)
  })

  it('refuses a word that is no CSS colour (a typo), naming the file and line', () => {
    const css = theme({ '--sd-app-fill': 'blu' })
    const error = (() => {
      try {
        parsePalettes(css, 'themes/t.css')
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(StackdeckError)
    expect((error as StackdeckError).line).toBe(
      css.split('\n').findIndex((l) => l.includes('blu')) + 1,
    )
    expect((error as StackdeckError).detail).toMatch(/--sd-app-fill must be a colour, not 'blu'/)
    expect(parsePalettes(theme({ '--sd-app-fill': 'navy' }), 't.css').light.tones.app.fill).toBe(
      'navy',
    )
  })

  const hex = fc
    .tuple(
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 255 }),
    )
    .map((rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`)

  it('derives dimmed colours that keep 3:1 outlines and 4.5:1 labels from any theme colours', () => {
    fc.assert(
      fc.property(hex, hex, hex, hex, (fill, text, stroke, background) => {
        const palette = parsePalettes(
          theme({
            '--sd-kernel-fill': fill,
            '--sd-kernel-text': text,
            '--sd-stroke': stroke,
            '--sd-background': background,
          }),
          't.css',
        ).light
        const dimmed = palette.dimmed.tones.kernel
        expect(contrast(dimmed.text, dimmed.fill)).toBeGreaterThanOrEqual(4.5)
        // A stroke that had 3:1 keeps it; one that had less is strengthened to it.
        expect(contrast(palette.dimmed.stroke, background)).toBeGreaterThanOrEqual(3)
      }),
      { numRuns: 200 },
    )
  })

  it('dims every tone of both variants', () => {
    const palettes = parsePalettes(theme(), 't.css')
    for (const variant of ['light', 'dark'] as const) {
      for (const tone of TONES) {
        expect(palettes[variant].dimmed.tones[tone].fill).not.toBe(
          palettes[variant].tones[tone].fill,
        )
      }
    }
  })
})
