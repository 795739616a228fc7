/**
 * The diagram name ⇄ file ⇄ URL rule, on its own: file names both ways, and which deck
 * image URLs show a diagram, for the default folder and for a configured one.
 */
import { describe, expect, it } from 'vitest'
import {
  diagramFileName,
  diagramOfFile,
  diagramOfImage,
  diagramUrlVariant,
  isStackdeckSvg,
  parseDiagramFileName,
  svgIdPrefix,
  type DiagramFolder,
} from '../../src/diagrams/diagram-files.ts'

describe('diagram file names', () => {
  it.each([
    ['type1', 'light', undefined, 'type1.svg'],
    ['type1', 'dark', undefined, 'type1.dark.svg'],
    ['type1', 'light', 'hv', 'type1--hv.svg'],
    ['type1', 'dark', 'hv', 'type1--hv.dark.svg'],
  ] as const)(
    'names %s %s step %s as %s, and maps it back to its diagram',
    (name, variant, step, file) => {
      expect(diagramFileName(name, variant, step)).toBe(file)
      expect(parseDiagramFileName(file)).toEqual({ name, variant, step })
    },
  )

  it('maps names with single hyphens and step ids with hyphens back to the diagram', () => {
    expect(diagramOfFile(diagramFileName('type-2', 'dark', 'vm-1'))).toBe('type-2')
  })

  it('does not claim files that are not SVG variants', () => {
    expect(diagramOfFile('notes.txt')).toBeUndefined()
    expect(diagramOfFile('.type1.svg.tmp-123-abcd')).toBeUndefined()
  })

  it('recognises what it wrote by the root id, not by the file name', () => {
    const id = svgIdPrefix('type1', 'dark', 'hv')
    expect(id).toBe('sd-type1--hv-dark')
    expect(isStackdeckSvg(`<svg xmlns="http://www.w3.org/2000/svg" id="${id}">`)).toBe(true)
    expect(isStackdeckSvg('<svg xmlns="http://www.w3.org/2000/svg" id="logo">')).toBe(false)
    expect(isStackdeckSvg('<?xml version="1.0"?><svg id="sd-x">')).toBe(false)
  })
})

describe('diagram images in decks', () => {
  const standard: DiagramFolder = { root: '/p', dir: '/p/assets/diagrams' }
  const custom: DiagramFolder = { root: '/p', dir: '/p/public/figures' }

  it('finds a diagram by where its URL points when the deck folder is known', () => {
    expect(
      diagramOfImage('../public/figures/a--s1.svg?v=2', '/p/public/figures/a--s1.svg', custom),
    ).toEqual({ name: 'a', step: 's1', variant: 'light' })
    // The same name in another folder is an ordinary image.
    expect(diagramOfImage('../assets/diagrams/a.svg', '/p/assets/diagrams/a.svg', custom)).toBe(
      undefined,
    )
    expect(diagramOfImage('figures/a.svg', '/p/slides/figures/a.svg', custom)).toBeUndefined()
  })

  it('finds a diagram by the end of its URL folder when the deck folder is not known', () => {
    expect(diagramOfImage('../assets/diagrams/a.dark.svg', undefined, standard)?.name).toBe('a')
    expect(diagramOfImage('../../public/figures/a.svg', undefined, custom)?.name).toBe('a')
    expect(diagramOfImage('../assets/diagrams/a.svg', undefined, custom)).toBeUndefined()
    expect(diagramOfImage('https://x.org/public/figures/a.svg', undefined, custom)).toBe(undefined)
    expect(diagramOfImage('../public/figures/logo.png', undefined, custom)).toBeUndefined()
  })

  it('swaps the variant in the URL and keeps its folder, query and hash', () => {
    const file = diagramOfImage('../public/figures/a--s1.svg#x', undefined, custom)!
    expect(diagramUrlVariant('../public/figures/a--s1.svg#x', file, 'dark')).toBe(
      '../public/figures/a--s1.dark.svg#x',
    )
    const dark = diagramOfImage('a.dark.svg', undefined, { root: '/p', dir: '/p' })!
    expect(diagramUrlVariant('a.dark.svg', dark, 'light')).toBe('a.svg')
  })
})
