/**
 * Editable PPTX fidelity: how close LibreOffice Impress draws stackdeck's editable PPTX
 * to the deck's own PDF (what Chromium prints), slide by slide, with SSIM.
 *
 * For the virtualization deck and the corpus: `stackdeck build --only pdf,pptx`; the PPTX
 * is converted to PDF by LibreOffice with the bundled fonts visible to it (a fontconfig
 * file listing the font packages' folders, then the system's); both PDFs are rendered
 * the same way (poppler at 2560×1440, averaged down to 640×360) and compared page by page
 * with ssim.js. LibreOffice runs in a Japanese locale, as a Japanese reader's does: in any
 * other locale it adds space between Japanese and Latin text by default, a setting no
 * PPTX property reaches (its "Asian typography" paragraph option); that run is reported
 * too. Each text line LibreOffice prints is also checked against the text boxes of the
 * PPTX: a line whose box lies outside every text box (with 2 pt of slack) is text out of
 * its box.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import JSZip from 'jszip'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { PNG } from 'pngjs'
import { ssim } from 'ssim.js'
import { loadAverage } from '../lib/machine.ts'
import { timeProcessOk } from '../lib/process.ts'
import { REPO_ROOT, STACKDECK_BIN, createTempProject } from '../lib/project.ts'
import type { SuiteReport, Table } from '../lib/report.ts'
import type { Suite } from '../lib/suite.ts'

const run = promisify(execFile)

const TARGETS = { mean: 0.9, diagram: 0.95, worst: 0.8 }
/** Where the side-by-side pictures of the worst slides go (not committed). */
const LOOK_DIR = join(tmpdir(), 'stackdeck-fidelity')
const FONT_DIRS = ['noto-sans-jp', 'lato', 'roboto-mono'].map((f) =>
  join(REPO_ROOT, 'node_modules', '@expo-google-fonts', f),
)

type Kind = 'diagram' | 'title' | 'table' | 'text'

interface SlideScore {
  readonly deck: string
  readonly slide: number
  readonly kind: Kind
  readonly ssim: number
  /** Same, LibreOffice in an English locale. */
  readonly ssimEn: number
  readonly outOfBox: number
}

export const fidelitySuite: Suite = {
  name: 'fidelity',
  summary:
    'editable PPTX drawn by LibreOffice vs the deck PDF, SSIM per slide (virtualization deck, corpus)',
  async run(context) {
    const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p))
    if (!soffice)
      throw new Error('LibreOffice (soffice) is not installed: apt-get install libreoffice-impress')
    const loadBefore = loadAverage()
    const work = await mkdtemp(join(tmpdir(), 'stackdeck-bench-fidelity-'))
    await rm(LOOK_DIR, { recursive: true, force: true })
    await mkdir(LOOK_DIR, { recursive: true })
    const fontconfig = join(work, 'fonts.conf')
    await writeFile(
      fontconfig,
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n${[...FONT_DIRS, '/usr/share/fonts'].map((d) => `  <dir>${d}</dir>`).join('\n')}\n  <cachedir>${join(work, 'fc-cache')}</cachedir>\n</fontconfig>\n`,
    )
    const project = await createTempProject('fidelity')
    const corpus = join(work, 'corpus')
    await cp(join(REPO_ROOT, 'tests', 'fixtures', 'corpus'), corpus, { recursive: true })
    const scores: SlideScore[] = []
    const sizes: string[][] = []
    try {
      for (const [label, root] of [
        ['virtualization', project.root],
        ['corpus', corpus],
      ] as const) {
        context.log(`fidelity: building ${label}`)
        const out = join(work, `dist-${label}`)
        await timeProcessOk(
          process.execPath,
          [STACKDECK_BIN, 'build', '--root', root, '--only', 'pdf,pptx', '--out', out],
          { cwd: root, env: { ...process.env, NO_COLOR: '1' } },
        )
        const pptxFiles = (await readdir(out, { recursive: true }))
          .filter((f) => f.endsWith('.pptx'))
          .sort()
        for (const file of pptxFiles) {
          const deck = file.replace(/\.pptx$/, '')
          context.log(`fidelity: ${deck}`)
          const pptx = join(out, file)
          const pdf = join(out, `${deck}.pdf`)
          const [ja, en] = await Promise.all([
            convert(soffice, pptx, join(work, 'lo-ja', deck), fontconfig, 'ja_JP.UTF-8'),
            convert(soffice, pptx, join(work, 'lo-en', deck), fontconfig, 'en_US.UTF-8'),
          ])
          const reference = await pages(pdf, join(work, 'ref', deck))
          const drawn = await pages(ja, join(work, 'png-ja', deck))
          const drawnEn = await pages(en, join(work, 'png-en', deck))
          const zip = await JSZip.loadAsync(await readFile(pptx))
          const boxes = await textBoxes(zip)
          const lines = await pdfLines(ja)
          sizes.push([
            deck,
            `${reference.length}`,
            `${((await readFile(pptx)).length / 1024).toFixed(0)} KiB`,
          ])
          for (let i = 0; i < reference.length; i++) {
            const xml = await zip.file(`ppt/slides/slide${i + 1}.xml`)!.async('string')
            scores.push({
              deck,
              slide: i + 1,
              kind: kindOf(xml),
              ssim: compare(reference[i]!, drawn[i]),
              ssimEn: compare(reference[i]!, drawnEn[i]),
              outOfBox: (lines[i] ?? []).filter((l) => !(boxes[i] ?? []).some((b) => inside(l, b)))
                .length,
            })
          }
          await Promise.all(
            reference.map(async (ref, i) => {
              const side = sideBySide(ref, drawn[i])
              await writeFile(
                join(LOOK_DIR, `${deck.replace(/\//g, '_')}-${i + 1}.png`),
                PNG.sync.write(side),
              )
            }),
          )
        }
      }
    } finally {
      await project.dispose()
      await rm(work, { recursive: true, force: true })
    }
    const all = scores.map((s) => s.ssim)
    const mean = average(all)
    const worst = Math.min(...all)
    const diagram = scores.filter((s) => s.kind === 'diagram').map((s) => s.ssim)
    const outOfBox = scores.reduce((n, s) => n + s.outOfBox, 0)
    const worstFive = [...scores].sort((a, b) => a.ssim - b.ssim).slice(0, 5)
    return {
      title: 'Editable PPTX fidelity: LibreOffice Impress vs the deck PDF (SSIM)',
      runs: `1 build per project; every slide of ${new Set(scores.map((s) => s.deck)).size} decks (${scores.length} slides)`,
      targets: [
        {
          name: 'mean SSIM, all slides',
          goal: `≥ ${TARGETS.mean}`,
          measured: mean.toFixed(3),
          met: mean >= TARGETS.mean,
        },
        {
          name: 'mean SSIM, diagram slides',
          goal: `≥ ${TARGETS.diagram}`,
          measured: average(diagram).toFixed(3),
          met: average(diagram) >= TARGETS.diagram,
        },
        {
          name: 'worst slide',
          goal: `≥ ${TARGETS.worst}`,
          measured: worst.toFixed(3),
          met: worst >= TARGETS.worst,
        },
        {
          name: 'text lines out of their box',
          goal: '0',
          measured: String(outOfBox),
          met: outOfBox === 0,
        },
      ],
      tables: [
        byKindTable(scores),
        {
          title: 'Worst five slides',
          columns: ['deck', 'slide', 'kind', 'SSIM', 'SSIM, English locale'],
          rows: worstFive.map((s) => [
            s.deck,
            String(s.slide),
            s.kind,
            s.ssim.toFixed(3),
            s.ssimEn.toFixed(3),
          ]),
        },
        {
          title: 'Per slide',
          columns: ['deck', 'slide', 'kind', 'SSIM', 'SSIM, English locale', 'lines out of box'],
          rows: scores.map((s) => [
            s.deck,
            String(s.slide),
            s.kind,
            s.ssim.toFixed(3),
            s.ssimEn.toFixed(3),
            String(s.outOfBox),
          ]),
        },
        { title: 'Editable PPTX files', columns: ['deck', 'slides', 'size'], rows: sizes },
      ],
      method: [
        "`stackdeck build --root <copy> --only pdf,pptx`: the deck PDF (marp-cli, Chromium) and the editable PPTX (written from the deck check's page), for a temp copy of the project (virtualization deck) and of tests/fixtures/corpus.",
        `LibreOffice: \`soffice -env:UserInstallation=<own profile> --headless --convert-to pdf\`, \`FONTCONFIG_FILE\` listing node_modules/@expo-google-fonts/{noto-sans-jp,lato,roboto-mono} then /usr/share/fonts, \`LC_ALL=ja_JP.UTF-8\` (and again \`en_US.UTF-8\` for the English-locale column).`,
        'Both PDFs: `pdftoppm -png -scale-to-x 2560 -scale-to-y 1440`, averaged 4×4 down to 640×360, compared with ssim.js (default options) on the RGBA pixels.',
        "Kind: diagram (the slide holds a group of shapes), table (a table), title (its first text is centred, as on Marp's lead slides), text (the rest).",
        `Text out of its box: every text line pdf.js reads from LibreOffice's PDF must lie inside a text box, table or diagram group of its slide (2 pt slack). Side-by-side pictures of every slide (deck PDF left, LibreOffice right): ${LOOK_DIR}.`,
      ],
      notes: [
        `1-minute load average ${loadBefore} at the start, ${loadAverage()} at the end.`,
        `Worst five: ${worstFive.map((s) => `${s.deck} ${s.slide} (${s.ssim.toFixed(3)})`).join(', ')}.`,
      ],
    } satisfies SuiteReport
  },
}

async function convert(
  soffice: string,
  pptx: string,
  dir: string,
  fontconfig: string,
  locale: string,
): Promise<string> {
  await mkdir(dir, { recursive: true })
  await run(
    soffice,
    [
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      pptx,
    ],
    {
      timeout: 300_000,
      env: { ...process.env, FONTCONFIG_FILE: fontconfig, LC_ALL: locale, LANG: locale },
    },
  )
  const pdf = (await readdir(dir)).find((f) => f.endsWith('.pdf'))
  if (!pdf) throw new Error(`LibreOffice wrote no PDF for ${pptx}`)
  return join(dir, pdf)
}

interface Image {
  readonly data: Uint8ClampedArray
  readonly width: number
  readonly height: number
}

/** Every page at 2560×1440, averaged 4×4 to 640×360. */
async function pages(pdf: string, dir: string): Promise<Image[]> {
  await mkdir(dir, { recursive: true })
  await run(
    'pdftoppm',
    ['-png', '-scale-to-x', '2560', '-scale-to-y', '1440', pdf, join(dir, 'p')],
    {
      timeout: 300_000,
    },
  )
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.png'))
    .sort((a, b) => pageNo(a) - pageNo(b))
  return Promise.all(files.map(async (f) => shrink(PNG.sync.read(await readFile(join(dir, f))), 4)))
}

const pageNo = (file: string) => Number(/-(\d+)\.png$/.exec(file)?.[1] ?? 0)

function shrink(png: PNG, by: number): Image {
  const width = Math.floor(png.width / by)
  const height = Math.floor(png.height / by)
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 4; c++) {
        let sum = 0
        for (let dy = 0; dy < by; dy++) {
          for (let dx = 0; dx < by; dx++)
            sum += png.data[((y * by + dy) * png.width + x * by + dx) * 4 + c]!
        }
        data[(y * width + x) * 4 + c] = sum / (by * by)
      }
    }
  }
  return { data, width, height }
}

function compare(a: Image, b: Image | undefined): number {
  if (!b || a.width !== b.width || a.height !== b.height) return 0
  return ssim(a, b).mssim
}

function sideBySide(a: Image, b: Image | undefined): PNG {
  const png = new PNG({ width: a.width * 2 + 4, height: a.height })
  png.data.fill(255)
  for (const [image, offset] of [
    [a, 0],
    [b, a.width + 4],
  ] as const) {
    if (!image) continue
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const s = (y * image.width + x) * 4
        const d = (y * png.width + x + offset) * 4
        for (let c = 0; c < 4; c++) png.data[d + c] = image.data[s + c]!
      }
    }
  }
  return png
}

function kindOf(xml: string): Kind {
  if (xml.includes('<p:grpSp>')) return 'diagram'
  if (xml.includes('<a:tbl>')) return 'table'
  // A title slide (Marp's lead class and the like) centres its first text.
  const first = /<a:pPr\b[^>]*>/.exec(xml)?.[0]
  return first?.includes('algn="ctr"') ? 'title' : 'text'
}

interface Rect {
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
}

const EMU_PER_PT = 12700

/** Per slide, in points: the frames text may be drawn in (text boxes, tables, groups). */
async function textBoxes(zip: JSZip): Promise<Rect[][]> {
  const slides: Rect[][] = []
  for (let i = 1; zip.file(`ppt/slides/slide${i}.xml`); i++) {
    const xml = await zip.file(`ppt/slides/slide${i}.xml`)!.async('string')
    const rects: Rect[] = []
    // Top-level frames only: the first xfrm of each shape, table frame or group.
    for (const m of xml.matchAll(
      /<(p:sp|p:graphicFrame|p:grpSp)>.*?<(?:a|p):xfrm[^>]*>\s*<a:off x="(-?\d+)" y="(-?\d+)"\/>\s*<a:ext cx="(\d+)" cy="(\d+)"\/>/gs,
    )) {
      rects.push({
        x: Number(m[2]) / EMU_PER_PT,
        y: Number(m[3]) / EMU_PER_PT,
        w: Number(m[4]) / EMU_PER_PT,
        h: Number(m[5]) / EMU_PER_PT,
      })
    }
    slides.push(rects)
  }
  return slides
}

/** Per page: the box of each text item pdf.js reads, in points from the top left. */
async function pdfLines(pdf: string): Promise<Rect[][]> {
  const doc = await getDocument({ data: new Uint8Array(await readFile(pdf)), verbosity: 0 }).promise
  const pages: Rect[][] = []
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n)
    const height = page.getViewport({ scale: 1 }).height
    const content = await page.getTextContent()
    const rects: Rect[] = []
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue
      const [, , , d = 0, e = 0, f = 0] = item.transform as number[]
      const size = Math.abs(d)
      // The glyphs' box: from the baseline up by the font size (descenders left out).
      rects.push({ x: e, y: height - f - size * 0.8, w: item.width, h: size * 0.8 })
    }
    pages.push(rects)
  }
  await doc.destroy()
  return pages
}

function inside(line: Rect, box: Rect): boolean {
  const slack = 2
  return (
    line.x >= box.x - slack &&
    line.y >= box.y - slack &&
    line.x + line.w <= box.x + box.w + slack &&
    line.y + line.h <= box.y + box.h + slack
  )
}

function average(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length
}

function byKindTable(scores: readonly SlideScore[]): Table {
  const groups: [string, (s: SlideScore) => boolean][] = [
    ['virtualization', (s) => s.deck === 'virtualization'],
    ['corpus', (s) => s.deck !== 'virtualization'],
  ]
  const rows: string[][] = []
  for (const [set, inSet] of groups) {
    for (const kind of ['all', 'diagram', 'title', 'text', 'table'] as const) {
      const chosen = scores.filter((s) => inSet(s) && (kind === 'all' || s.kind === kind))
      if (chosen.length === 0) continue
      const values = chosen.map((s) => s.ssim)
      rows.push([
        set,
        kind,
        String(chosen.length),
        average(values).toFixed(3),
        Math.min(...values).toFixed(3),
        average(chosen.map((s) => s.ssimEn)).toFixed(3),
        Math.min(...chosen.map((s) => s.ssimEn)).toFixed(3),
      ])
    }
  }
  return {
    title: 'SSIM by slide kind (LibreOffice in a Japanese locale; English locale on the right)',
    columns: ['set', 'kind', 'slides', 'mean', 'worst', 'mean, en', 'worst, en'],
    rows,
  }
}
