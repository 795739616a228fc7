/**
 * DrawingML for a text block: one `<p:sp>` text box per heading, paragraph, list or code
 * block, written here rather than by PptxGenJS because the box must hold its text where
 * Chromium laid it out, which needs what PptxGenJS has no option for: the East Asian
 * typeface (`<a:ea>`, else Japanese falls to the viewer's default font), zero insets,
 * exact line pitch and paragraph gaps, list indents apart from the marker's hanging, and
 * Japanese line-breaking properties. Pure: data in, XML out.
 */
import type { Colour, Paragraph, TextBlock, TextRun } from './slide-data.ts'

/** EMU per CSS px (914400 per inch, 96 px per inch). */
export const EMU_PER_PX = 9525

export interface TextXmlOptions {
  /** Typeface for East Asian characters (`<a:ea>`), whatever the Latin one. */
  readonly eastAsianFont: string
  /** Language of the runs (`ja-JP`). */
  readonly lang: string
  /** Relationship id for a hyperlink target (the writer adds the relationship). */
  readonly linkId: (url: string) => string
  /** The typeface a viewer knows for a CSS family (`Stackdeck Sans` → `Noto Sans JP`). */
  readonly typeface: (family: string) => string
  /** Runs show their inline box's background as a highlight (table cells). */
  readonly highlights?: boolean
}

export const emu = (px: number): number => Math.round(px * EMU_PER_PX)
/** Hundredths of a point (font sizes, spacing): 1 px is 0.75 pt. */
const centiPoints = (px: number): number => Math.round(px * 75)

export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // Characters XML 1.0 cannot hold at all (a stray control character in a deck).
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
  )
}

export function colourXml(colour: Colour): string {
  const alpha =
    colour.alpha < 1 ? `<a:alpha val="${Math.round(Math.max(0, colour.alpha) * 100000)}"/>` : ''
  return `<a:srgbClr val="${colour.hex}">${alpha}</a:srgbClr>`
}

/**
 * How much wider than Chromium's box a one-line text box is, as a share of the font size:
 * a viewer whose font or spacing is a little wider (a substitute font; LibreOffice's
 * space between Japanese and Latin text) then keeps the line instead of wrapping its
 * last word below the box.
 */
export const SLACK_EM = 0.6

/**
 * How much lower LibreOffice Impress sets a line's baseline than Chromium does at the same
 * line top, in em, beyond the leading: measured from both PDFs' text positions (pdf.js) on
 * the virtualization deck and three corpus decks, 0.07–0.10 em for Noto Sans JP and
 * Lato at 16–68 px, whatever the line pitch.
 */
const BASELINE_DROP_EM = 0.085

export function textBoxXml(
  block: TextBlock,
  id: number,
  name: string,
  options: TextXmlOptions,
  slideWidth: number,
): string {
  const { box } = block
  const size = Math.max(...block.paragraphs.flatMap((p) => p.runs.map((r) => r.size)), 0)
  const centred = block.paragraphs.every((p) => p.align === 'center')
  const right = block.paragraphs.every((p) => p.align === 'right')
  // Room to grow where it changes nothing: right of left-aligned text, both sides of
  // centred; only for lines Chromium did not wrap (a wider box would wrap a paragraph's
  // lines elsewhere than Chromium did; 1 px covers rounding).
  const wrapped = block.paragraphs.some((p) => p.lines > 1)
  const room = Math.max(0, slideWidth - (box.x + box.w))
  const slack = Math.min(wrapped ? 1 : size * SLACK_EM, room)
  const x = right ? box.x - slack : centred ? box.x - slack / 2 : box.x
  const w = box.w + slack
  // LibreOffice puts a fixed line pitch's leading above the text, CSS half above and half
  // below: the box moves up by half the first line's leading, and by what LibreOffice's
  // baseline lies below Chromium's besides (BASELINE_DROP_EM), so the baselines meet.
  const first = block.paragraphs[0]
  const firstSize = Math.max(...(first?.runs.map((r) => r.size) ?? [0]), 0)
  const y = first
    ? box.y - (first.lineHeight - first.textHeight) / 2 - firstSize * BASELINE_DROP_EM
    : box.y
  const wrap = block.nowrap ? 'none' : 'square'
  const anchor = { top: 't', middle: 'ctr', bottom: 'b' }[block.anchor]
  const paragraphs = block.paragraphs.map((p) => paragraphXml(p, options)).join('')
  return (
    `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${escapeXml(name)}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>` +
    `<p:spPr><a:xfrm><a:off x="${emu(x)}" y="${emu(y)}"/><a:ext cx="${emu(w)}" cy="${emu(box.h)}"/></a:xfrm>` +
    `<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>` +
    `<p:txBody><a:bodyPr wrap="${wrap}" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" anchor="${anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle/>` +
    paragraphs +
    `</p:txBody></p:sp>`
  )
}

/** The paragraphs of a table cell (the table itself is PptxGenJS's). */
export function cellParagraphsXml(
  paragraphs: readonly Paragraph[],
  options: TextXmlOptions,
): string {
  return paragraphs.map((p) => paragraphXml(p, options)).join('')
}

function paragraphXml(paragraph: Paragraph, options: TextXmlOptions): string {
  const algn = { left: 'l', center: 'ctr', right: 'r', justify: 'just' }[paragraph.align]
  const { bullet } = paragraph
  // The text starts at marL; a marker hangs `hanging` px to its left (indent is negative).
  const marL = emu(paragraph.indent)
  const indent = bullet ? -emu(paragraph.hanging) : 0
  // Line breaks as in Chromium for Japanese: break between any two characters (eaLnBrk),
  // never inside a Latin word (latinLnBrk=0), punctuation kept off line starts (hangingPunct).
  let pPr =
    `<a:pPr marL="${marL}" indent="${indent}" algn="${algn}" eaLnBrk="1" latinLnBrk="0" hangingPunct="1" fontAlgn="base">` +
    `<a:lnSpc><a:spcPts val="${centiPoints(paragraph.lineHeight)}"/></a:lnSpc>` +
    `<a:spcBef><a:spcPts val="${centiPoints(paragraph.spaceBefore)}"/></a:spcBef>` +
    `<a:spcAft><a:spcPts val="0"/></a:spcAft>`
  if (bullet) {
    pPr +=
      `<a:buClr>${colourXml(bullet.colour)}</a:buClr>` +
      `<a:buSzPts val="${centiPoints(bullet.size)}"/>` +
      `<a:buFont typeface="${escapeXml(options.typeface(bullet.font))}"/>`
    pPr +=
      bullet.kind === 'number'
        ? `<a:buAutoNum type="${autoNumber(bullet.style)}" startAt="${bullet.start ?? 1}"/>`
        : `<a:buChar char="${escapeXml(bullet.char ?? '•')}"/>`
  } else {
    pPr += '<a:buNone/>'
  }
  pPr += '</a:pPr>'
  const runs = paragraph.runs.map((r) => runXml(r, options)).join('')
  const last = paragraph.runs[paragraph.runs.length - 1]
  const end = last
    ? `<a:endParaRPr lang="${options.lang}" sz="${centiPoints(last.size)}" dirty="0"/>`
    : ''
  return `<a:p>${pPr}${runs}${end}</a:p>`
}

function runPropertiesXml(run: TextRun, options: TextXmlOptions, tag = 'a:rPr'): string {
  const attributes = [
    `lang="${options.lang}"`,
    `altLang="en-US"`,
    `sz="${centiPoints(run.size)}"`,
    `b="${run.bold ? 1 : 0}"`,
    `i="${run.italic ? 1 : 0}"`,
    ...(run.underline ? ['u="sng"'] : []),
    ...(run.strike ? ['strike="sngStrike"'] : []),
    ...(run.baseline === 'sub' ? ['baseline="-25000"'] : []),
    ...(run.baseline === 'super' ? ['baseline="30000"'] : []),
    ...(run.spacing ? [`spc="${centiPoints(run.spacing)}"`] : []),
    'dirty="0"',
  ].join(' ')
  const font = escapeXml(options.typeface(run.font) || options.eastAsianFont)
  const ea = escapeXml(options.eastAsianFont)
  const link = run.link ? `<a:hlinkClick r:id="${options.linkId(run.link)}"/>` : ''
  const highlight =
    options.highlights && run.highlight
      ? `<a:highlight>${colourXml({ ...run.highlight, alpha: 1 })}</a:highlight>`
      : ''
  return (
    `<${tag} ${attributes}><a:solidFill>${colourXml(run.colour)}</a:solidFill>${highlight}` +
    `<a:latin typeface="${font}"/><a:ea typeface="${ea}"/><a:cs typeface="${font}"/>${link}</${tag}>`
  )
}

function runXml(run: TextRun, options: TextXmlOptions): string {
  if (run.br) return `<a:br>${runPropertiesXml(run, options)}</a:br>`
  return `<a:r>${runPropertiesXml(run, options)}<a:t>${escapeXml(run.text)}</a:t></a:r>`
}

/** CSS list-style-type → DrawingML auto-numbering scheme. */
function autoNumber(style: string | undefined): string {
  switch (style) {
    case 'lower-alpha':
    case 'lower-latin':
      return 'alphaLcPeriod'
    case 'upper-alpha':
    case 'upper-latin':
      return 'alphaUcPeriod'
    case 'lower-roman':
      return 'romanLcPeriod'
    case 'upper-roman':
      return 'romanUcPeriod'
    default:
      return 'arabicPeriod'
  }
}
