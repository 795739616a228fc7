/**
 * A diagram has a light and a dark file. On a slide with the `invert` class the dark
 * one belongs, elsewhere the light one, whichever the author wrote: moving a slide into
 * an inverted section then needs no edit of its images. Which images are diagrams, and
 * their file names, is the diagram file rule's (src/diagrams/diagram-files.ts).
 */
import { diagramOfImage, diagramUrlVariant, type DiagramFolder } from '../diagrams/diagram-files.ts'

/**
 * The variant of `url` for a slide that is (`dark`) or is not inverted; any other image
 * unchanged. `path` is where the URL points, when the deck's folder is known.
 */
export function diagramVariant(
  url: string,
  path: string | undefined,
  dark: boolean,
  folder: DiagramFolder,
): string {
  const file = diagramOfImage(url, path, folder)
  return file ? diagramUrlVariant(url, file, dark ? 'dark' : 'light') : url
}

export function isInvertClass(classAttr: unknown): boolean {
  return typeof classAttr === 'string' && classAttr.split(/\s+/).includes('invert')
}
