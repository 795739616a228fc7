/**
 * Benchmark runner: `npm run bench [-- <suite>...]`. Runs the chosen suites (default all),
 * prints their tables, and replaces their sections of bench/RESULTS.md with the exact
 * command, date, machine and run counts.
 *
 *   npm run bench                     every suite, full iterations
 *   npm run bench -- engine dev       some suites
 *   BENCH_QUICK=1 npm run bench       few iterations, to try it out
 *
 * A quick run never replaces a full run's section; its own sections say they are quick.
 */
import { existsSync, readFileSync } from 'node:fs'
import { writeFileAtomic } from '../src/util/atomic-write.ts'
import { fileURLToPath } from 'node:url'
import { buildSuite } from './build/suite.ts'
import { corpusSuite } from './corpus/suite.ts'
import { devSuite } from './dev/suite.ts'
import { engineSuite } from './engine/suite.ts'
import { fidelitySuite } from './fidelity/suite.ts'
import { kitSuite } from './kit/suite.ts'
import { loadAverage, machineInfo } from './lib/machine.ts'
import { reportMarkdown, type SuiteReport } from './lib/report.ts'
import type { Suite } from './lib/suite.ts'
import { wrapSuite } from './wrap/suite.ts'

const SUITES: readonly Suite[] = [
  engineSuite,
  wrapSuite,
  buildSuite,
  corpusSuite,
  fidelitySuite,
  kitSuite,
  devSuite,
]
const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url))
const HEADER = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts); each suite's section is replaced by its latest
run. Every comparison is against a peer measured in the same run. Do not edit by hand.
`

function usage(): string {
  return `Usage: npm run bench [-- <suite>...]   (BENCH_QUICK=1 for few iterations)\n\nSuites:\n${SUITES.map((s) => `  ${s.name.padEnd(8)} ${s.summary}`).join('\n')}\n`
}

function commandLine(args: readonly string[], quick: boolean): string {
  const env = quick ? 'BENCH_QUICK=1 ' : ''
  const viaNpm = process.env.npm_lifecycle_event === 'bench'
  const base = viaNpm ? 'npm run bench' : 'node --import tsx bench/run.ts'
  const rest = args.length === 0 ? '' : viaNpm ? ` -- ${args.join(' ')}` : ` ${args.join(' ')}`
  return `${env}${base}${rest}`
}

const marker = (name: string, quick: boolean) =>
  `<!-- bench:${name}:start${quick ? ' quick' : ''} -->`
const endMarker = (name: string) => `<!-- bench:${name}:end -->`

function sectionOf(
  text: string,
  name: string,
): { start: number; end: number; quick: boolean } | undefined {
  const start = text.search(new RegExp(`<!-- bench:${name}:start( quick)? -->`))
  const endAt = text.indexOf(endMarker(name))
  if (start < 0 || endAt < 0) return undefined
  return {
    start,
    end: endAt + endMarker(name).length,
    quick: text.slice(start, text.indexOf('-->', start)).includes('quick'),
  }
}

async function writeResults(
  done: readonly { suite: Suite; report: SuiteReport; meta: string }[],
  quick: boolean,
): Promise<string[]> {
  let text = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : HEADER
  const written: string[] = []
  for (const { suite, report, meta } of done) {
    const existing = sectionOf(text, suite.name)
    if (quick && existing && !existing.quick) continue
    const banner = quick
      ? '\n> **Quick run** (BENCH_QUICK=1): few iterations, for trying the bench out. Not figures to cite; rerun without BENCH_QUICK.\n'
      : ''
    const section = `${marker(suite.name, quick)}\n## ${suite.name}: ${report.title}\n${banner}\n${meta}\n\n${reportMarkdown(report)}\n${endMarker(suite.name)}`
    if (existing) {
      text = `${text.slice(0, existing.start)}${section}${text.slice(existing.end)}`
    } else {
      // Keep the sections in the runner's suite order.
      const later = SUITES.slice(SUITES.indexOf(suite) + 1)
        .map((s) => sectionOf(text, s.name)?.start)
        .filter((i): i is number => i !== undefined)
      const at = later.length > 0 ? Math.min(...later) : text.length
      const before = text.slice(0, at).replace(/\n*$/, '\n\n')
      text = `${before}${section}\n${at < text.length ? '\n' : ''}${text.slice(at)}`
    }
    written.push(suite.name)
  }
  await writeFileAtomic(RESULTS, text.replace(/\n*$/, '\n'))
  return written
}

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage())
    return 0
  }
  const unknown = args.find((a) => !SUITES.some((s) => s.name === a))
  if (unknown !== undefined) {
    process.stderr.write(`unknown suite '${unknown}'\n\n${usage()}`)
    return 2
  }
  const quick = process.env.BENCH_QUICK === '1'
  const chosen = args.length === 0 ? SUITES : SUITES.filter((s) => args.includes(s.name))
  const machine = machineInfo()
  const command = commandLine(args, quick)
  const log = (message: string) => process.stderr.write(`  … ${message}\n`)
  const done: { suite: Suite; report: SuiteReport; meta: string }[] = []
  let failed = 0
  for (const suite of chosen) {
    process.stderr.write(`\n▶ ${suite.name}${quick ? ' (quick)' : ''}\n`)
    const started = Date.now()
    try {
      const report = await suite.run({ quick, log })
      const minutes = ((Date.now() - started) / 60_000).toFixed(1)
      const meta = [
        `- Command: \`${command}\``,
        `- Date: ${new Date(started).toISOString()} (suite took ${minutes} min)`,
        `- Machine: nproc ${machine.nproc}, ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}; Node ${machine.node}; load average ${loadAverage()} at the end`,
        `- Runs: ${report.runs}`,
      ].join('\n')
      done.push({ suite, report, meta })
      process.stdout.write(`\n## ${suite.name}: ${report.title}\n\n${reportMarkdown(report)}\n`)
    } catch (error) {
      failed++
      process.stderr.write(
        `✗ ${suite.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      )
    }
  }
  if (done.length > 0) {
    const written = await writeResults(done, quick)
    const skipped = done.map((d) => d.suite.name).filter((n) => !written.includes(n))
    process.stderr.write(
      `\n${written.length > 0 ? `bench/RESULTS.md: wrote ${written.join(', ')}` : 'bench/RESULTS.md unchanged'}${skipped.length > 0 ? ` (kept the full-run sections of ${skipped.join(', ')})` : ''}\n`,
    )
  }
  return failed > 0 ? 1 : 0
}

// Exit through process.exit so that suites' 'exit' handlers stop their child processes.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130))
process.exitCode = await main(process.argv.slice(2))
