/**
 * A diagram has a light and a dark file. On a slide with the `invert` class the dark
 * one belongs, elsewhere the light one, whichever the author wrote: moving a slide into
 * an inverted section then needs no edit of its images.
 */

/** Generated diagram SVGs: `…/assets/diagrams/<name>[--<step>][.dark].svg`. */
const DIAGRAM = /^(.*(?:^|\/)assets\/diagrams\/[^/]+?)(\.dark)?\.svg([?#].*)?$/

export function isDiagramUrl(url: string): boolean {
  return DIAGRAM.test(url)
}

/** The variant of `url` for a slide that is (`dark`) or is not inverted; other URLs unchanged. */
export function diagramVariant(url: string, dark: boolean): string {
  const match = DIAGRAM.exec(url)
  if (!match) return url
  return `${match[1]}${dark ? '.dark' : ''}.svg${match[3] ?? ''}`
}

export function isInvertClass(classAttr: unknown): boolean {
  return typeof classAttr === 'string' && classAttr.split(/\s+/).includes('invert')
}
