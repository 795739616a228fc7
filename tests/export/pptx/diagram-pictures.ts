/**
 * Looking at a diagram group the way a reader of the PPTX would: the group alone on a
 * 1280×720 slide of the deck's background, converted by LibreOffice Impress to PDF and
 * rendered by poppler; beside it the SVG at the same place, drawn by Chromium. SSIM (ssim.js)
 * compares the two.
 *
 * LibreOffice sees only the bundled Noto Sans JP (a fontconfig file listing its folder) and
 * runs in a Japanese locale: its default spacing between Japanese and Latin text is off
 * there, as for a Japanese reader (the PPTX cannot switch it; see diagram-shapes.ts).
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import pptxgenjs from 'pptxgenjs'
import { PNG } from 'pngjs'
import type { Browser } from 'puppeteer-core'
import { ssim } from 'ssim.js'
import { diagramGroupXml } from '../../../src/export/pptx/diagram-shapes.ts'
import { FONT_FILES } from '../../../src/text/font.ts'

const run = promisify(execFile)
export const WIDTH = 1280
export const HEIGHT = 720
/**
 * The deck's own slide size, 1280×720 px at 96 dpi. LibreOffice 7.4's PDF export draws a
 * slide whose size is not a whole number of points (13.333 in is 960.009 pt there) about
 * 0.1 % smaller than its page (×0.99897; 12 × 6.75 in is drawn at ×1), up to 0.6 px off
 * at the bottom right. Measured both ways, the deck's size still scores higher (text at
 * the deck's point sizes), so that is what is compared.
 */
const SLIDE_INCHES = { width: WIDTH / 96, height: HEIGHT / 96 }
const EMU_PER_PX = (SLIDE_INCHES.width * 914400) / WIDTH

/** pptxgenjs's types describe CommonJS; Node loads its ES build, whose default is the class. */
const PptxGen: typeof pptxgenjs.default =
  (pptxgenjs as { default?: typeof pptxgenjs.default }).default ??
  (pptxgenjs as unknown as typeof pptxgenjs.default)

export function whichTool(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const file = join(dir, name)
    if (existsSync(file)) return file
  }
  return undefined
}

export interface Picture {
  readonly name: string
  readonly svg: string
  /** Slide background, hex without '#'. */
  readonly background: string
}

/** Where the SVG sits: about centred on the slide, at its own size. */
function placeOnSlide(svg: string): { x: number; y: number; width: number; height: number } {
  const [, , width, height] = /viewBox="([^"]+)"/
    .exec(svg)![1]!
    .split(/\s+/)
    .map(Number) as number[]
  // Whole pixels: Chromium snaps an image's position to them.
  return {
    x: Math.round((WIDTH - width!) / 2),
    y: Math.round((HEIGHT - height!) / 2),
    width: width!,
    height: height!,
  }
}

/** A one-slide PPTX holding the diagram's group (after `edit`, to change it as a user would). */
export async function oneSlideDeck(
  picture: Picture,
  edit: (groupXml: string) => string = (xml) => xml,
): Promise<Buffer> {
  const pptx = new PptxGen()
  pptx.defineLayout({ name: 'slide', ...SLIDE_INCHES })
  pptx.layout = 'slide'
  pptx.addSlide().background = { color: picture.background }
  const zip = await JSZip.loadAsync((await pptx.write({ outputType: 'nodebuffer' })) as Buffer)
  const path = 'ppt/slides/slide1.xml'
  const place = placeOnSlide(picture.svg)
  const { xml } = diagramGroupXml(
    picture.svg,
    {
      x: place.x * EMU_PER_PX,
      y: place.y * EMU_PER_PX,
      width: place.width * EMU_PER_PX,
      height: place.height * EMU_PER_PX,
    },
    {
      firstId: 10,
      name: picture.name,
      typeface: 'Noto Sans JP',
      background: `#${picture.background}`,
    },
  )
  const slide = await zip.file(path)!.async('string')
  zip.file(path, slide.replace('</p:spTree>', `${edit(xml)}</p:spTree>`))
  return zip.generateAsync({ type: 'nodebuffer' })
}

/** LibreOffice → PDF → PNG at 1280×720, for each deck written into `dir` as `<name>.pptx`. */
export async function renderInLibreOffice(dir: string, names: readonly string[]): Promise<void> {
  await convertWithLibreOffice(
    dir,
    names.map((n) => join(dir, `${n}.pptx`)),
    'pdf',
    dir,
  )
  for (const name of names)
    await rasterize(join(dir, `${name}.pdf`), join(dir, `${name}.pptx-page`))
}

/** `soffice --convert-to <format>` of `files` into `outDir`, with the bundled font only. */
export async function convertWithLibreOffice(
  dir: string,
  files: readonly string[],
  format: string,
  outDir: string,
  timeoutMs = 120_000,
): Promise<void> {
  const fontconfig = join(dir, 'fonts.conf')
  const fontDir = dirname(dirname(FONT_FILES.regular))
  await writeFile(
    fontconfig,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>${fontDir}</dir><cachedir>${join(dir, 'fc-cache')}</cachedir></fontconfig>\n`,
  )
  const env = {
    ...process.env,
    FONTCONFIG_FILE: fontconfig,
    LC_ALL: 'ja_JP.UTF-8',
    LANG: 'ja_JP.UTF-8',
  }
  await run(
    'soffice',
    [
      '--headless',
      `-env:UserInstallation=file://${join(dir, 'lo-profile')}`,
      '--convert-to',
      format,
      '--outdir',
      outDir,
      ...files,
    ],
    { env, timeout: timeoutMs },
  )
}

/**
 * The SVG as an `<img>` at the same place on the same background, printed by Chromium to
 * PDF and rendered by poppler like the PPTX's page: the deck's own PDF export, and the same
 * rasterizer on both sides (a screenshot would compare Skia's anti-aliasing with poppler's).
 */
export async function renderInChromium(
  browser: Browser,
  picture: Picture,
  dir: string,
): Promise<Buffer> {
  const page = await browser.newPage()
  const pdf = join(dir, `${picture.name}.svg.pdf`)
  try {
    await page.setViewport({ width: WIDTH, height: HEIGHT })
    const place = placeOnSlide(picture.svg)
    const src = `data:image/svg+xml;base64,${Buffer.from(picture.svg).toString('base64')}`
    await page.setContent(
      `<style>@page{size:${WIDTH}px ${HEIGHT}px;margin:0}</style>` +
        `<body style="margin:0;background:#${picture.background}"><img style="position:absolute;left:${place.x}px;top:${place.y}px;width:${place.width}px" src="${src}"></body>`,
    )
    await page.waitForFunction(() => document.images[0]?.complete)
    await page.pdf({ path: pdf, width: `${WIDTH}px`, height: `${HEIGHT}px`, printBackground: true })
  } finally {
    await page.close()
  }
  await rasterize(pdf, join(dir, `${picture.name}.svg-page`))
  return readFile(join(dir, `${picture.name}.svg-page.png`))
}

async function rasterize(pdf: string, outBase: string): Promise<void> {
  await run('pdftoppm', [
    '-png',
    '-singlefile',
    '-scale-to-x',
    String(WIDTH),
    '-scale-to-y',
    String(HEIGHT),
    pdf,
    outBase,
  ])
}

export function similarity(a: Buffer, b: Buffer): number {
  const x = PNG.sync.read(a)
  const y = PNG.sync.read(b)
  const image = (p: PNG) => ({
    data: new Uint8ClampedArray(p.data),
    width: p.width,
    height: p.height,
  })
  return ssim(image(x), image(y)).mssim
}

/** Both pictures one above the other, to look at. */
export function sideBySide(a: Buffer, b: Buffer): Buffer {
  const x = PNG.sync.read(a)
  const y = PNG.sync.read(b)
  const out = new PNG({ width: x.width, height: x.height + y.height })
  x.data.copy(out.data, 0)
  y.data.copy(out.data, x.data.length)
  return PNG.sync.write(out)
}
