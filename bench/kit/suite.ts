/**
 * The study-session kit's cost: what the handout (and the site) add to `stackdeck build`
 * against the PDF export of the same deck. `stackdeck build --only pdf` with
 * `--handout none` and with each layout, in rounds; per build the times it prints for the
 * PDF, the handout and index.html, and the process total.
 */
import { readFile, stat } from 'node:fs/promises'
import { PDFDocument } from 'pdf-lib'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { loadAverage } from '../lib/machine.ts'
import { timeProcessOk, type TimedRun } from '../lib/process.ts'
import { DECK, STACKDECK_BIN, createTempProject } from '../lib/project.ts'
import type { SuiteReport, Table } from '../lib/report.ts'
import { formatMs, median, spreadPercent } from '../lib/stats.ts'
import { pick, type Suite } from '../lib/suite.ts'

const LAYOUTS = ['none', 'notes', '2up', '4up'] as const
type Layout = (typeof LAYOUTS)[number]
/** The target: the handout adds under 30 % of the PDF export's time. */
const TARGET_SHARE = 0.3

interface KitRun {
  readonly total: number
  readonly pdf: number
  readonly handout: number | undefined
  readonly site: number
}

/** `1.6 s` or `950 ms`, as src/cli/logger.ts prints durations. */
const duration = (value: string, unit: string) => Number(value) * (unit === 's' ? 1000 : 1)

function parseLog(run: TimedRun): KitRun {
  const time = (pattern: RegExp) => {
    const match = pattern.exec(run.stderr)
    return match ? duration(match[1]!, match[2]!) : undefined
  }
  const pdf = time(new RegExp(`${DECK}\\.pdf ([\\d.]+) (ms|s)\\s*$`, 'm'))
  const site = time(/index\.html ([\d.]+) (ms|s)\s*$/m)
  if (pdf === undefined || site === undefined)
    throw new Error(`stackdeck build printed no pdf or index.html line:\n${run.stderr}`)
  return {
    total: run.ms,
    pdf,
    handout: time(new RegExp(`${DECK}\\.handout\\.pdf ([\\d.]+) (ms|s)\\s*$`, 'm')),
    site,
  }
}

const cell = (samples: readonly number[]) =>
  samples.length === 0
    ? '—'
    : `${formatMs(median(samples))} (±${spreadPercent(samples).toFixed(0)} %)`

export const kitSuite: Suite = {
  name: 'kit',
  summary:
    'handout PDF and deck site: extra `stackdeck build --only pdf` time per handout layout against the PDF export',
  async run(context) {
    const rounds = pick(context, 3, 1)
    const loadBefore = loadAverage()
    const browser = await findBrowser()
    const project = await createTempProject('kit')
    const env = { ...process.env, CHROME_PATH: browser.executablePath, NO_COLOR: '1' }
    const runs = new Map<Layout, KitRun[]>(LAYOUTS.map((l) => [l, []]))
    const pages = new Map<Layout, { pages: number; bytes: number }>()
    try {
      await timeProcessOk(process.execPath, [STACKDECK_BIN, 'diagrams'], { cwd: project.root, env })
      for (let round = 0; round < rounds; round++) {
        // Rotate the order so that load changes hit every layout.
        const order = LAYOUTS.map((_, i) => LAYOUTS[(i + round) % LAYOUTS.length]!)
        for (const layout of order) {
          context.log(`kit: round ${round + 1}/${rounds}, --handout ${layout}`)
          const run = await timeProcessOk(
            process.execPath,
            [STACKDECK_BIN, 'build', '--only', 'pdf', '--handout', layout],
            { cwd: project.root, env },
          )
          runs.get(layout)!.push(parseLog(run))
          if (layout !== 'none') {
            const file = project.path('dist', `${DECK}.handout.pdf`)
            const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false })
            pages.set(layout, { pages: doc.getPageCount(), bytes: (await stat(file)).size })
          }
        }
      }
      const pdfBytes = (await stat(project.path('dist', `${DECK}.pdf`))).size
      const pdfTimes = LAYOUTS.flatMap((l) => runs.get(l)!.map((r) => r.pdf))
      const pdfMedian = median(pdfTimes)
      const baseTotal = median(runs.get('none')!.map((r) => r.total))
      const table: Table = {
        title: 'Medians (± median absolute deviation)',
        columns: [
          '--handout',
          'handout stage',
          'handout ÷ PDF export',
          'build total',
          'total − total without handout',
          'index.html stage',
          'handout pages',
          'handout size',
        ],
        rows: LAYOUTS.map((layout) => {
          const samples = runs.get(layout)!
          const handout = samples.flatMap((r) => (r.handout === undefined ? [] : [r.handout]))
          const total = median(samples.map((r) => r.total))
          const made = pages.get(layout)
          return [
            layout,
            cell(handout),
            handout.length ? `${((median(handout) / pdfMedian) * 100).toFixed(1)} %` : '—',
            cell(samples.map((r) => r.total)),
            layout === 'none' ? '—' : formatMs(total - baseTotal),
            cell(samples.map((r) => r.site)),
            made ? String(made.pages) : '—',
            made ? `${Math.round(made.bytes / 1024)} KiB` : '—',
          ]
        }),
      }
      const worst = Math.max(
        ...LAYOUTS.filter((l) => l !== 'none').map(
          (l) => median(runs.get(l)!.map((r) => r.handout ?? 0)) / pdfMedian,
        ),
      )
      return {
        title: 'Study-session kit: handout and site cost in `stackdeck build`',
        runs: `${rounds} rounds of four builds (--handout none, notes, 2up, 4up; order rotating)`,
        targets: [
          {
            name: 'handout stage ÷ PDF export of the same deck, worst layout',
            goal: `< ${(TARGET_SHARE * 100).toFixed(0)} %`,
            measured: `${(worst * 100).toFixed(1)} %`,
            met: worst < TARGET_SHARE,
          },
        ],
        tables: [
          table,
          {
            title: 'PDF export',
            columns: ['file', 'time (all builds)', 'size'],
            rows: [[`${DECK}.pdf`, cell(pdfTimes), `${Math.round(pdfBytes / 1024)} KiB`]],
          },
        ],
        method: [
          `A temp copy of the project; deck \`slides/${DECK}.md\`; Chromium: ${browser.source} (${browser.executablePath}).`,
          "`node scripts/stackdeck.mjs build --only pdf --handout <layout>`, spawn to exit; the PDF, handout and index.html times are the ones the build prints (the PDF line: marp-cli's export, from its start to the file renamed into place; the handout line: reading that PDF, composing with pdf-lib, writing).",
          'The handout stage runs after the exports, so its time adds to the build; "total − total without handout" is the same difference seen from outside (noisier: it includes the whole build\'s variance).',
        ],
        notes: [
          `1-minute load average ${loadBefore} at the start, ${loadAverage()} at the end (2 cores shared with other work).`,
          'stackdeck prints durations of a second or more with 100 ms resolution.',
        ],
      } satisfies SuiteReport
    } finally {
      await project.dispose()
    }
  },
}
