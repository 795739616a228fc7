/**
 * Line breaking: where labels break with kinsoku rules alone (before BudouX) and with
 * phrase boundaries (BudouX, what layout uses), on the repo's own diagrams and on 50 real
 * technical phrases (tests/fixtures/text/phrases-ja.txt), and what the phrase model costs.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { placeCaptions } from '../../src/layout/captions.ts'
import { panelFrames } from '../../src/layout/frames.ts'
import { measureStack } from '../../src/layout/measure.ts'
import type { WrappedText } from '../../src/layout/wrap-text.ts'
import { validateDiagram } from '../../src/model/validate.ts'
import { loadFont, type TextMeasurer } from '../../src/text/font.ts'
import { breakLines, type PhraseModel } from '../../src/text/line-break.ts'
import { japanesePhrases } from '../../src/text/phrases.ts'
import { REPO_ROOT } from '../lib/project.ts'
import type { SuiteReport, Table, Target } from '../lib/report.ts'
import { formatMs, median } from '../lib/stats.ts'
import { pick, type Suite, type SuiteContext } from '../lib/suite.ts'
import {
  breakOffsets,
  isAnnotatedWordBreak,
  isSameScriptBreak,
  readPhrases,
  type AnnotatedPhrase,
} from './word-breaks.ts'

/** Inner widths of narrow columns in the repo's diagrams (120–271 px): 4 to 8 columns a row. */
const WIDTHS = [120, 150, 180, 240] as const
const LABEL_SIZE = 22

/** One text to wrap, and how to tell a word-internal break in it. */
interface Case {
  readonly text: string
  readonly width: number
  readonly size: number
  readonly phrase?: AnnotatedPhrase
}

interface Counts {
  wrapped: number
  breaks: number
  sameScript: number
  annotated: number
  /** Inside a hand-marked word that would fit the box on its own: avoidable. */
  avoidable: number
  failed: number
}

export const wrapSuite: Suite = {
  name: 'wrap',
  summary: 'word-internal line breaks, kinsoku only vs BudouX phrases, and the phrase model cost',
  async run(context) {
    const font = loadFont()
    const repo = await repoTexts(font)
    const phrases = readPhrases()
    const sets: { name: string; cases: Case[] }[] = [
      {
        name: `repo diagrams, every text field at its own box width (${repo.length} fields)`,
        cases: repo.map((t) => ({ text: t.text, width: t.width, size: t.size })),
      },
      {
        name: `repo diagrams, every distinct label at ${WIDTHS.join(', ')} px`,
        cases: [
          ...new Set(repo.filter((t) => t.field.endsWith('.label')).map((t) => t.text)),
        ].flatMap((text) => WIDTHS.map((width) => ({ text, width, size: LABEL_SIZE }))),
      },
      {
        name: `${phrases.length} technical phrases at ${WIDTHS.join(', ')} px`,
        cases: phrases.flatMap((phrase) =>
          WIDTHS.map((width) => ({ text: phrase.text, width, size: LABEL_SIZE, phrase })),
        ),
      },
    ]
    const rows = sets.map((set) => {
      const before = count(set.cases, font, undefined)
      const after = count(set.cases, font, japanesePhrases)
      return { set, before, after }
    })
    const cost = timeWrapping(
      sets.flatMap((s) => s.cases),
      font,
      context,
    )
    const phraseRow = rows[2]!
    const targets: Target[] = [
      {
        name: 'breaks inside a word that fits its box, 50 phrases (hand-marked words)',
        goal: '< kinsoku only',
        measured: `${phraseRow.after.avoidable} (was ${phraseRow.before.avoidable})`,
        met: phraseRow.after.avoidable < phraseRow.before.avoidable,
      },
    ]
    const table: Table = {
      title: 'Line breaks, kinsoku only (before) → BudouX phrases (after)',
      columns: [
        'texts',
        'cases that wrap',
        'breaks',
        'inside a hand-marked word',
        'of which the word alone fits the box',
        'between two characters of one script',
        'too wide to fit',
      ],
      rows: rows.map(({ set, before, after }) => [
        set.name,
        `${before.wrapped} → ${after.wrapped}`,
        `${before.breaks} → ${after.breaks}`,
        set.cases.some((c) => c.phrase) ? `${before.annotated} → ${after.annotated}` : '—',
        set.cases.some((c) => c.phrase) ? `${before.avoidable} → ${after.avoidable}` : '—',
        `${before.sameScript} → ${after.sameScript}`,
        `${before.failed} → ${after.failed}`,
      ]),
    }
    const costTable: Table = {
      title: `Cost of wrapping every case above once (${cost.cases} cases; medians)`,
      columns: ['breaker', 'all cases', 'per case'],
      rows: [
        ['kinsoku only', formatMs(cost.kinsoku), formatMs(cost.kinsoku / cost.cases)],
        [
          'BudouX phrases, boundaries cached (a label seen before)',
          formatMs(cost.cached),
          formatMs(cost.cached / cost.cases),
        ],
        [
          'BudouX phrases, first time each text is seen',
          formatMs(cost.uncached),
          formatMs(cost.uncached / cost.cases),
        ],
      ],
    }
    return {
      title: 'Line breaking: kinsoku rules alone vs BudouX phrases',
      runs: `break counts are deterministic (one pass); cost: ${cost.runs} passes each`,
      targets,
      tables: [table, costTable],
      method: [
        'Texts: every label, detail, caption and brace note of slides/diagrams (at the width layout gives it, and every distinct label again at the widths of narrow columns), and the 50 phrases of tests/fixtures/text/phrases-ja.txt, at 22 px in the bundled Noto Sans JP.',
        '"before" is `breakLines(text, width, measure)`: kinsoku rules only, as layout did before BudouX. "after" adds `japanesePhrases` (src/text/phrases.ts, BudouX 0.7.0 Japanese model: phrase starts, and its scores inside a word too wide for the box): what layout does now.',
        '"inside a hand-marked word": a break where the fixture has no `|` (and no space or slash); "of which the word alone fits": breaks a breaker that knew the words could have avoided (a word wider than the box must break). "between two characters of one script": katakana–katakana, kanji–kanji, kana–kana or Latin–Latin, a heuristic for unannotated text that also counts splits of kanji compounds (仮想 / 化). `\\n` breaks are not counted.',
        '"cases that wrap": cases that need more than one line; "too wide": a word wider than the box (an error in layout, the same with both breakers).',
        'Cost: each pass wraps every case once. "first time": the phrase-boundary cache is bypassed by appending a fresh character to every text.',
      ],
      notes: [
        'Most repo labels fit their boxes on one line: text that fits is never segmented, and BudouX runs only for text that must wrap.',
        'What is left is mostly katakana compounds, which BudouX keeps as one phrase (ファイルシステム, サービスメッシュ): in a box narrower than the compound they break at the kinsoku point its model scores likeliest among the last two that fit, right for ゲスト / カーネル and ファイル / システム, wrong for サービ / スメッシュ; layout warns either way.',
      ],
    } satisfies SuiteReport
  },
}

/** Every text field of the repo's diagrams, as layout wraps it. */
async function repoTexts(font: TextMeasurer): Promise<WrappedText[]> {
  const dir = join(REPO_ROOT, 'slides', 'diagrams')
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).sort()
  const texts: WrappedText[] = []
  for (const file of files) {
    const module = (await import(pathToFileURL(join(dir, file)).href)) as { default: unknown }
    const diagram = validateDiagram(module.default)
    const frames = panelFrames(diagram, font)
    texts.push(...frames.flatMap((f) => f.braceNotes))
    for (const f of frames) texts.push(...measureStack(f.panel.items, f.stackWidth, font).texts)
    texts.push(...placeCaptions(frames, 0, font).texts)
  }
  return texts
}

function count(
  cases: readonly Case[],
  font: TextMeasurer,
  starts: PhraseModel | undefined,
): Counts {
  const counts: Counts = {
    wrapped: 0,
    breaks: 0,
    sameScript: 0,
    annotated: 0,
    avoidable: 0,
    failed: 0,
  }
  for (const c of cases) {
    let wrapped = false
    for (const paragraph of c.text.split('\n')) {
      const result = breakLines(paragraph, c.width, (s) => font.width(s, c.size), starts)
      if (!result.ok) {
        counts.failed++
        continue
      }
      const offsets = breakOffsets(paragraph, result.lines)
      if (offsets.length > 0) wrapped = true
      counts.breaks += offsets.length
      counts.sameScript += offsets.filter((o) => isSameScriptBreak(paragraph, o)).length
      if (c.phrase) {
        const inside = offsets.filter((o) => isAnnotatedWordBreak(c.phrase!, o))
        counts.annotated += inside.length
        const fits = (word: string) => font.width(word, c.size) <= c.width
        counts.avoidable += inside.filter((o) => fits(wordAround(c.phrase!, o))).length
      }
    }
    if (wrapped) counts.wrapped++
  }
  return counts
}

/** The hand-marked word of `phrase` that holds the break at `offset`. */
function wordAround(phrase: AnnotatedPhrase, offset: number): string {
  const starts = [0, ...phrase.wordStarts, phrase.text.length].sort((a, b) => a - b)
  const end = starts.find((s) => s > offset)!
  const start = starts.filter((s) => s < offset).at(-1)!
  return phrase.text.slice(start, end)
}

function timeWrapping(
  cases: readonly Case[],
  font: TextMeasurer,
  context: SuiteContext,
): { cases: number; runs: number; kinsoku: number; cached: number; uncached: number } {
  const runs = pick(context, 30, 3)
  const pass = (starts: PhraseModel | undefined, suffix: string) => {
    const started = performance.now()
    for (const c of cases) {
      breakLines(c.text + suffix, c.width, (s) => font.width(s, c.size), starts)
    }
    return performance.now() - started
  }
  // Font widths are cached per string too: warm them for every suffix used, so the
  // comparison isolates the breaking.
  const samples = { kinsoku: [] as number[], cached: [] as number[], uncached: [] as number[] }
  for (let i = 0; i < runs; i++) {
    const fresh = String.fromCodePoint(0x4e00 + i) // a kanji no text above ends with
    pass(undefined, fresh)
    samples.uncached.push(pass(japanesePhrases, fresh))
    samples.cached.push(pass(japanesePhrases, fresh))
    samples.kinsoku.push(pass(undefined, fresh))
  }
  return {
    cases: cases.length,
    runs,
    kinsoku: median(samples.kinsoku),
    cached: median(samples.cached),
    uncached: median(samples.uncached),
  }
}
