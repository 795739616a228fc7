/**
 * Slides as plain data (slide-data.ts) → an editable PPTX. PptxGenJS writes the package:
 * presentation, slide size, backgrounds, pictures, painted boxes, tables and speaker notes.
 * Text blocks and diagrams go in as named placeholder shapes, which a pass over the
 * package (jszip) replaces with what PptxGenJS cannot write: text boxes that keep
 * Chromium's layout (text-xml.ts) and diagrams as grouped native shapes
 * (diagram-shapes.ts). The same pass adds the East Asian typeface to table text, turns
 * gradient backgrounds into gradient fills, and stores each image once.
 */
import { createHash } from 'node:crypto'
import JSZip from 'jszip'
import pptxgenjs from 'pptxgenjs'
import { diagramGroupXml } from './diagram-shapes.ts'
import type {
  Box,
  DiagramItem,
  ImageItem,
  ShapeItem,
  SlideBackground,
  SlideData,
  TableItem,
  TextBlock,
} from './slide-data.ts'
import {
  cellParagraphsXml,
  colourXml,
  emu,
  escapeXml,
  textBoxXml,
  type TextXmlOptions,
} from './text-xml.ts'

export interface WritePptxOptions {
  readonly title?: string | undefined
  /** BCP 47 language of the deck (`ja`); runs are tagged with it. */
  readonly lang?: string | undefined
  /** The typeface for East Asian text in every run (the bundled Noto Sans JP). */
  readonly eastAsianFont: string
  /** The typeface a viewer knows for a CSS family (default: the family itself). */
  readonly typeface?: (family: string) => string
}

/** What replaces a placeholder shape, by the placeholder's name. */
type Replacement =
  | { readonly kind: 'text'; readonly block: TextBlock }
  | { readonly kind: 'diagram'; readonly diagram: DiagramItem }
  | { readonly kind: 'cells'; readonly table: TableItem }

/**
 * pptxgenjs's types describe a CommonJS module (its default export is the namespace under
 * Node's ESM rules), while Node loads its ES build, whose default export is the class.
 */
type PptxGenJS = pptxgenjs.default
type PptxSlide = pptxgenjs.default.Slide
const PptxGen: typeof pptxgenjs.default =
  (pptxgenjs as { default?: typeof pptxgenjs.default }).default ??
  (pptxgenjs as unknown as typeof pptxgenjs.default)

const PX_PER_INCH = 96
const inch = (px: number) => px / PX_PER_INCH

export async function writePptx(
  slides: readonly SlideData[],
  options: WritePptxOptions,
): Promise<Buffer> {
  const pptx = new PptxGen()
  const size = slides[0] ?? { width: 1280, height: 720 }
  pptx.defineLayout({ name: 'deck', width: inch(size.width), height: inch(size.height) })
  pptx.layout = 'deck'
  if (options.title) pptx.title = options.title
  const replacements = slides.map(() => new Map<string, Replacement>())
  slides.forEach((slide, index) => {
    const target = pptx.addSlide()
    target.background = {
      color: slide.background.colour.hex,
      ...(slide.background.colour.alpha < 1
        ? { transparency: (1 - slide.background.colour.alpha) * 100 }
        : {}),
    }
    if (slide.notes) target.addNotes(slide.notes)
    slide.items.forEach((item, i) => {
      const name = `sd-${index + 1}-${i + 1}`
      switch (item.kind) {
        case 'rect':
          addRect(pptx, target, item, name)
          break
        case 'image':
          addImage(target, item, name)
          break
        case 'text':
        case 'diagram':
          // A stand-in with the box; replaced in the package (see finishPackage).
          target.addShape(pptx.ShapeType.rect, { ...position(item.box), objectName: name })
          replacements[index]!.set(
            name,
            item.kind === 'text'
              ? { kind: 'text', block: item }
              : { kind: 'diagram', diagram: item },
          )
          break
        case 'table':
          addTable(target, item, name, index)
          replacements[index]!.set(name, { kind: 'cells', table: item })
          break
      }
    })
  })
  const written = (await pptx.write({ outputType: 'nodebuffer' })) as Buffer
  return finishPackage(written, slides, replacements, options)
}

function position(box: Box) {
  return {
    x: inch(box.x),
    y: inch(box.y),
    w: inch(Math.max(box.w, 0.5)),
    h: inch(Math.max(box.h, 0.5)),
  }
}

function transparency(alpha: number): number {
  return Math.round((1 - alpha) * 100)
}

function addRect(pptx: PptxGenJS, slide: PptxSlide, item: ShapeItem, name: string): void {
  const rounded = item.radius > 0
  slide.addShape(rounded ? pptx.ShapeType.roundRect : pptx.ShapeType.rect, {
    ...position(item.box),
    fill: { color: item.fill.hex, transparency: transparency(item.fill.alpha) },
    line: { type: 'none' },
    ...(rounded
      ? { rectRadius: Math.min(0.5, item.radius / Math.min(item.box.w, item.box.h)) }
      : {}),
    objectName: name,
  })
}

function addImage(slide: PptxSlide, item: ImageItem, name: string): void {
  const visible = intersect(item.box, item.clip)
  if (!visible) return
  const cropped = visible.w < item.box.w - 0.5 || visible.h < item.box.h - 0.5
  slide.addImage({
    data: item.src.replace(/^data:/, ''),
    x: inch(visible.x),
    y: inch(visible.y),
    w: inch(item.box.w),
    h: inch(item.box.h),
    ...(cropped
      ? {
          sizing: {
            type: 'crop' as const,
            x: inch(visible.x - item.box.x),
            y: inch(visible.y - item.box.y),
            w: inch(visible.w),
            h: inch(visible.h),
          },
        }
      : {}),
    ...(item.opacity < 1 ? { transparency: transparency(item.opacity) } : {}),
    altText: item.alt,
    objectName: name,
  })
}

function intersect(a: Box, b: Box): Box | undefined {
  const x = Math.max(a.x, b.x)
  const y = Math.max(a.y, b.y)
  const right = Math.min(a.x + a.w, b.x + b.w)
  const bottom = Math.min(a.y + a.h, b.y + b.h)
  return right > x && bottom > y ? { x, y, w: right - x, h: bottom - y } : undefined
}

/** Cells carry a marker text, replaced by their real paragraphs in the package. */
const cellMarker = (slide: number, row: number, column: number) =>
  `sdcell-${slide}-${row}-${column}`

function addTable(slide: PptxSlide, table: TableItem, name: string, index: number): void {
  const rows: pptxgenjs.default.TableRow[] = table.cells.map((row, r) =>
    row.map((cell, c): pptxgenjs.default.TableCell => {
      const { top, right, bottom, left } = cell.padding
      // Points, as PptxGenJS reads table margins of 1 or more.
      const pt = (px: number) => Math.max(1, px * 0.75)
      return {
        text: cellMarker(index, r, c),
        options: {
          ...(cell.fill
            ? { fill: { color: cell.fill.hex, transparency: transparency(cell.fill.alpha) } }
            : {}),
          // 3 px of the right padding lent to the text: auto-sized columns fit their text
          // exactly, and a viewer's slightly wider line would wrap.
          margin: [pt(top), pt(Math.max(0, right - 3)), pt(bottom), pt(left)],
          valign: cell.anchor,
          border: cell.borders.map((b): pptxgenjs.default.BorderProps =>
            b.width > 0 && b.colour.alpha > 0
              ? { type: 'solid', pt: b.width * 0.75, color: b.colour.hex }
              : { type: 'none' },
          ) as [
            pptxgenjs.default.BorderProps,
            pptxgenjs.default.BorderProps,
            pptxgenjs.default.BorderProps,
            pptxgenjs.default.BorderProps,
          ],
        },
      }
    }),
  )
  slide.addTable(rows, {
    x: inch(table.box.x),
    y: inch(table.box.y),
    w: inch(table.box.w),
    // Else PptxGenJS gives the frame a height of one inch, whatever its rows.
    h: inch(table.rows.reduce((sum, h) => sum + h, 0)),
    colW: table.columns.map(inch),
    rowH: table.rows.map(inch),
    objectName: name,
  })
}

// --------------------------------------------------------------------------- the package

async function finishPackage(
  written: Buffer,
  slides: readonly SlideData[],
  replacements: readonly ReadonlyMap<string, Replacement>[],
  options: WritePptxOptions,
): Promise<Buffer> {
  const zip = await JSZip.loadAsync(written)
  const lang =
    options.lang === 'ja' || options.lang?.startsWith('ja-') ? 'ja-JP' : (options.lang ?? 'en-US')
  for (const [index, slide] of slides.entries()) {
    const path = `ppt/slides/slide${index + 1}.xml`
    const relsPath = `ppt/slides/_rels/slide${index + 1}.xml.rels`
    let xml = await zip.file(path)!.async('string')
    let rels = await zip.file(relsPath)!.async('string')
    const links = new Map<string, string>()
    const text: TextXmlOptions = {
      eastAsianFont: options.eastAsianFont,
      typeface: options.typeface ?? ((family) => family),
      lang,
      linkId: (url) => {
        let id = links.get(url)
        if (!id) links.set(url, (id = `rIdSdLink${links.size + 1}`))
        return id
      },
    }
    let nextId = 1000
    for (const [name, replacement] of replacements[index]!) {
      xml = replaceShape(xml, name, (id, shape) => {
        switch (replacement.kind) {
          case 'text':
            return textBoxXml(replacement.block, id, name, text, slide.width)
          case 'diagram': {
            const { box, src, name: diagram } = replacement.diagram
            const group = diagramGroupXml(
              svgText(src),
              { x: emu(box.x), y: emu(box.y), width: emu(box.w), height: emu(box.h) },
              { firstId: nextId, name: diagram, typeface: options.eastAsianFont },
            )
            nextId = group.nextId
            return group.xml
          }
          case 'cells':
            return fillCells(shape, replacement.table, index, text)
        }
      })
    }
    xml = backgroundXml(xml, slide.background)
    rels = rels.replace(
      '</Relationships>',
      [...links]
        .map(
          ([url, id]) =>
            `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${escapeXml(url)}" TargetMode="External"/>`,
        )
        .join('') + '</Relationships>',
    )
    zip.file(path, xml)
    zip.file(relsPath, rels)
  }
  await storeImagesOnce(zip)
  return zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
  })
}

/** Replaces the `<p:sp>` or `<p:graphicFrame>` named `name`, keeping its shape id. */
function replaceShape(
  xml: string,
  name: string,
  make: (id: number, shape: string) => string,
): string {
  const pattern = new RegExp(
    `<(p:sp|p:graphicFrame)>(?:(?!</\\1>).)*?<p:cNvPr id="(\\d+)" name="${name}"(?:(?!</\\1>).)*?</\\1>`,
    's',
  )
  return xml.replace(pattern, (shape: string, _tag: string, id: string) => make(Number(id), shape))
}

function fillCells(
  shape: string,
  table: TableItem,
  slide: number,
  options: TextXmlOptions,
): string {
  return shape.replace(
    /<a:txBody><a:bodyPr\/><a:lstStyle\/>(?:(?!<\/a:txBody>).)*?sdcell-(\d+)-(\d+)-(\d+)(?:(?!<\/a:txBody>).)*?<\/a:txBody>/gs,
    (whole, s: string, r: string, c: string) => {
      if (Number(s) !== slide) return whole
      const cell = table.cells[Number(r)]?.[Number(c)]
      const paragraphs =
        cell && cell.paragraphs.length > 0
          ? cellParagraphsXml(cell.paragraphs, { ...options, highlights: true })
          : '<a:p><a:endParaRPr dirty="0"/></a:p>'
      return `<a:txBody><a:bodyPr/><a:lstStyle/>${paragraphs}</a:txBody>`
    },
  )
}

function svgText(src: string): string {
  const comma = src.indexOf(',')
  const head = src.slice(0, comma)
  const body = src.slice(comma + 1)
  return head.endsWith(';base64')
    ? Buffer.from(body, 'base64').toString('utf8')
    : decodeURIComponent(body)
}

/** A CSS linear gradient as the slide's background fill (PptxGenJS has solid colours only). */
function backgroundXml(xml: string, background: SlideBackground): string {
  const { gradient } = background
  if (!gradient || gradient.stops.length < 2) return xml
  const stops = gradient.stops
    .map((s) => `<a:gs pos="${Math.round(s.at * 100000)}">${colourXml(s.colour)}</a:gs>`)
    .join('')
  // CSS 180deg runs top to bottom; DrawingML's 0 runs left to right, clockwise.
  const angle = Math.round((((gradient.angle - 90) % 360) + 360) % 360) * 60000
  const fill = `<a:gradFill rotWithShape="1"><a:gsLst>${stops}</a:gsLst><a:lin ang="${angle}" scaled="0"/></a:gradFill>`
  return xml.replace(
    /<p:bg><p:bgPr>.*?<\/p:bgPr><\/p:bg>/s,
    `<p:bg><p:bgPr>${fill}<a:effectLst/></p:bgPr></p:bg>`,
  )
}

/**
 * PptxGenJS writes one media file per picture; a picture used on several slides (a logo,
 * a background) is kept once and every relationship points at that one.
 */
async function storeImagesOnce(zip: JSZip): Promise<void> {
  const first = new Map<string, string>()
  const rename = new Map<string, string>()
  const media = zip.file(/^ppt\/media\//).map((f) => f.name)
  for (const path of media.sort()) {
    const hash = createHash('sha256')
      .update(await zip.file(path)!.async('nodebuffer'))
      .digest('hex')
    const kept = first.get(hash)
    if (kept) {
      rename.set(path.slice('ppt/'.length), kept.slice('ppt/'.length))
      zip.remove(path)
    } else {
      first.set(hash, path)
    }
  }
  if (rename.size === 0) return
  for (const path of Object.keys(zip.files).filter((p) =>
    /^ppt\/slides\/_rels\/.*\.rels$/.test(p),
  )) {
    const rels = await zip.file(path)!.async('string')
    zip.file(
      path,
      rels.replace(/Target="\.\.\/(media\/[^"]+)"/g, (whole, target: string) => {
        const kept = rename.get(target)
        return kept ? `Target="../${kept}"` : whole
      }),
    )
  }
}
