/**
 * Diagram engine: stackdeck against D2's WASM build (@terrastruct/d2) on equivalent
 * Japanese stacks (pairs.ts), three ways:
 *   (a) warm, in-process, per diagram: validation → layout → font subset → SVG string, with
 *       the subset cache hit (same labels again) and missed (a new character every time);
 *   (b) cold process: a fresh node that renders one diagram, writes it and exits;
 *   (c) `stackdeck diagrams` from process start to exit on a project of ten definitions,
 *       with the type check's last answer in .cache/ (any second run) and without it;
 *   (d) the type check of those ten alone, in its worker: from scratch, reused, after an edit.
 */
import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { D2 } from '@terrastruct/d2'
import { renderDiagram, type RenderContext } from '../../src/diagrams/render-diagram.ts'
import { TypeCheckThread } from '../../src/diagrams/type-check-thread.ts'
import { loadFont, type BundledFont } from '../../src/text/font.ts'
import { DIAGRAM_FEATURES, subsetWoffBase64 } from '../../src/text/subset.ts'
import { loadPalettes } from '../../src/theme/palette.ts'
import { loadAverage } from '../lib/machine.ts'
import { timeProcessOk } from '../lib/process.ts'
import { REPO_ROOT, STACKDECK_BIN, createTempProject } from '../lib/project.ts'
import type { SuiteReport, Table, Target } from '../lib/report.ts'
import { formatMs, formatRatio, geometricMean, median, spreadPercent } from '../lib/stats.ts'
import { pick, type Suite, type SuiteContext } from '../lib/suite.ts'
import { closeD2, d2FontOptions } from './d2-client.ts'
import { stackToD2 } from './d2-text.ts'
import { PAIRS, drawnText, type Pair } from './pairs.ts'

const THEME = join(REPO_ROOT, 'themes', 'stackdeck.css')
const COLD_SCRIPT = fileURLToPath(new URL('./cold-one.ts', import.meta.url))
const COLD_PAIR = 'type2-hosted'
const WARM_TARGET = 20
const TEN_TARGET_MS = 1000
/** Issue #9's budget for the first run, when the type check has no answer to reuse. */
const TEN_UNCACHED_TARGET_MS = 1500

export const engineSuite: Suite = {
  name: 'engine',
  summary:
    'per-diagram render time, stackdeck vs D2 (WASM): warm, cold process, cold `diagrams` ×10',
  async run(context) {
    const loadBefore = loadAverage()
    const warm = await warmInProcess(context)
    const cold = await coldProcess(context)
    const ten = await coldTenDiagrams(context)
    const types = await typeCheckCost(context)
    const targets: Target[] = [
      {
        name: 'warm per diagram, D2 ÷ stackdeck (subset not cached), worst pair',
        goal: `≥ ${WARM_TARGET}×`,
        measured: formatRatio(warm.worstUncachedRatio),
        met: warm.worstUncachedRatio >= WARM_TARGET,
      },
      {
        name: 'cold `stackdeck diagrams`, ten definitions, process start to exit',
        goal: `< ${TEN_TARGET_MS} ms`,
        measured: formatMs(ten.medianMs),
        met: ten.medianMs < TEN_TARGET_MS,
      },
      {
        name: 'the same without `.cache/` (type check from scratch: a first run)',
        goal: `< ${TEN_UNCACHED_TARGET_MS} ms`,
        measured: formatMs(ten.uncachedMedianMs),
        met: ten.uncachedMedianMs < TEN_UNCACHED_TARGET_MS,
      },
    ]
    return {
      title: 'Diagram engine: stackdeck vs D2 (WASM)',
      runs: `warm: per pair ${warm.counts}; cold process: ${cold.runs} runs per tool (after 1 unmeasured warm-up round); ten diagrams: ${ten.runs} runs (after 1 warm-up)`,
      targets,
      tables: [warm.table, cold.table, ten.table, types.table],
      method: [
        `Five equivalent stacks (bench/engine/pairs.ts), 4–6 layers deep, Japanese labels; the D2 source is generated from each stackdeck definition (bench/engine/d2-text.ts: grid containers, one class per tone with the theme's colours).`,
        'stackdeck: `renderDiagram(definition, name, { palettes, font })`, i.e. validation, layout, font subsetting and SVG serialization; each call yields two SVGs (light and dark). D2: `compile` + `render` (layout engine dagre, default options), one SVG; d2.js runs the WASM in a worker thread, so its message passing is included.',
        '"cached": the same definition again, so the font subset comes from the cache in src/text/subset.ts. "not cached": one label gets a character never used before in the run, so every call subsets anew (and measures the new label); D2 always gets such a fresh label.',
        '"D2 (Noto Sans JP)" passes the bundled Noto Sans JP Regular and Bold to D2 (fontRegular, fontBold), which makes its SVG equivalent: with its default font (Source Sans Pro) Japanese glyphs are missing from the embedded font.',
        'Warm samples are interleaved in rounds (D2 then stackdeck, order alternating) so load changes hit both; medians per pair, ratios of medians.',
        `Cold process: \`node --import tsx bench/engine/cold-one.ts <tool> ${COLD_PAIR} <tmp>\` renders that pair, writes the SVG(s) and exits; tools rotate each round; "baseline" is the same command doing nothing (node + tsx start).`,
        "Ten diagrams: a temp copy of the project with the first ten definitions of slides/diagrams (sorted, plus the `_` helpers), `node scripts/stackdeck.mjs diagrams` with that copy as the working directory, timed from spawn to exit. tsx's transform cache (in the OS temp folder) is warm after the warm-up run, as it is for any second run on a machine; so is the type check's last answer (`.cache/stackdeck/`), which each round also removes once to time a run that checks from scratch, and the compiler's V8 code cache (in the OS temp folder, like tsx's).",
        "Type check alone: `TypeCheckThread.check()` (the worker the commands use) on the ten definitions; 'in the worker' is the check's own time, 'wall' includes starting the worker. 'After an edit' appends a comment to one definition, with the compiler and program kept from the check before (what a dev edit costs).",
      ],
      notes: [
        `1-minute load average ${loadBefore} at the start, ${loadAverage()} at the end (2 cores shared with other work: absolute times are inflated, the same-run ratios less so).`,
        ...warm.notes,
        ...cold.notes,
        ...ten.notes,
        ...types.notes,
      ],
    } satisfies SuiteReport
  },
}

// ---------------------------------------------------------------------------------------
// (a) warm, in-process

interface WarmResult {
  readonly table: Table
  readonly worstUncachedRatio: number
  readonly counts: string
  readonly notes: readonly string[]
}

/** Characters the font draws and no pair uses, in a fixed order; each handed out once. */
function freshCharacters(font: BundledFont): () => string {
  const used = new Set(PAIRS.flatMap((p) => [...JSON.stringify(p.define(''))]))
  let codePoint = 0x4e00
  return () => {
    for (; codePoint <= 0x9fff; codePoint++) {
      const c = String.fromCodePoint(codePoint)
      if (!used.has(c) && font.covers(codePoint)) {
        codePoint++
        return c
      }
    }
    throw new Error('ran out of fresh CJK characters')
  }
}

async function timed(fn: () => unknown): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}

async function warmInProcess(context: SuiteContext): Promise<WarmResult> {
  const rounds = pick(context, 20, 4)
  const notoRounds = pick(context, 6, 1)
  const cachedPerRound = pick(context, 15, 5)
  const uncachedPerRound = pick(context, 5, 3)
  const ctx: RenderContext = { palettes: loadPalettes(THEME), font: loadFont() }
  const fresh = freshCharacters(ctx.font)
  const d2 = new D2()
  /** A D2 render of the pair as a job to time; the D2 source is made outside the timing. */
  const d2Svg = (pair: Pair, mark: string, noto: boolean) => {
    const source = stackToD2(pair.define(mark), ctx.palettes.light)
    const options = noto ? d2FontOptions() : {}
    return async () => {
      const compiled = await d2.compile({ fs: { index: source }, options })
      return d2.render(compiled.diagram, compiled.renderOptions)
    }
  }
  try {
    return await measureWarm(context, ctx, d2Svg, fresh, {
      rounds,
      notoRounds,
      cachedPerRound,
      uncachedPerRound,
    })
  } finally {
    await closeD2(d2)
  }
}

interface WarmCounts {
  readonly rounds: number
  readonly notoRounds: number
  readonly cachedPerRound: number
  readonly uncachedPerRound: number
}

async function measureWarm(
  context: SuiteContext,
  ctx: RenderContext,
  d2Svg: (pair: Pair, mark: string, noto: boolean) => () => Promise<string>,
  fresh: () => string,
  { rounds, notoRounds, cachedPerRound, uncachedPerRound }: WarmCounts,
): Promise<WarmResult> {
  const rows: string[][] = []
  const uncachedRatios: number[] = []
  const cachedRatios: number[] = []
  const notoRatios: number[] = []
  for (const pair of PAIRS) {
    context.log(`engine: warm ${pair.name}`)
    // Warm-up: JIT, subset-font's wasm, D2's worker, and a check that both draw the mark.
    const checkMark = fresh()
    const svgs = await renderDiagram(pair.define(checkMark), pair.name, ctx)
    const d2Check = await d2Svg(pair, checkMark, false)()
    if (!svgs[0]!.svg.includes(checkMark) || !d2Check.includes(checkMark)) {
      throw new Error(`${pair.name}: the marked label is missing from an SVG`)
    }
    for (let i = 0; i < 5; i++) await renderDiagram(pair.define(fresh()), pair.name, ctx)
    await d2Svg(pair, fresh(), false)()
    const samples = {
      cached: [] as number[],
      uncached: [] as number[],
      subset: [] as number[],
      d2: [] as number[],
      noto: [] as number[],
    }
    const cachedDefinition = pair.define('')
    await renderDiagram(cachedDefinition, pair.name, ctx)
    for (let round = 0; round < rounds; round++) {
      const runD2 = async () => {
        samples.d2.push(await timed(d2Svg(pair, fresh(), false)))
        if (round < notoRounds) samples.noto.push(await timed(d2Svg(pair, fresh(), true)))
      }
      const runStackdeck = async () => {
        for (let i = 0; i < cachedPerRound; i++) {
          samples.cached.push(await timed(() => renderDiagram(cachedDefinition, pair.name, ctx)))
        }
        for (let i = 0; i < uncachedPerRound; i++) {
          const definition = pair.define(fresh())
          samples.uncached.push(await timed(() => renderDiagram(definition, pair.name, ctx)))
          // The subset step alone, on the same kind of input: drawn text plus a new character.
          const text = drawnText(pair.define(fresh()))
          samples.subset.push(
            await timed(() =>
              subsetWoffBase64(ctx.font.file, ctx.font.data, text, DIAGRAM_FEATURES),
            ),
          )
        }
      }
      if (round % 2 === 0) {
        await runD2()
        await runStackdeck()
      } else {
        await runStackdeck()
        await runD2()
      }
    }
    const m = {
      cached: median(samples.cached),
      uncached: median(samples.uncached),
      subset: median(samples.subset),
      d2: median(samples.d2),
      noto: median(samples.noto),
    }
    uncachedRatios.push(m.d2 / m.uncached)
    cachedRatios.push(m.d2 / m.cached)
    notoRatios.push(m.noto / m.uncached)
    rows.push([
      pair.name,
      String(pair.depth),
      formatMs(m.cached),
      `${formatMs(m.uncached)} (±${spreadPercent(samples.uncached).toFixed(0)} %)`,
      formatMs(m.subset),
      `${formatMs(m.d2)} (±${spreadPercent(samples.d2).toFixed(0)} %)`,
      formatMs(m.noto),
      formatRatio(m.d2 / m.uncached),
      formatRatio(m.d2 / m.cached),
      formatRatio(m.noto / m.uncached),
    ])
  }
  rows.push([
    '**geometric mean**',
    '',
    '',
    '',
    '',
    '',
    '',
    formatRatio(geometricMean(uncachedRatios)),
    formatRatio(geometricMean(cachedRatios)),
    formatRatio(geometricMean(notoRatios)),
  ])
  return {
    table: {
      title: '(a) Warm, in-process, per diagram (medians; ± is the median absolute deviation)',
      columns: [
        'pair',
        'depth',
        'stackdeck, subset cached',
        'stackdeck, subset not cached',
        'of which font subset (alone)',
        'D2 (default font)',
        'D2 (Noto Sans JP)',
        'D2 ÷ stackdeck not cached',
        'D2 ÷ stackdeck cached',
        'D2 Noto ÷ stackdeck not cached',
      ],
      rows,
    },
    worstUncachedRatio: Math.min(...uncachedRatios),
    counts: `stackdeck ${rounds * cachedPerRound} cached + ${rounds * uncachedPerRound} not cached, D2 ${rounds} (default font) + ${notoRounds} (Noto Sans JP) renders, after warm-up`,
    notes: [
      "Per stackdeck call two SVGs are serialized (light and dark) against D2's one: the comparison is conservative for stackdeck.",
    ],
  }
}

// ---------------------------------------------------------------------------------------
// (b) cold process, one diagram

const COLD_TOOLS = ['stackdeck', 'd2', 'd2-noto', 'baseline'] as const

async function coldProcess(
  context: SuiteContext,
): Promise<{ table: Table; runs: number; notes: string[] }> {
  const runs = pick(context, 7, 3)
  const out = await mkdtemp(join(tmpdir(), 'stackdeck-bench-cold-'))
  const samples = new Map<string, number[]>(COLD_TOOLS.map((t) => [t, []]))
  try {
    for (let round = -1; round < runs; round++) {
      context.log(`engine: cold round ${round + 1}/${runs}`)
      const start = ((round % COLD_TOOLS.length) + COLD_TOOLS.length) % COLD_TOOLS.length
      const order = [...COLD_TOOLS.slice(start), ...COLD_TOOLS.slice(0, start)]
      for (const tool of order) {
        const run = await timeProcessOk(
          process.execPath,
          ['--import', 'tsx', COLD_SCRIPT, tool, COLD_PAIR, out],
          { cwd: REPO_ROOT },
        )
        if (round >= 0) samples.get(tool)!.push(run.ms)
      }
    }
    const written = await readdir(out)
    if (!written.includes(`${COLD_PAIR}.svg`) || !written.includes(`${COLD_PAIR}.dark.svg`)) {
      throw new Error(`cold runs did not write their SVGs: ${written.join(', ')}`)
    }
  } finally {
    await rm(out, { recursive: true, force: true })
  }
  const m = (tool: string) => median(samples.get(tool)!)
  const base = m('baseline')
  const label: Record<(typeof COLD_TOOLS)[number], string> = {
    stackdeck: 'stackdeck',
    d2: 'D2 (default font)',
    'd2-noto': 'D2 (Noto Sans JP)',
    baseline: 'baseline (node + tsx, no work)',
  }
  const rows = COLD_TOOLS.map((tool) => [
    label[tool],
    formatMs(m(tool)),
    `±${spreadPercent(samples.get(tool)!).toFixed(0)} %`,
    tool === 'baseline' ? '' : formatMs(m(tool) - base),
    tool === 'stackdeck' || tool === 'baseline' ? '' : formatRatio(m(tool) / m('stackdeck')),
    tool === 'stackdeck' || tool === 'baseline'
      ? ''
      : formatRatio((m(tool) - base) / (m('stackdeck') - base)),
  ])
  return {
    runs,
    table: {
      title: `(b) Cold process, one diagram (${COLD_PAIR}), spawn to exit (medians)`,
      columns: [
        'tool',
        'median',
        'spread',
        'minus baseline',
        '÷ stackdeck',
        '÷ stackdeck, minus baseline',
      ],
      rows,
    },
    notes: [],
  }
}

// ---------------------------------------------------------------------------------------
// (c) cold `stackdeck diagrams`, ten definitions

async function coldTenDiagrams(context: SuiteContext): Promise<{
  table: Table
  runs: number
  medianMs: number
  uncachedMedianMs: number
  notes: string[]
}> {
  const runs = pick(context, 7, 3)
  const project = await createTempProject('ten', {
    decks: false,
    definitions: (names) => names.slice(0, 10),
  })
  const total: number[] = []
  const uncached: number[] = []
  const internal: number[] = []
  const startup: number[] = []
  let names: string[] = []
  let svgCount = 0
  try {
    names = (await readdir(project.path('slides', 'diagrams'))).filter((f) => !f.startsWith('_'))
    for (let round = -1; round < runs; round++) {
      context.log(`engine: ten diagrams ${round + 1}/${runs}`)
      const version = await timeProcessOk(process.execPath, [STACKDECK_BIN, '--version'], {
        cwd: project.root,
      })
      const run = await timeProcessOk(process.execPath, [STACKDECK_BIN, 'diagrams'], {
        cwd: project.root,
      })
      const said = /(\d+) diagrams? rendered in ([\d.]+) (ms|s)\b/.exec(run.stderr)
      if (!said || Number(said[1]) !== names.length) {
        throw new Error(`unexpected output of stackdeck diagrams:\n${run.stderr}`)
      }
      await rm(project.path('.cache'), { recursive: true, force: true })
      const scratch = await timeProcessOk(process.execPath, [STACKDECK_BIN, 'diagrams'], {
        cwd: project.root,
      })
      if (round < 0) continue
      uncached.push(scratch.ms)
      total.push(run.ms)
      startup.push(version.ms)
      internal.push(Number(said[2]) * (said[3] === 's' ? 1000 : 1))
    }
    svgCount = (await readdir(project.path('assets', 'diagrams'))).filter((f) =>
      f.endsWith('.svg'),
    ).length
  } finally {
    await project.dispose()
  }
  const medianMs = median(total)
  return {
    runs,
    medianMs,
    uncachedMedianMs: median(uncached),
    table: {
      title: `(c) Cold \`stackdeck diagrams\`, ${names.length} definitions → ${svgCount} SVGs (medians)`,
      columns: ['measure', 'median', 'spread'],
      rows: [
        ['process start to exit', formatMs(medianMs), `±${spreadPercent(total).toFixed(0)} %`],
        [
          'the same without `.cache/` (type check from scratch)',
          formatMs(median(uncached)),
          `±${spreadPercent(uncached).toFixed(0)} %`,
        ],
        [
          'as the command reports it ("rendered in", after start-up)',
          formatMs(median(internal)),
          `±${spreadPercent(internal).toFixed(0)} %`,
        ],
        [
          '`stackdeck --version` (node, tsx, CLI modules; no work)',
          formatMs(median(startup)),
          `±${spreadPercent(startup).toFixed(0)} %`,
        ],
      ],
    },
    notes: [
      `Ten definitions: ${names.map((n) => n.replace(/\.[^.]+$/, '')).join(', ')}. The reported time has 1 ms resolution below 1 s and 100 ms above.`,
    ],
  }
}

// ---------------------------------------------------------------------------------------
// (d) the type check alone

async function typeCheckCost(context: SuiteContext): Promise<{ table: Table; notes: string[] }> {
  const runs = pick(context, 7, 3)
  const project = await createTempProject('types', {
    decks: false,
    definitions: (names) => names.slice(0, 10),
  })
  const dir = project.path('slides', 'diagrams')
  const edited = join(dir, (await readdir(dir)).filter((f) => !f.startsWith('_')).sort()[0]!)
  const original = await readFile(edited, 'utf8')
  const samples = {
    scratch: [] as number[],
    scratchWall: [] as number[],
    reused: [] as number[],
    edit: [] as number[],
  }
  let errors = 0
  try {
    for (let round = -1; round < runs; round++) {
      context.log(`engine: type check ${round + 1}/${runs}`)
      await rm(project.path('.cache'), { recursive: true, force: true })
      await writeFile(edited, original)
      const thread = new TypeCheckThread()
      const started = performance.now()
      const scratch = await thread.check(project.root, dir)
      const wall = performance.now() - started
      await appendFile(edited, `// edit ${round}\n`)
      const edit = await thread.check(project.root, dir)
      await thread.close()
      // A new worker, as a second command would start: the answer to the edited folder is in .cache/.
      const again = new TypeCheckThread()
      const reused = await again.check(project.root, dir)
      await again.close()
      if (scratch.reused || edit.reused || !reused.reused) {
        throw new Error('the type check reused or rebuilt its answer at the wrong time')
      }
      errors = scratch.problems.length + edit.problems.length + reused.problems.length
      if (round < 0) continue
      samples.scratch.push(scratch.ms)
      samples.scratchWall.push(wall)
      samples.edit.push(edit.ms)
      samples.reused.push(reused.ms)
    }
  } finally {
    await project.dispose()
  }
  if (errors > 0)
    throw new Error(`the repository's definitions do not type-check (${errors} errors)`)
  const row = (name: string, values: readonly number[]) => [
    name,
    formatMs(median(values)),
    `±${spreadPercent(values).toFixed(0)} %`,
  ]
  return {
    table: {
      title: '(d) Type check of the ten definitions, in its worker thread (medians)',
      columns: ['case', 'median', 'spread'],
      rows: [
        row(
          'from scratch, in the worker (load the compiler, build the program, check)',
          samples.scratch,
        ),
        row('from scratch, wall (start the worker too)', samples.scratchWall),
        row(
          'last answer reused from `.cache/` (hash the files it read; no compiler)',
          samples.reused,
        ),
        row('after editing one definition, compiler and program kept (a dev edit)', samples.edit),
      ],
    },
    notes: [
      `Type check: ${runs} rounds after 1 warm-up; it runs beside the definition worker and the rendering, so its cost on a command's wall time is what it adds past them (row (c) with and without \`.cache/\`).`,
    ],
  }
}
