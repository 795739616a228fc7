/**
 * WCAG 2 contrast, and colours adjusted to keep it. Parsing CSS colours and the relative
 * luminance formula are the `color` package's; this module only decides how far a colour
 * may fade.
 */
import Color from 'color'

/** WCAG 1.4.3: text against what it is drawn on. */
export const TEXT_CONTRAST = 4.5
/** WCAG 1.4.11: the edge of a shape against what surrounds it. */
export const NON_TEXT_CONTRAST = 3

/** WCAG contrast ratio of two CSS colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  return Color(a).contrast(Color(b))
}

/** `from` moved `amount` (0–1) of the way to `to`, as `#rrggbb`. */
export function mix(from: string, to: string, amount: number): string {
  return Color(from).mix(Color(to), amount).hex().toLowerCase()
}

const STEPS = 100

/**
 * `color` faded toward `toward` as far as it goes (at most `maxFade`) while keeping
 * `min` contrast against `against`. A colour that has less than `min` to begin with is
 * darkened or lightened, whichever reaches `min`, until it does.
 */
export function fadeKeeping(
  color: string,
  toward: string,
  against: string,
  min: number,
  maxFade: number,
): string {
  if (contrast(color, against) < min) return strengthen(color, against, min)
  // From the furthest fade back: the first candidate that keeps `min` wins (hex-rounded,
  // so the colour written is the colour tested).
  for (let step = Math.round(maxFade * STEPS); step > 0; step--) {
    const faded = mix(color, toward, step / STEPS)
    if (contrast(faded, against) >= min) return faded
  }
  return mix(color, toward, 0)
}

/** `color` moved toward black or white until it has `min` contrast against `against`. */
function strengthen(color: string, against: string, min: number): string {
  const extremes = ['#000000', '#ffffff'].sort(
    (a, b) => contrast(b, against) - contrast(a, against),
  )
  for (const extreme of extremes) {
    for (let step = 1; step <= STEPS; step++) {
      const moved = mix(color, extreme, step / STEPS)
      if (contrast(moved, against) >= min) return moved
    }
  }
  return extremes[0]!
}
