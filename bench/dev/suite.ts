/**
 * Live reload: how long from saving a file until the change is on screen, for stackdeck's
 * dev server (a diagram definition, saved in place and by rename; the deck's Markdown) and
 * for marp-cli's own server and watch modes on the same Markdown edit, all in one run.
 * Everything works on temp copies of the project; headless Chromium (puppeteer-core)
 * plays the reader.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { watch } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { PAIRS } from '../engine/pairs.ts'
import { loadAverage } from '../lib/machine.ts'
import {
  DECK,
  MARP_BIN,
  STACKDECK_BIN,
  createTempProject,
  type TempProject,
} from '../lib/project.ts'
import type { SuiteReport, Table, Target } from '../lib/report.ts'
import { formatMs, median, p95 } from '../lib/stats.ts'
import { pick, type Suite } from '../lib/suite.ts'

const DIAGRAM = 'bench-edit'
const ALT = '計測用の図'
const EDIT_TIMEOUT_MS = 20_000
/** Pause after each edit so that late watcher events (rename handling) settle first. */
const SETTLE_MS = 300
const TARGET_DIAGRAM_P95 = 250

const marker = (n: number) => `［${n}］`

/** The measured diagram: the six-level hosted stack of the engine suite, one label marked. */
function definitionSource(n: number): string {
  // defineStack adds `kind` itself.
  const definition: Record<string, unknown> = { ...PAIRS[0]!.define(marker(n)) }
  delete definition.kind
  return `import { defineStack } from 'stackdeck'\n\nexport default defineStack(${JSON.stringify(definition, null, 2)})\n`
}

/** The deck with one more slide at the end: a heading the Markdown edits mark, and the diagram. */
function deckSource(original: string, n: number): string {
  return `${original.replace(/\n*$/, '\n')}\n---\n\n## 計測用スライド${marker(n)}\n\n![${ALT}](../assets/diagrams/${DIAGRAM}.svg)\n`
}

interface Samples {
  file: number[]
  browser: number[]
  failures: number
  firstError?: string
}
const samples = (): Samples => ({ file: [], browser: [], failures: 0 })

export const devSuite: Suite = {
  name: 'dev',
  summary: 'live reload: save → SVG written → browser shows it; stackdeck dev vs marp-cli -s / -w',
  async run(context) {
    const rounds = pick(context, 60, 8)
    const loadBefore = loadAverage()
    const chromium = await findBrowser()
    const children: ChildProcess[] = []
    // If the bench dies (Ctrl-C, a closed pipe), the servers must not outlive it.
    const killChildren = () => children.forEach((c) => c.kill('SIGTERM'))
    process.once('exit', killChildren)
    const projects: TempProject[] = []
    let browser: Browser | undefined
    const original = await readFile(new URL(`../../slides/${DECK}.md`, import.meta.url), 'utf8')
    try {
      // Three copies, so that each tool only sees its own edits.
      const sd = await createTempProject('dev-stackdeck')
      const marpServer = await createTempProject('dev-marp-server')
      const marpWatch = await createTempProject('dev-marp-watch')
      projects.push(sd, marpServer, marpWatch)
      await writeFile(sd.path('slides', 'diagrams', `${DIAGRAM}.ts`), definitionSource(0))
      for (const p of projects)
        await writeFile(p.path('slides', `${DECK}.md`), deckSource(original, 0))
      // marp-cli links the SVG; render it (and the others) once for its copies.
      for (const p of [marpServer, marpWatch]) {
        await writeFile(p.path('slides', 'diagrams', `${DIAGRAM}.ts`), definitionSource(0))
        await runToExit(process.execPath, [STACKDECK_BIN, 'diagrams'], p.root)
      }

      context.log('dev: starting stackdeck dev, marp-cli -s, marp-cli -w')
      const sdChild = spawn(process.execPath, [STACKDECK_BIN, 'dev', '--port', '0'], {
        cwd: sd.root,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      children.push(sdChild)
      const sdUrl = await waitForOutput(sdChild, /(http:\/\/127\.0\.0\.1:\d+\/)/)
      const marpPort = await freePort()
      const serverChild = spawn(
        process.execPath,
        [
          MARP_BIN,
          '--no-config-file',
          '--no-stdin',
          '-s',
          marpServer.root,
          '--theme-set',
          marpServer.path('themes'),
        ],
        {
          cwd: marpServer.root,
          env: { ...process.env, PORT: String(marpPort) },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
      children.push(serverChild)
      await waitForOutput(serverChild, /Start server listened at (http:\/\/localhost:\d+)/)
      const watchOut = marpWatch.path('out')
      await mkdir(watchOut, { recursive: true })
      const watchChild = spawn(
        process.execPath,
        [
          MARP_BIN,
          marpWatch.path('slides', `${DECK}.md`),
          '--no-config-file',
          '--no-stdin',
          '-w',
          '--theme-set',
          marpWatch.path('themes'),
          '-o',
          join(watchOut, `${DECK}.html`),
        ],
        { cwd: marpWatch.root, stdio: ['ignore', 'pipe', 'pipe'] },
      )
      children.push(watchChild)
      await waitForOutput(watchChild, /Start watching/)

      browser = await puppeteer.launch({
        executablePath: chromium.executablePath,
        args: [...chromium.args],
        headless: true,
      })
      const sdPage = await browser.newPage()
      await sdPage.setViewport({ width: 1280, height: 800 })
      await sdPage.goto(`${sdUrl}${DECK}`, { waitUntil: 'load' })
      await sdPage.waitForFunction('window.__stackdeck && "version" in window.__stackdeck')
      const marpPage = await browser.newPage()
      await marpPage.setViewport({ width: 1280, height: 800 })
      await marpPage.goto(`http://localhost:${marpPort}/slides/${DECK}.md`, { waitUntil: 'load' })
      await marpPage.waitForFunction(
        `document.body.textContent.includes(${JSON.stringify(`計測用スライド${marker(0)}`)})`,
      )

      const fresh = () => ({
        diagramWrite: samples(),
        diagramRename: samples(),
        markdown: samples(),
        marpServer: samples(),
        marpWatch: samples(),
      })
      let results = fresh()
      let n = 0
      const sdDiagramEdit = async (saveByRename: boolean, into: Samples) => {
        const mark = marker(++n)
        const shown = await armStackdeckPage(sdPage, 'diagram', mark)
        const file = waitForFileContent(sd.path('assets', 'diagrams'), `${DIAGRAM}.svg`, mark)
        const target = sd.path('slides', 'diagrams', `${DIAGRAM}.ts`)
        const started = performance.now()
        if (saveByRename) {
          const temp = sd.path('slides', 'diagrams', `.${DIAGRAM}.ts.tmp-${n}`)
          await writeFile(temp, definitionSource(n))
          await rename(temp, target)
        } else {
          await writeFile(target, definitionSource(n))
        }
        await record(into, started, [file, shown()])
      }
      const sdMarkdownEdit = async () => {
        const mark = marker(++n)
        const shown = await armStackdeckPage(sdPage, 'markdown', `計測用スライド${mark}`)
        const started = performance.now()
        await writeFile(sd.path('slides', `${DECK}.md`), deckSource(original, n))
        await record(results.markdown, started, [undefined, shown()])
      }
      const marpServerEdit = async () => {
        const text = `計測用スライド${marker(++n)}`
        await marpPage.bringToFront()
        const started = performance.now()
        const shown = marpPageShows(marpPage, text)
        await writeFile(marpServer.path('slides', `${DECK}.md`), deckSource(original, n))
        await record(results.marpServer, started, [undefined, shown])
        await sdPage.bringToFront()
      }
      const marpWatchEdit = async () => {
        const mark = marker(++n)
        const file = waitForFileContent(watchOut, `${DECK}.html`, `計測用スライド${mark}`)
        const started = performance.now()
        await writeFile(marpWatch.path('slides', `${DECK}.md`), deckSource(original, n))
        await record(results.marpWatch, started, [file, undefined])
      }
      const edits = [
        () => sdDiagramEdit(false, results.diagramWrite),
        () => sdDiagramEdit(true, results.diagramRename),
        sdMarkdownEdit,
        marpServerEdit,
        marpWatchEdit,
      ]
      // One unmeasured round first: JIT, caches, the browser's first swaps.
      for (let round = -1; round < rounds; round++) {
        if (round % 10 === 0) context.log(`dev: round ${round + 1}/${rounds}`)
        const offset = ((round % edits.length) + edits.length) % edits.length
        for (let i = 0; i < edits.length; i++) {
          await edits[(offset + i) % edits.length]!()
          await sleep(SETTLE_MS)
        }
        if (round < 0) results = fresh()
      }
      return report(results, rounds, chromium.source, loadBefore)
    } finally {
      await browser?.close().catch(() => {})
      process.off('exit', killChildren)
      killChildren()
      await Promise.all(children.map((c) => exited(c)))
      for (const p of projects) await p.dispose()
    }
  },
}

/** Waits for the given completions (performance.now() stamps) and records their latencies. */
async function record(
  into: Samples,
  started: number,
  [file, browser]: [Promise<number> | undefined, Promise<number> | undefined],
): Promise<void> {
  const [fileAt, browserAt] = await Promise.allSettled([file, browser])
  let failed = false
  for (const [outcome, list] of [
    [fileAt, into.file],
    [browserAt, into.browser],
  ] as const) {
    if (outcome.status === 'rejected') {
      failed = true
      if (into.firstError === undefined) into.firstError = String(outcome.reason).split('\n')[0]
    } else if (outcome.value !== undefined) list.push(outcome.value - started)
  }
  if (failed) into.failures += 1
}

function report(
  r: Record<'diagramWrite' | 'diagramRename' | 'markdown' | 'marpServer' | 'marpWatch', Samples>,
  rounds: number,
  browserSource: string,
  loadBefore: string,
): SuiteReport {
  const cell = (values: readonly number[]) =>
    values.length === 0 ? '—' : `${formatMs(median(values))} / ${formatMs(p95(values))}`
  const row = (name: string, s: Samples) => [
    name,
    cell(s.file),
    cell(s.browser),
    String(Math.max(s.file.length, s.browser.length)),
    String(s.failures),
  ]
  const table: Table = {
    title: 'Save → result, p50 / p95',
    columns: ['edit', 'to file written', 'to browser showing it', 'edits', 'timed out'],
    rows: [
      row('stackdeck dev: diagram definition, saved in place', r.diagramWrite),
      row('stackdeck dev: diagram definition, saved by rename', r.diagramRename),
      row('stackdeck dev: Markdown, saved in place', r.markdown),
      row('marp-cli -s (server, page reload): Markdown, saved in place', r.marpServer),
      row('marp-cli -w (watch, HTML file): Markdown, saved in place', r.marpWatch),
    ],
  }
  const errors = Object.entries(r)
    .filter(([, s]) => s.firstError !== undefined)
    .map(([name, s]) => `${name}: ${s.failures} edits timed out or failed; first: ${s.firstError}`)
  const diagramP95 = p95(r.diagramWrite.browser)
  const renameP95 = p95(r.diagramRename.browser)
  const mdP50 = median(r.markdown.browser)
  const mdP95 = p95(r.markdown.browser)
  const marpP50 = median(r.marpServer.browser)
  const marpP95 = p95(r.marpServer.browser)
  const targets: Target[] = [
    {
      name: 'diagram edit (saved in place) → browser, p95',
      goal: `< ${TARGET_DIAGRAM_P95} ms`,
      measured: formatMs(diagramP95),
      met: diagramP95 < TARGET_DIAGRAM_P95,
    },
    {
      name: 'diagram edit (saved by rename) → browser, p95',
      goal: `< ${TARGET_DIAGRAM_P95} ms`,
      measured: formatMs(renameP95),
      met: renameP95 < TARGET_DIAGRAM_P95,
    },
    {
      name: 'Markdown edit → browser, stackdeck vs marp-cli server (p50, p95)',
      goal: 'no slower',
      measured: `${formatMs(mdP50)} vs ${formatMs(marpP50)}, ${formatMs(mdP95)} vs ${formatMs(marpP95)}`,
      met: mdP50 <= marpP50 && mdP95 <= marpP95,
    },
  ]
  return {
    title: 'Live reload: stackdeck dev vs marp-cli server and watch',
    runs: `${rounds} edits of each kind (after one unmeasured round), kinds interleaved and rotated each round, ${SETTLE_MS} ms pause after each edit`,
    targets,
    tables: [table],
    method: [
      `Temp copies of the project, one per tool, with one extra slide at the end of slides/${DECK}.md (a heading and the diagram \`${DIAGRAM}\`, the six-level hosted stack of the engine suite); every edit puts a new marker like ［12］ into a label or the heading.`,
      '`stackdeck dev --port 0` runs as a child process; the deck is open in headless Chromium (puppeteer-core, the browser findBrowser() picks: ' +
        browserSource +
        ').',
      '"to file written": fs.watch (plus a 25 ms poll) on assets/diagrams until bench-edit.svg contains the marker. "to browser showing it": after each `stackdeck:render` event the page checks that the diagram\'s data-URL image (decoded) or the slides contain the marker, awaits `img.decode()` for the diagram, then one animation frame; the latency is read in the bench process when that promise resolves (so it includes one DevTools round trip).',
      'Saved in place = `writeFile` on the file; saved by rename = write `.<name>.tmp-<n>` beside it and rename it over the file (what "safe write" editors do).',
      'marp-cli server: `marp --no-config-file -s <copy> --theme-set themes`, the page `/slides/' +
        DECK +
        '.md` open in the same browser; on save its watch notifier reloads the page; measured until the reloaded page (DOMContentLoaded, then one animation frame) contains the new heading. marp-cli watch: `marp <md> --no-config-file -w --theme-set themes -o out/' +
        DECK +
        '.html`, measured until the HTML file contains the new heading (no browser).',
    ],
    notes: [
      ...errors,
      `1-minute load average ${loadBefore} at the start, ${loadAverage()} at the end.`,
      "stackdeck swaps the rendered slides into the open page over its WebSocket; marp-cli's server reloads the whole page and converts on that request, so its number includes the page load.",
    ],
  }
}

// -------------------------------------------------------------------------------- helpers

/**
 * Page-side wait for the next render that shows `text`, kept as source text: functions
 * passed to page.evaluate would carry tsx's `__name` helpers, which the page lacks.
 */
const ARM_SCRIPT = `(kind, text, alt) => {
  window.__benchShown = new Promise((resolve) => {
    const shows = async () => {
      if (kind === 'diagram') {
        const img = Array.from(document.images).find((i) => i.alt === alt)
        const src = img ? img.getAttribute('src') || '' : ''
        if (!src.startsWith('data:')) return false
        const bytes = Uint8Array.from(atob(src.slice(src.indexOf(',') + 1)), (c) => c.charCodeAt(0))
        if (!new TextDecoder().decode(bytes).includes(text)) return false
        await img.decode().catch(() => {})
      } else if (!document.getElementById('sd-slides').textContent.includes(text)) {
        return false
      }
      await new Promise((r) => requestAnimationFrame(r))
      return true
    }
    const onRender = () => {
      shows().then((yes) => {
        if (!yes) return
        removeEventListener('stackdeck:render', onRender)
        resolve()
      })
    }
    addEventListener('stackdeck:render', onRender)
  })
}`

/** Installs the page-side wait; returns a function that resolves when the page shows `text`. */
async function armStackdeckPage(
  page: Page,
  kind: 'diagram' | 'markdown',
  text: string,
): Promise<() => Promise<number>> {
  await page.evaluate(
    `(${ARM_SCRIPT})(${JSON.stringify(kind)}, ${JSON.stringify(text)}, ${JSON.stringify(ALT)})`,
  )
  return async () => {
    await withTimeout(page.evaluate('window.__benchShown'), `the stackdeck page to show ${text}`)
    return performance.now()
  }
}

/** marp-cli's page reloads on change: wait for a navigation whose page shows `text`. */
async function marpPageShows(page: Page, text: string): Promise<number> {
  const deadline = Date.now() + EDIT_TIMEOUT_MS
  for (;;) {
    const left = deadline - Date.now()
    if (left <= 0) throw new Error(`timed out waiting for marp-cli's page to show ${text}`)
    await page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: left })
    const shows = await page
      .evaluate(
        `new Promise((resolve) => requestAnimationFrame(() => resolve(document.body.textContent.includes(${JSON.stringify(text)}))))`,
      )
      .catch(() => false)
    if (shows) return performance.now()
  }
}

/** Resolves with the time `name` in `dir` first contains `text`. */
function waitForFileContent(dir: string, name: string, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let checking = false
    let done = false
    const check = async () => {
      if (checking || done) return
      checking = true
      const content = await readFile(join(dir, name), 'utf8').catch(() => '')
      checking = false
      if (!done && content.includes(text)) finish(performance.now())
    }
    const watcher = watch(dir, (_event, file) => {
      if (file === null || file.toString().includes(name.replace(/\.[^.]+$/, ''))) void check()
    })
    const poll = setInterval(() => void check(), 25)
    const timer = setTimeout(() => finish(undefined), EDIT_TIMEOUT_MS)
    const finish = (at: number | undefined) => {
      done = true
      watcher.close()
      clearInterval(poll)
      clearTimeout(timer)
      if (at === undefined) reject(new Error(`timed out waiting for ${name} to contain ${text}`))
      else resolve(at)
    }
  })
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), EDIT_TIMEOUT_MS)
    }),
  ])
}

/** Resolves with the first capture group of `pattern` in the child's output. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = pattern.exec(output)
      if (match) {
        cleanup()
        resolve(match[1] ?? match[0])
      }
    }
    const onExit = (code: number | null) => {
      cleanup()
      reject(new Error(`process exited (${String(code)}) before printing ${pattern}:\n${output}`))
    }
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const cleanup = () => {
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      child.off('exit', onExit)
      // Keep draining so a chatty child never blocks on a full pipe; BENCH_DEBUG=1 shows it.
      const forward = (chunk: Buffer) => {
        if (process.env.BENCH_DEBUG === '1')
          process.stderr.write(`    [child] ${chunk.toString('utf8')}`)
      }
      child.stdout?.on('data', forward)
      child.stderr?.on('data', forward)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', onExit)
  })
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

async function runToExit(command: string, args: readonly string[], cwd: string): Promise<void> {
  const child = spawn(command, [...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) throw new Error(`${args.join(' ')} failed (${String(code)}):\n${stderr}`)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
