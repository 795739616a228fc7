/**
 * Reading exported decks back the way a consumer would: PDFs with pdf.js (text, fonts,
 * images, outline), PPTX by unzipping it (slides in presentation order, their notes and
 * pictures), Marp's HTML by its section start tags and data URLs.
 */
import { readFile } from 'node:fs/promises'
import { posix } from 'node:path'
import JSZip from 'jszip'
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs'

/** Text without any whitespace: line wrapping and pdf.js item splits differ from the source. */
export function compact(text: string): string {
  return text.replace(/[\s\u3000]+/gu, '')
}

// ---------------------------------------------------------------------------------------- PDF

export interface PdfTextRun {
  readonly text: string
  /** PostScript name of the embedded font, e.g. `AAAAAA+NotoSansJP-Bold`. */
  readonly font: string
}

export interface PdfPage {
  readonly number: number
  /** All text of the page, in content order. */
  readonly text: string
  readonly runs: readonly PdfTextRun[]
  /** Fonts the page's text is drawn with (PostScript names, subset prefix included). */
  readonly fonts: readonly string[]
  /** Raster images painted on the page. */
  readonly images: number
}

export interface OutlineItem {
  readonly title: string
  readonly children: readonly OutlineItem[]
}

export interface PdfFile {
  readonly pages: readonly PdfPage[]
  readonly outline: readonly OutlineItem[]
}

const IMAGE_OPS = new Set<number>([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject,
  OPS.paintImageXObjectRepeat,
])

function fontName(objs: { get(id: string): unknown }, id: string): string {
  const font = objs.get(id) as { name?: unknown } | null
  return typeof font?.name === 'string' ? font.name : id
}

type RawOutline = { title: string; items: RawOutline[] }
const toOutline = (items: readonly RawOutline[]): OutlineItem[] =>
  items.map((i) => ({ title: i.title, children: toOutline(i.items) }))

export async function readPdf(file: string): Promise<PdfFile> {
  const data = new Uint8Array(await readFile(file))
  const doc = await getDocument({ data, verbosity: 0, isEvalSupported: false }).promise
  try {
    const pages: PdfPage[] = []
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number)
      // The operator list loads the page's fonts into commonObjs, where their names are.
      const ops = await page.getOperatorList()
      const content = await page.getTextContent()
      const objs = page.commonObjs as unknown as { get(id: string): unknown }
      const fontIds = new Set<string>()
      let images = 0
      ops.fnArray.forEach((fn, i) => {
        if (fn === OPS.setFont) fontIds.add(String((ops.argsArray[i] as unknown[])[0]))
        if (IMAGE_OPS.has(fn)) images += 1
      })
      const runs = content.items.flatMap((item) =>
        'str' in item && item.str !== ''
          ? [{ text: item.str, font: fontName(objs, item.fontName) }]
          : [],
      )
      pages.push({
        number,
        text: runs.map((r) => r.text).join(''),
        runs,
        fonts: [...fontIds].map((id) => fontName(objs, id)),
        images,
      })
    }
    const outline = toOutline(((await doc.getOutline()) ?? []) as RawOutline[])
    return { pages, outline }
  } finally {
    await doc.destroy()
  }
}

/** Outline titles depth first, as a PDF viewer lists them. */
export function outlineTitles(items: readonly OutlineItem[]): string[] {
  return items.flatMap((i) => [i.title, ...outlineTitles(i.children)])
}

// --------------------------------------------------------------------------------------- PPTX

export interface PptxSlide {
  /** Part name, e.g. `ppt/slides/slide3.xml`. */
  readonly part: string
  /** Text of the notes page's body placeholder; paragraphs joined by `\n`. */
  readonly notes: string
  /** Images the slide shows (marp-cli renders each slide as one picture). */
  readonly pictures: readonly Uint8Array[]
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16))
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10))
    return named[entity.toLowerCase()] ?? _
  })
}

/** `Id → Target` of a relationships part, targets resolved against `base` (a folder in the zip). */
async function relationships(zip: JSZip, part: string, base: string): Promise<Map<string, string>> {
  const xml = (await zip.file(part)?.async('string')) ?? ''
  const out = new Map<string, string>()
  for (const [, attrs = ''] of xml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = /\bId="([^"]*)"/.exec(attrs)?.[1]
    const target = /\bTarget="([^"]*)"/.exec(attrs)?.[1]
    if (id && target) out.set(id, posix.resolve('/', base, target).slice(1))
  }
  return out
}

/** Paragraphs of the shape holding `<p:ph type="body"…>`: the speaker notes. */
function notesText(xml: string): string {
  const body = [...xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)]
    .map((m) => m[1] ?? '')
    .find((sp) => /<p:ph\b[^>]*type="body"/.test(sp))
  if (!body) return ''
  return [...body.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)]
    .map((p) =>
      [...(p[1] ?? '').matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => decodeXml(t[1] ?? '')).join(''),
    )
    .join('\n')
}

export async function readPptx(file: string): Promise<PptxSlide[]> {
  const zip = await JSZip.loadAsync(await readFile(file))
  const presentation = (await zip.file('ppt/presentation.xml')?.async('string')) ?? ''
  const rels = await relationships(zip, 'ppt/_rels/presentation.xml.rels', 'ppt')
  const slides: PptxSlide[] = []
  for (const [, rid] of presentation.matchAll(/<p:sldId\b[^>]*\br:id="([^"]*)"/g)) {
    const part = rels.get(rid ?? '')
    if (!part) throw new Error(`presentation.xml names ${rid}, which has no relationship`)
    const folder = part.slice(0, part.lastIndexOf('/'))
    const name = part.slice(part.lastIndexOf('/') + 1)
    const slideRels = await relationships(zip, `${folder}/_rels/${name}.rels`, folder)
    let notes = ''
    const pictures: Uint8Array[] = []
    for (const target of slideRels.values()) {
      if (target.includes('/notesSlides/')) {
        notes = notesText((await zip.file(target)?.async('string')) ?? '')
      } else if (target.includes('/media/')) {
        const data = await zip.file(target)?.async('uint8array')
        if (data) pictures.push(data)
      }
    }
    slides.push({ part, notes, pictures })
  }
  return slides
}

// --------------------------------------------------------------------------------------- HTML

export interface HtmlSection {
  readonly attributes: Readonly<Record<string, string>>
  /** Markup up to the next section start tag. */
  readonly html: string
}

function attributesOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [, name = '', value = ''] of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) {
    out[name] = decodeXml(value)
  }
  return out
}

/**
 * Every `<section>` Marp rendered, in order. A slide with an advanced background
 * (`![bg right]`) renders as three: background, content (the one with the slide's `id`)
 * and pseudo.
 */
export function htmlSections(html: string): HtmlSection[] {
  const starts = [...html.matchAll(/<section\b[^>]*>/g)]
  return starts.map((m, i) => ({
    attributes: attributesOf(m[0]),
    html: html.slice(m.index, starts[i + 1]?.index ?? html.length),
  }))
}

/** The slides: sections with an `id` (Marp numbers them from 1). */
export function htmlSlides(html: string): HtmlSection[] {
  return htmlSections(html).filter((s) => s.attributes.id !== undefined)
}

/** `src` of every `<img>` in `html`. */
export function imageSources(html: string): string[] {
  return [...html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/g)].map((m) => decodeXml(m[1] ?? ''))
}

/** The decoded text of a `data:` URL (base64 or percent-encoded). */
export function decodeDataUrl(url: string): { mime: string; data: Buffer } {
  const match = /^data:([^;,]+)((?:;[^;,]+)*),(.*)$/s.exec(url)
  if (!match) throw new Error(`not a data URL: ${url.slice(0, 60)}`)
  const [, mime = '', params = '', payload = ''] = match
  const data = params.includes(';base64')
    ? Buffer.from(payload, 'base64')
    : Buffer.from(decodeURIComponent(payload), 'utf8')
  return { mime, data }
}
