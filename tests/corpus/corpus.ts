/**
 * The corpus (tests/fixtures/corpus/): Marp decks written the way people publish them,
 * each with what it must show. A test file copies the corpus to a throwaway project once,
 * builds every deck with stackdeck (`buildProject`, as `stackdeck build --root` does) and,
 * where it compares, with plain marp-cli (no stackdeck engine, no config file), and shares
 * those builds between its assertions.
 */
import { cp, mkdir, mkdtemp, rm, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { marpCli } from '@marp-team/marp-cli'
import { buildProject, type BuildEvent } from '../../src/project/build-project.ts'
import { resolveConfig } from '../../src/config.ts'
import { discoverDecks } from '../../src/deck/discover-decks.ts'
import { FIXTURES_DIR, REPO_ROOT } from '../support/paths.ts'

export const CORPUS_DIR = join(FIXTURES_DIR, 'corpus')
const TMP_DIR = join(REPO_ROOT, 'tests', '.tmp')

export interface CorpusDeck {
  /** Path below `slides/`, with `/`. */
  readonly path: string
  readonly slides: number
  /** Words of the first slide: present in the PDF's first page. */
  readonly title: string
  /** Some of the slide text is Japanese. */
  readonly japanese: boolean
  readonly math?: 'mathjax' | 'katex'
  /** Local images the deck shows, corpus-relative: Markdown, deck `<style>` and theme `url()`s. */
  readonly images: readonly string[]
  /** Images shown on several slides: stored once in the HTML all the same. */
  readonly repeated: readonly { readonly image: string; readonly slides: number }[]
}

export const CORPUS_DECKS: readonly CorpusDeck[] = [
  {
    path: 'feature-flags.md',
    slides: 7,
    title: 'Shipping Faster with Feature Flags',
    japanese: false,
    images: ['assets/images/logo.svg'],
    repeated: [],
  },
  {
    path: 'mountain-walk.md',
    slides: 7,
    title: 'はじめての山歩き',
    japanese: true,
    images: ['assets/images/mountain.jpg', 'assets/images/team.png'],
    repeated: [{ image: 'assets/images/mountain.jpg', slides: 4 }],
  },
  {
    path: 'gradient-descent.md',
    slides: 6,
    title: 'Gradient Descent',
    japanese: false,
    math: 'mathjax',
    images: [],
    repeated: [],
  },
  {
    path: 'kakuritsu-katex.md',
    slides: 6,
    title: '確率と統計のおさらい',
    japanese: true,
    math: 'katex',
    images: [],
    repeated: [],
  },
  {
    path: 'design-system.md',
    slides: 7,
    title: 'デザインシステム「Koto」',
    japanese: true,
    images: [],
    repeated: [],
  },
  {
    path: 'quarterly-review.md',
    slides: 7,
    title: 'FY2024 Q3 Business Review',
    japanese: true,
    images: ['themes/images/corner.png', 'assets/images/pattern.png', 'assets/images/chart.png'],
    repeated: [
      { image: 'themes/images/corner.png', slides: 7 },
      { image: 'assets/images/pattern.png', slides: 2 },
    ],
  },
  {
    path: 'infra/kubevirt/slide.md',
    slides: 7,
    title: 'KubeVirt 入門',
    japanese: true,
    images: ['assets/images/architecture.svg'],
    repeated: [],
  },
  {
    path: 'handbook/README.md',
    slides: 7,
    title: 'Engineering Handbook',
    japanese: false,
    images: ['assets/images/team.png'],
    repeated: [],
  },
  {
    path: 'lt-emoji.md',
    slides: 6,
    title: '寿司で学ぶ Git',
    japanese: true,
    images: [],
    repeated: [],
  },
]

export interface DeckOutputs {
  html?: string
  pdf?: string
}

export type CorpusFormat = keyof DeckOutputs

export interface StackdeckBuild {
  /** Deck paths (below slides/) stackdeck found. */
  readonly found: ReadonlySet<string>
  /** Exports by deck path. */
  readonly outputs: ReadonlyMap<string, DeckOutputs>
  /** Why a deck was not exported, by deck path (the deck built on its own). */
  readonly errors: ReadonlyMap<string, string>
  /** Warnings and errors the build reported, by deck path. */
  readonly problems: ReadonlyMap<string, readonly string[]>
}

/** A throwaway copy of the corpus under tests/.tmp/ (ignored by git). */
export async function copyCorpus(label: string): Promise<string> {
  await mkdir(TMP_DIR, { recursive: true })
  const root = await mkdtemp(join(TMP_DIR, `corpus-${label}-`))
  await cp(CORPUS_DIR, root, { recursive: true })
  return root
}

export const removeCopy = (root: string | undefined) =>
  root ? rm(root, { recursive: true, force: true }) : Promise.resolve()

const slidesPath = (root: string, file: string) =>
  relative(join(root, 'slides'), file).split(sep).join('/')

/** What a build event says about a problem, whatever the event is called. */
function problemText(event: BuildEvent): string | undefined {
  const fields = event as unknown as Record<string, unknown>
  const problem = (fields.problem ?? fields.warning) as
    { level?: unknown; message?: unknown; line?: unknown } | undefined
  if (!problem || typeof problem.message !== 'string') return undefined
  const at = typeof problem.line === 'number' ? `:${problem.line}` : ''
  return `${String(problem.level ?? 'warning')}${at} ${problem.message}`
}

/**
 * Builds every deck of the project at `root` with stackdeck, in this process. All decks in
 * one build first, as `stackdeck build` does; when that fails, each deck on its own, so one
 * broken deck does not hide how the others export.
 */
export async function buildWithStackdeck(
  root: string,
  formats: readonly CorpusFormat[],
): Promise<StackdeckBuild> {
  const config = resolveConfig({ root })
  const decks = await discoverDecks(config.slidesDir)
  const outputs = new Map<string, DeckOutputs>()
  const problems = new Map<string, string[]>()
  const errors = new Map<string, string>()
  const onEvent = (event: BuildEvent) => {
    if (!('deck' in event)) return
    const path = slidesPath(root, event.deck.file)
    if (event.type === 'exported') {
      const format = event.format as string
      if (format === 'html' || format === 'pdf') {
        outputs.set(path, { ...outputs.get(path), [format]: event.file })
      }
      return
    }
    const text = problemText(event)
    if (text !== undefined) problems.set(path, [...(problems.get(path) ?? []), text])
  }
  try {
    await buildProject(config, { formats, onEvent })
  } catch {
    problems.clear()
    for (const deck of decks) {
      try {
        await buildProject(config, { formats, decks: [deck.name], onEvent })
      } catch (error) {
        errors.set(slidesPath(root, deck.file), (error as Error).message)
      }
    }
  }
  return { found: new Set(decks.map((d) => slidesPath(root, d.file))), outputs, problems, errors }
}

/**
 * Runs `fn` with the console silenced (marp-cli logs a line per file through it) and
 * returns what it said, for failure messages.
 */
async function quietly<T>(fn: () => Promise<T>): Promise<{ result: T; said: string[] }> {
  const said: string[] = []
  const methods = ['log', 'info', 'warn', 'error'] as const
  const saved = methods.map((m) => [m, Reflect.get(console, m)] as const)
  const capture = (...args: unknown[]) => said.push(args.map(String).join(' '))
  for (const method of methods) Reflect.set(console, method, capture)
  try {
    return { result: await fn(), said }
  } finally {
    for (const [method, original] of saved) Reflect.set(console, method, original)
  }
}

/**
 * Converts every deck of the project at `root` with plain marp-cli, the way a Marp user
 * does: no stackdeck engine or config file, Marp Core's defaults, the project's themes,
 * local files allowed for PDF, each output beside its Markdown file (so relative image
 * URLs in the HTML resolve as in the deck).
 *
 * Plain Marp resolves a theme's `url()`s against the HTML file, not the theme file, so a
 * plain-Marp user keeps theme images beside the decks' HTML: the copy does the same
 * (`themes/images/` also as `slides/images/`) so the reference shows them.
 */
export async function buildWithMarpCli(
  root: string,
  formats: readonly CorpusFormat[],
  browserPath: string,
): Promise<Map<string, DeckOutputs>> {
  await cp(join(root, 'themes', 'images'), join(root, 'slides', 'images'), { recursive: true })
  for (const format of formats) {
    const argv = [
      '--no-config-file',
      '--no-stdin',
      '--input-dir',
      join(root, 'slides'),
      '--theme-set',
      join(root, 'themes'),
      '--allow-local-files',
      '--browser-path',
      browserPath,
      '--browser-timeout',
      '120',
      '--parallel',
      '2',
      ...(format === 'pdf' ? ['--pdf'] : []),
    ]
    const { result: code, said } = await quietly(() => marpCli(argv))
    if (code !== 0)
      throw new Error(`plain marp-cli (${format}) exited with ${code}:\n${said.join('\n')}`)
  }
  const outputs = new Map<string, DeckOutputs>()
  for (const deck of CORPUS_DECKS) {
    const base = join(root, 'slides', deck.path.replace(/\.md$/, ''))
    const found: DeckOutputs = {}
    for (const format of formats) {
      const file = `${base}.${format}`
      if (await stat(file).catch(() => undefined)) found[format] = file
    }
    outputs.set(deck.path, found)
  }
  return outputs
}

/** The deck's export, or an error saying why there is none. */
export function outputOf(build: StackdeckBuild, deck: CorpusDeck, format: CorpusFormat): string {
  const file = build.outputs.get(deck.path)?.[format]
  if (file) return file
  if (!build.found.has(deck.path)) {
    throw new Error(
      `stackdeck did not find slides/${deck.path} (found: ${[...build.found].join(', ')})`,
    )
  }
  const error = build.errors.get(deck.path)
  throw new Error(
    `stackdeck did not export slides/${deck.path} to ${format}${error ? `: ${error}` : ''}`,
  )
}
