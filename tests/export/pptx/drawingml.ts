/**
 * Reading back the DrawingML that diagram-shapes writes, the way a viewer would: parsed by
 * a strict XML parser (@xmldom/xmldom, namespace-aware), then each shape's box, fill, line
 * and paragraphs as numbers. Nothing here is borrowed from the module under test.
 */
import { DOMParser, type Element } from '@xmldom/xmldom'

export const NS = {
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  p: 'http://schemas.openxmlformats.org/presentationml/2006/main',
  r: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
} as const

/**
 * Parses a `<p:grpSp>` fragment inside a slide's `spTree`, failing on any XML error. xmldom
 * lets a bare `&`, a `]]>` and control characters through, so those are checked here.
 */
export function parseGroupXml(xml: string): Element {
  const bare = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(xml)
  if (bare) throw new Error(`bare '&' at ${bare.index}: ${xml.slice(bare.index, bare.index + 20)}`)
  if (xml.includes(']]>')) throw new Error("']]>' in character data")
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) throw new Error('control character')
  const slide =
    `<p:sld xmlns:a="${NS.a}" xmlns:p="${NS.p}" xmlns:r="${NS.r}"><p:cSld><p:spTree>` +
    `${xml}</p:spTree></p:cSld></p:sld>`
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`)
    },
  }).parseFromString(slide, 'application/xml')
  const groups = doc.getElementsByTagNameNS(NS.p, 'grpSp')
  if (groups.length !== 1) throw new Error(`${groups.length} <p:grpSp> elements, expected one`)
  return groups.item(0)!
}

export function children(el: Element, ns: string, name: string): Element[] {
  const out: Element[] = []
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === name)
      out.push(n as Element)
  }
  return out
}

export function child(el: Element, ns: string, name: string): Element | undefined {
  return children(el, ns, name)[0]
}

export function descendants(el: Element, ns: string, name: string): Element[] {
  const list = el.getElementsByTagNameNS(ns, name)
  const out: Element[] = []
  for (let i = 0; i < list.length; i++) out.push(list.item(i)!)
  return out
}

export const numberAttr = (el: Element | undefined, name: string, fallback = NaN): number =>
  el && el.hasAttribute(name) ? Number(el.getAttribute(name)) : fallback

export interface Colour {
  readonly rgb: string
  /** 0–1. */
  readonly alpha: number
}

/** The colour of an element holding `<a:solidFill>` or `<a:noFill>`; undefined for none. */
export function solidFill(el: Element | undefined): Colour | undefined {
  const fill = el && child(el, NS.a, 'solidFill')
  const clr = fill && child(fill, NS.a, 'srgbClr')
  if (!clr) return undefined
  const alpha = child(clr, NS.a, 'alpha')
  return { rgb: clr.getAttribute('val')!, alpha: numberAttr(alpha, 'val', 100000) / 100000 }
}

export interface Xfrm {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export function readXfrm(xfrm: Element): Xfrm {
  const off = child(xfrm, NS.a, 'off')
  const ext = child(xfrm, NS.a, 'ext')
  return {
    x: numberAttr(off, 'x'),
    y: numberAttr(off, 'y'),
    width: numberAttr(ext, 'cx'),
    height: numberAttr(ext, 'cy'),
  }
}

export interface ReadRun {
  readonly text: string
  /** 1/100 pt. */
  readonly sz: number
  readonly bold: boolean
  readonly colour: Colour | undefined
  readonly lang: string
  readonly typefaces: { readonly latin?: string; readonly ea?: string; readonly cs?: string }
}

export interface ReadParagraph {
  readonly text: string
  readonly algn: string
  /** Exact line height, 1/100 pt; NaN when not exact. */
  readonly spcPts: number
  readonly runs: readonly ReadRun[]
}

export interface ReadBody {
  readonly wrap: string
  readonly anchor: string
  /** EMU. */
  readonly insets: {
    readonly l: number
    readonly t: number
    readonly r: number
    readonly b: number
  }
  readonly autofit: boolean
  readonly paragraphs: readonly ReadParagraph[]
}

export interface ReadShape {
  readonly id: number
  readonly name: string
  readonly descr: string
  readonly textBox: boolean
  /** In the group's child space (EMU-scaled SVG units). */
  readonly box: Xfrm
  readonly geometry: string
  /** Corner radius adjust of a roundRect, 0–50000. */
  readonly adj: number
  readonly fill: Colour | undefined
  readonly line: {
    readonly width: number
    readonly colour: Colour | undefined
    readonly dash: boolean
  }
  readonly body: ReadBody | undefined
}

export function readShape(sp: Element): ReadShape {
  const nv = child(sp, NS.p, 'nvSpPr')!
  const cNvPr = child(nv, NS.p, 'cNvPr')!
  const spPr = child(sp, NS.p, 'spPr')!
  const prst = child(spPr, NS.a, 'prstGeom')
  const gd = prst && descendants(prst, NS.a, 'gd')[0]
  const ln = child(spPr, NS.a, 'ln')
  const txBody = child(sp, NS.p, 'txBody')
  return {
    id: numberAttr(cNvPr, 'id'),
    name: cNvPr.getAttribute('name') ?? '',
    descr: cNvPr.getAttribute('descr') ?? '',
    textBox: child(nv, NS.p, 'cNvSpPr')?.getAttribute('txBox') === '1',
    box: readXfrm(child(spPr, NS.a, 'xfrm')!),
    geometry: prst?.getAttribute('prst') ?? (child(spPr, NS.a, 'custGeom') ? 'custGeom' : ''),
    adj: gd ? Number(/val (\d+)/.exec(gd.getAttribute('fmla') ?? '')?.[1]) : NaN,
    fill: solidFill(spPr),
    line: {
      width: numberAttr(ln, 'w', 0),
      colour: solidFill(ln),
      dash: ln !== undefined && child(ln, NS.a, 'custDash') !== undefined,
    },
    body: txBody && readBody(txBody),
  }
}

function readBody(txBody: Element): ReadBody {
  const bodyPr = child(txBody, NS.a, 'bodyPr')!
  return {
    wrap: bodyPr.getAttribute('wrap') ?? 'square',
    anchor: bodyPr.getAttribute('anchor') ?? 't',
    insets: {
      l: numberAttr(bodyPr, 'lIns', 91440),
      t: numberAttr(bodyPr, 'tIns', 45720),
      r: numberAttr(bodyPr, 'rIns', 91440),
      b: numberAttr(bodyPr, 'bIns', 45720),
    },
    autofit: child(bodyPr, NS.a, 'noAutofit') === undefined,
    paragraphs: children(txBody, NS.a, 'p').map(readParagraph),
  }
}

function readParagraph(p: Element): ReadParagraph {
  const pPr = child(p, NS.a, 'pPr')
  const lnSpc = pPr && child(pPr, NS.a, 'lnSpc')
  const runs = children(p, NS.a, 'r').map((r): ReadRun => {
    const rPr = child(r, NS.a, 'rPr')!
    const face = (name: string) => child(rPr, NS.a, name)?.getAttribute('typeface') ?? undefined
    return {
      text: child(r, NS.a, 't')?.textContent ?? '',
      sz: numberAttr(rPr, 'sz'),
      bold: rPr.getAttribute('b') === '1',
      colour: solidFill(rPr),
      lang: rPr.getAttribute('lang') ?? '',
      typefaces: { latin: face('latin'), ea: face('ea'), cs: face('cs') },
    }
  })
  return {
    text: runs.map((r) => r.text).join(''),
    algn: pPr?.getAttribute('algn') ?? 'l',
    spcPts: numberAttr(lnSpc && child(lnSpc, NS.a, 'spcPts'), 'val'),
    runs,
  }
}
