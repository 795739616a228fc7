/**
 * Deck export: `stackdeck build` (diagrams, the deck check, HTML and PDF through marp-cli's
 * API, the editable PPTX from the check's page, in one process) against plain marp-cli
 * converting the same Markdown with the same pre-rendered SVGs to the same three files
 * (three CLI runs, one per format, with its default engine and the same theme folder and
 * browser; its PPTX is the image one).
 */
import { mkdir, readFile, readdir, stat } from 'node:fs/promises'
import JSZip from 'jszip'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { loadAverage } from '../lib/machine.ts'
import { timeProcessOk, type TimedRun } from '../lib/process.ts'
import {
  DECK,
  MARP_BIN,
  STACKDECK_BIN,
  createTempProject,
  type TempProject,
} from '../lib/project.ts'
import type { SuiteReport, Table } from '../lib/report.ts'
import { formatMs, formatRatio, median, spreadPercent } from '../lib/stats.ts'
import { pick, type Suite } from '../lib/suite.ts'

const FORMATS = ['html', 'pdf', 'pptx'] as const
type Format = (typeof FORMATS)[number]
/** The whole default build at half of plain marp-cli's time (#10). */
const TARGET_RATIO = 0.5
/** The editable PPTX against marp-cli's image PPTX: time and size (#10). */
const TARGET_PPTX_TIME = 0.25
const TARGET_PPTX_SIZE = 0.2

interface StackdeckRun {
  readonly total: number
  readonly diagrams: number
  readonly check: number
  readonly formats: Record<Format, number>
}

interface MarpRun {
  readonly total: number
  readonly formats: Record<Format, number>
}

/** `1.6 s` or `950 ms`, as src/cli/logger.ts prints durations. */
function parseDuration(value: string, unit: string): number {
  return Number(value) * (unit === 's' ? 1000 : 1)
}

function parseBuildLog(run: TimedRun): StackdeckRun {
  const find = (pattern: RegExp, what: string) => {
    const match = pattern.exec(run.stderr)
    if (!match) throw new Error(`stackdeck build printed no ${what} line:\n${run.stderr}`)
    return parseDuration(match[1]!, match[2]!)
  }
  const formats = Object.fromEntries(
    FORMATS.map((f) => [
      f,
      find(new RegExp(`${DECK}\\.${f} ([\\d.]+) (ms|s)\\s*$`, 'm'), `${f} export`),
    ]),
  ) as Record<Format, number>
  return {
    total: run.ms,
    diagrams: find(/\d+ diagrams? rendered in ([\d.]+) (ms|s)/, 'diagrams'),
    check: find(/images checked ([\d.]+) (ms|s)/, 'image check'),
    formats,
  }
}

export const buildSuite: Suite = {
  name: 'build',
  summary:
    '`stackdeck build` (html, pdf, editable pptx) vs plain marp-cli (html, pdf, image pptx) on the same deck and SVGs',
  async run(context) {
    const rounds = pick(context, 4, 1)
    const loadBefore = loadAverage()
    const browser = await findBrowser()
    const project = await createTempProject('build')
    const sdOut = project.path('dist-stackdeck')
    const marpOut = project.path('dist-marp')
    const env = { ...process.env, CHROME_PATH: browser.executablePath, NO_COLOR: '1' }
    const stackdeck = async (): Promise<StackdeckRun> =>
      parseBuildLog(
        await timeProcessOk(process.execPath, [STACKDECK_BIN, 'build', '--out', sdOut], {
          cwd: project.root,
          env,
        }),
      )
    const marp = async (): Promise<MarpRun> => {
      const formats = {} as Record<Format, number>
      for (const format of FORMATS) {
        const run = await timeProcessOk(
          process.execPath,
          marpArgs(project, format, browser.executablePath, marpOut),
          {
            cwd: project.root,
            env,
          },
        )
        formats[format] = run.ms
      }
      return { total: FORMATS.reduce((sum, f) => sum + formats[f], 0), formats }
    }
    const sdRuns: StackdeckRun[] = []
    const marpRuns: MarpRun[] = []
    const marpStart: number[] = []
    try {
      // The peer converts the SVGs stackdeck renders; render them once beforehand.
      await timeProcessOk(process.execPath, [STACKDECK_BIN, 'diagrams'], { cwd: project.root, env })
      await mkdir(marpOut, { recursive: true })
      for (let round = 0; round < rounds; round++) {
        const sdFirst = round % 2 === 0
        context.log(
          `build: round ${round + 1}/${rounds} (${sdFirst ? 'stackdeck first' : 'marp-cli first'})`,
        )
        if (sdFirst) {
          sdRuns.push(await stackdeck())
          marpRuns.push(await marp())
        } else {
          marpRuns.push(await marp())
          sdRuns.push(await stackdeck())
        }
        marpStart.push(
          (await timeProcessOk(process.execPath, [MARP_BIN, '--version'], { cwd: project.root }))
            .ms,
        )
      }
      const outputs = await compareOutputs(sdOut, marpOut)
      const table = resultTable(sdRuns, marpRuns)
      const ratio = median(sdRuns.map((r) => r.total)) / median(marpRuns.map((r) => r.total))
      const pptxTime =
        median(sdRuns.map((r) => r.formats.pptx)) / median(marpRuns.map((r) => r.formats.pptx))
      const pptxSize =
        (await stat(`${sdOut}/${DECK}.pptx`)).size / (await stat(`${marpOut}/${DECK}.pptx`)).size
      return {
        title: 'Deck export: `stackdeck build` vs plain marp-cli',
        runs: `${rounds} rounds, each one stackdeck build and one marp-cli run per format, order alternating (stackdeck first in odd rounds)`,
        targets: [
          {
            name: 'stackdeck build ÷ marp-cli, total for html + pdf + pptx',
            goal: `≤ ${TARGET_RATIO.toFixed(2)}`,
            measured: ratio.toFixed(2),
            met: ratio <= TARGET_RATIO,
          },
          {
            name: 'editable PPTX ÷ marp-cli image PPTX, time',
            goal: `≤ ${TARGET_PPTX_TIME.toFixed(2)}`,
            measured: pptxTime.toFixed(2),
            met: pptxTime <= TARGET_PPTX_TIME,
          },
          {
            name: 'editable PPTX ÷ marp-cli image PPTX, size',
            goal: `≤ ${TARGET_PPTX_SIZE.toFixed(2)}`,
            measured: pptxSize.toFixed(3),
            met: pptxSize <= TARGET_PPTX_SIZE,
          },
        ],
        tables: [table, outputs],
        method: [
          `A temp copy of the project (slides/, slides/diagrams/, themes/); deck \`slides/${DECK}.md\`; both tools use the same Chromium (${browser.source}: ${browser.executablePath}; CHROME_PATH for stackdeck, --browser-path for marp-cli).`,
          `stackdeck: \`node scripts/stackdeck.mjs build --out dist-stackdeck\` (the default build: HTML, PDF, the editable PPTX written from the deck check's page, and whatever else the default build writes), spawn to exit; per-stage times are the ones it prints (diagrams, image check, one line per output; the PPTX's from the start of the check to the file written, so it includes the check).`,
          `marp-cli: \`node node_modules/@marp-team/marp-cli/marp-cli.js slides/${DECK}.md --no-config-file --no-stdin --theme-set themes [--pdf|--pptx] --allow-local-files --browser-path <same> -o dist-marp/${DECK}.<ext>\`, three processes, each timed spawn to exit; its default engine renders our theme (which \`@import\`s gaia) and links the SVGs that \`stackdeck diagrams\` rendered before the first round.`,
          'The stackdeck build does more: it renders the 12 diagrams, checks images, inlines them and embeds a Noto Sans JP subset; plain marp-cli links the SVGs and uses whatever fonts the browser has.',
        ],
        notes: [
          `1-minute load average ${loadBefore} at the start, ${loadAverage()} at the end.`,
          `marp-cli's per-format times include its process start (\`marp --version\`: median ${formatMs(median(marpStart))}) three times; stackdeck's stage times exclude its one start, which is in its total. Compare totals first.`,
          'stackdeck prints durations of a second or more with 100 ms resolution.',
        ],
      } satisfies SuiteReport
    } finally {
      await project.dispose()
    }
  },
}

function marpArgs(
  project: TempProject,
  format: Format,
  browserPath: string,
  outDir: string,
): string[] {
  return [
    MARP_BIN,
    // The deck first: --theme-set takes every following bare argument as a theme path.
    project.path('slides', `${DECK}.md`),
    '--no-config-file',
    '--no-stdin',
    ...(format === 'html' ? [] : [`--${format}`]),
    '--allow-local-files',
    '--browser-path',
    browserPath,
    '--theme-set',
    project.path('themes'),
    '--output',
    `${outDir}/${DECK}.${format}`,
  ]
}

function resultTable(sd: readonly StackdeckRun[], marp: readonly MarpRun[]): Table {
  const row = (name: string, a: readonly number[], b: readonly number[] | undefined) => [
    name,
    `${formatMs(median(a))} (±${spreadPercent(a).toFixed(0)} %)`,
    b ? `${formatMs(median(b))} (±${spreadPercent(b).toFixed(0)} %)` : '—',
    b ? formatRatio(median(a) / median(b)) : '',
  ]
  return {
    title: 'Medians (± median absolute deviation)',
    columns: ['stage', 'stackdeck build', 'marp-cli', 'stackdeck ÷ marp-cli'],
    rows: [
      row(
        'diagrams (12 definitions)',
        sd.map((r) => r.diagrams),
        undefined,
      ),
      row(
        'deck check (render, assets, overflow in Chromium)',
        sd.map((r) => r.check),
        undefined,
      ),
      ...FORMATS.map((f) =>
        row(
          f === 'pptx' ? '**pptx**' : f,
          sd.map((r) => r.formats[f]),
          marp.map((r) => r.formats[f]),
        ),
      ),
      row(
        '**total** (process start to last exit)',
        sd.map((r) => r.total),
        marp.map((r) => r.total),
      ),
    ],
  }
}

/** Both tools must have made the same three files: same PDF page count, same PPTX slides. */
async function compareOutputs(sdOut: string, marpOut: string): Promise<Table> {
  const describe = async (dir: string) => {
    const files = await readdir(dir)
    const out: Record<Format, string> = { html: '', pdf: '', pptx: '' }
    for (const format of FORMATS) {
      const file = `${dir}/${DECK}.${format}`
      if (!files.includes(`${DECK}.${format}`)) throw new Error(`${file} was not written`)
      const size = (await stat(file)).size
      const data = await readFile(file)
      let count = ''
      if (format === 'pdf') {
        const doc = await getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise
        count = `${doc.numPages} pages`
        await doc.destroy()
      } else if (format === 'pptx') {
        const zip = await JSZip.loadAsync(data)
        count = `${Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length} slides`
      } else {
        count = `${(data.toString('utf8').match(/<section\b/g) ?? []).length} sections`
      }
      out[format] = `${count}, ${(size / 1024).toFixed(0)} KiB`
    }
    return out
  }
  const sd = await describe(sdOut)
  const marp = await describe(marpOut)
  for (const format of ['pdf', 'pptx'] as const) {
    if (sd[format].split(',')[0] !== marp[format].split(',')[0]) {
      throw new Error(
        `the ${format} files differ in length: stackdeck ${sd[format]}, marp-cli ${marp[format]}`,
      )
    }
  }
  return {
    title: 'Outputs of the last round',
    columns: ['file', 'stackdeck build', 'marp-cli'],
    rows: FORMATS.map((f) => [`${DECK}.${f}`, sd[f], marp[f]]),
  }
}
