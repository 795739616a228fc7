/**
 * Reading an editable PPTX back as a viewer would meet it: the package (content types,
 * relationships, every XML part well-formed), each slide's text in document order with
 * the diagram groups apart, the notes, the media.
 */
import { createHash } from 'node:crypto'
import { posix } from 'node:path'
import { DOMParser, type Document, type Element } from '@xmldom/xmldom'
import JSZip from 'jszip'

export const NS = {
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  p: 'http://schemas.openxmlformats.org/presentationml/2006/main',
  rel: 'http://schemas.openxmlformats.org/package/2006/relationships',
  ct: 'http://schemas.openxmlformats.org/package/2006/content-types',
}

/** Parses XML, throwing on any error or warning (a viewer would ask to repair the file). */
export function parseXml(xml: string, name: string): Document {
  const problems: string[] = []
  const doc = new DOMParser({
    onError: (level, message) => {
      problems.push(`${level}: ${message}`)
    },
  }).parseFromString(xml, 'text/xml')
  if (problems.length > 0) throw new Error(`${name}: ${problems.join('; ')}`)
  return doc
}

export interface PackageProblem {
  readonly part: string
  readonly problem: string
}

/** Content types for every part, relationship targets that exist, XML that parses. */
export async function packageProblems(zip: JSZip): Promise<PackageProblem[]> {
  const problems: PackageProblem[] = []
  const parts = zip.file(/.*/).map((f) => f.name)
  const types = parseXml(await zip.file('[Content_Types].xml')!.async('string'), 'types')
  const defaults = new Set(
    elements(types, NS.ct, 'Default').map((d) => d.getAttribute('Extension')?.toLowerCase()),
  )
  const overrides = new Set(
    elements(types, NS.ct, 'Override').map((o) => o.getAttribute('PartName')),
  )
  for (const part of parts) {
    if (part === '[Content_Types].xml') continue
    const extension = (part.split('/').pop() ?? '').split('.').pop()!.toLowerCase()
    if (!overrides.has(`/${part}`) && !defaults.has(extension)) {
      problems.push({ part, problem: 'no content type' })
    }
    if (/\.(xml|rels)$/.test(part)) {
      try {
        parseXml(await zip.file(part)!.async('string'), part)
      } catch (error) {
        problems.push({ part, problem: (error as Error).message })
      }
    }
  }
  for (const part of parts.filter((p) => p.endsWith('.rels'))) {
    const doc = parseXml(await zip.file(part)!.async('string'), part)
    const source = posix.dirname(posix.dirname(part))
    for (const rel of elements(doc, NS.rel, 'Relationship')) {
      if (rel.getAttribute('TargetMode') === 'External') continue
      const target = rel.getAttribute('Target') ?? ''
      const path = target.startsWith('/') ? target.slice(1) : posix.join(source, target)
      if (!zip.file(path)) problems.push({ part, problem: `missing target ${target}` })
    }
  }
  return problems
}

export function elements(doc: Document | Element, ns: string, local: string): Element[] {
  return Array.from(doc.getElementsByTagNameNS(ns, local))
}

export interface SlideText {
  /** `<a:t>` text outside diagram groups, in document order. */
  readonly text: string
  /** One entry per top-level group: its name and the text of its shapes. */
  readonly groups: readonly {
    readonly name: string
    readonly text: string
    readonly shapes: number
  }[]
}

export async function slideCount(zip: JSZip): Promise<number> {
  return zip.file(/^ppt\/slides\/slide\d+\.xml$/).length
}

export async function slideXml(zip: JSZip, slide: number): Promise<string> {
  return zip.file(`ppt/slides/slide${slide}.xml`)!.async('string')
}

export function slideText(xml: string): SlideText {
  const doc = parseXml(xml, 'slide')
  const tree = elements(doc, NS.p, 'spTree')[0]!
  let text = ''
  const groups: { name: string; text: string; shapes: number }[] = []
  for (const child of Array.from(tree.childNodes)) {
    if (child.nodeType !== 1) continue
    const element = child as Element
    const texts = elements(element, NS.a, 't').map((t) => t.textContent ?? '')
    if (element.localName === 'grpSp') {
      const name = elements(element, NS.p, 'cNvPr')[0]?.getAttribute('name') ?? ''
      groups.push({ name, text: texts.join(''), shapes: elements(element, NS.p, 'sp').length })
    } else {
      text += texts.join('')
    }
  }
  return { text, groups }
}

export async function notesText(zip: JSZip, slide: number): Promise<string> {
  const rels = await zip.file(`ppt/slides/_rels/slide${slide}.xml.rels`)!.async('string')
  const target = /Target="\.\.\/notesSlides\/([^"]+)"/.exec(rels)?.[1]
  if (!target) return ''
  const doc = parseXml(await zip.file(`ppt/notesSlides/${target}`)!.async('string'), target)
  return elements(doc, NS.a, 't')
    .map((t) => t.textContent ?? '')
    .join('')
}

/** Media parts and how many hold the very same bytes as another. */
export async function mediaDuplicates(zip: JSZip): Promise<{ files: number; duplicates: number }> {
  const hashes = await Promise.all(
    zip.file(/^ppt\/media\//).map(async (f) =>
      createHash('sha256')
        .update(await f.async('nodebuffer'))
        .digest('hex'),
    ),
  )
  return { files: hashes.length, duplicates: hashes.length - new Set(hashes).size }
}

/** Text without whitespace (line breaks and spaces differ between HTML and PPTX). */
export function compact(text: string): string {
  return text.replace(/[\s\u3000]+/gu, '')
}
