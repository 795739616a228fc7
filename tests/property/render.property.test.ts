/**
 * Any definition, valid or not, either renders to SVG that holds every label it was given,
 * or is refused with a StackdeckError. Anything else (a TypeError from deep inside layout,
 * NaN written into an attribute, markup that does not parse) is a bug.
 *
 * Most runs go validate → layout → SVG with the real font metrics and a fixed font subset;
 * every 25th goes through the whole renderDiagram, subsetting the font for its text too
 * (subsetting is the slow stage: a few ms per new character set).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderDiagram } from '../../src/diagrams/render-diagram.ts'
import { StackdeckError } from '../../src/errors.ts'
import { layoutDiagram } from '../../src/layout/layout.ts'
import type { ResolvedDiagram, ResolvedItem } from '../../src/model/resolved.ts'
import { TONES } from '../../src/model/types.ts'
import { validateDiagram } from '../../src/model/validate.ts'
import { describeDiagram } from '../../src/svg/describe.ts'
import { renderSvg } from '../../src/svg/render-svg.ts'
import { DIAGRAM_FEATURES, subsetWoffBase64 } from '../../src/text/subset.ts'
import { realContext } from '../support/render.ts'
import {
  byId,
  elements,
  linesWithRole,
  parseSvg,
  textOf,
  withoutWhitespace,
} from '../support/svg.ts'

const RUNS = Number(process.env.PROPERTY_RUNS ?? 10_000)
const FULL_PIPELINE_EVERY = 25

// ---- labels ---------------------------------------------------------------------------

/** `arbitrary` in one case out of `outOf`, else undefined (the field is left out). */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, outOf: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: outOf - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary })

const word = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'アプリ',
      'ゲストOS',
      'ハイパーバイザ',
      '仮想化',
      'ソフトウェア',
      'ホスト',
      'カーネル',
      'コンテナ',
    ),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'Linux',
      'VT-x',
      'AMD-V',
      'Windows Server 2022',
      'KVM/QEMU',
      'Hyper-V',
      'x86_64',
    ),
  },
)
const fragment = fc.oneof(
  { weight: 30, arbitrary: word },
  { weight: 9, arbitrary: fc.constantFrom('ー', 'ッ', 'ゃ', 'ょ', '、', '。', '・', '々') },
  { weight: 9, arbitrary: fc.constantFrom('（', '）', '「', '」', '(', ')', '【', '】') },
  { weight: 6, arbitrary: fc.constantFrom('é', 'ｶﾀｶﾅ', '⚠') },
  // Emoji and other characters the font lacks are refused (diagrams draw no emoji): rarely.
  { weight: 1, arbitrary: fc.constantFrom('🐳', '👨‍👩‍👧', '🇯🇵') },
  { weight: 9, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", ']]>', '&amp;', '<![CDATA[') },
  { weight: 9, arbitrary: fc.constantFrom(' ', '\u3000', '\n', '  ') },
  // Anything at all, rarely: it includes control characters, which validation refuses, and
  // characters the font lacks, which layout refuses.
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
)
/**
 * Mostly one to four fragments around a word. Blank and overlong labels are rare here (a
 * tree has a dozen labels); the mutations below make most of the invalid definitions.
 */
const label = fc.oneof(
  {
    weight: 300,
    arbitrary: fc
      .tuple(word, fc.array(fragment, { maxLength: 3 }), fc.nat())
      .map(([w, parts, at]) =>
        [
          ...parts.slice(0, at % (parts.length + 1)),
          w,
          ...parts.slice(at % (parts.length + 1)),
        ].join(''),
      ),
  },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u3000\n') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 40, maxLength: 70 }) },
)

// ---- ids and references ---------------------------------------------------------------

const ITEM_IDS = [
  ...'abcdefghijklmnopqrstuvw',
  'hw',
  'os',
  'hv',
  'vm-1',
  'x_2',
  'A9',
  'Zz',
] as const
/** Ids come from a small pool, so that duplicates happen now and then. */
const itemId = sometimes(
  fc.oneof(
    { weight: 300, arbitrary: fc.constantFrom(...ITEM_IDS) },
    { weight: 1, arbitrary: fc.constantFrom('1x', '-a', 'a b', 'x'.repeat(41)) },
  ),
  5,
)
const tone = sometimes(
  fc.oneof(
    { weight: 300, arbitrary: fc.constantFrom(...TONES) },
    { weight: 1, arbitrary: fc.constantFrom('blue', 'Hardware') },
  ),
  2,
)
const weight = sometimes(
  fc.oneof(
    { weight: 100, arbitrary: fc.double({ min: 0.25, max: 8, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 0.1, 9, -1) },
  ),
  5,
)

/**
 * emphasis, steps and brace ends are generated as `{ ref: n }` and turned into the n-th id
 * that exists (see `resolveRefs`), or rarely into a name no item has.
 */
const ref = fc.oneof(
  { weight: 20, arbitrary: fc.nat().map((n) => ({ ref: n })) },
  { weight: 1, arbitrary: fc.constantFrom('nope', 'a') },
)

// ---- trees ----------------------------------------------------------------------------

/** A plain object of the given fields, leaving out those that came out undefined. */
const object = (
  fields: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record(fields)
    .map((value) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)))

// Past depth 5 only layers are drawn; validation allows 4, so deeper trees are refused now and then.
const tree = {
  depthSize: 'xsmall',
  maxDepth: 5,
  depthIdentifier: 'tree',
  withCrossShrink: true,
} as const
const { item } = fc.letrec<{
  item: unknown
  layer: unknown
  row: unknown
  group: unknown
  column: unknown
}>((tie) => ({
  item: fc.oneof(
    tree,
    { weight: 3, arbitrary: tie('layer') },
    { weight: 1, arbitrary: tie('row') },
    { weight: 1, arbitrary: tie('group') },
  ),
  // A row as a column is refused; rarely generated, it is checked all the same.
  column: fc.oneof(
    tree,
    { weight: 200, arbitrary: tie('layer') },
    { weight: 100, arbitrary: tie('group') },
    { weight: 1, arbitrary: tie('row') },
  ),
  layer: object({ id: itemId, label, detail: sometimes(label, 4), tone, weight }),
  row: object({
    id: itemId,
    columns: fc.oneof(
      { weight: 30, arbitrary: fc.array(tie('column'), { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.array(tie('column'), { minLength: 7, maxLength: 9 }) },
    ),
  }),
  group: object({
    id: itemId,
    caption: sometimes(label, 2),
    layers: fc.array(tie('item'), { minLength: 1, maxLength: 3 }),
    tone,
    weight,
  }),
}))

const layers = fc.array(item, { minLength: 1, maxLength: 5 })
const braceLabel = fc.oneof({ weight: 20, arbitrary: word }, { weight: 1, arbitrary: label })
const brace = object({ from: ref, to: sometimes(ref, 2), label: braceLabel })
const braces = sometimes(fc.array(brace, { minLength: 1, maxLength: 3 }), 3)
const width = sometimes(
  fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 320, max: 1160 }) },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 1300 }) },
  ),
  2,
)
const common = {
  title: label,
  description: sometimes(label, 4),
  emphasis: sometimes(ref, 4),
  steps: sometimes(fc.array(ref, { minLength: 1, maxLength: 3 }), 4),
  width,
}
const stack = object({ kind: fc.constantFrom('stack', undefined), ...common, layers, braces })
const panel = object({ caption: label, layers, braces })
const comparison = object({
  kind: fc.constantFrom('comparison', undefined),
  ...common,
  panels: fc.oneof(
    { weight: 10, arbitrary: fc.array(panel, { minLength: 2, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(panel, { maxLength: 5 }) },
  ),
})

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Ids of the items (layers, rows, groups) in a panel's layers. */
function idsIn(items: unknown): string[] {
  const found: string[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk)
    if (!isObject(v)) return
    if (typeof v.id === 'string') found.push(v.id)
    walk(v.columns)
    walk(v.layers)
  }
  walk(items)
  return found
}

/** The id a `{ ref: n }` stands for; undefined (the reference is left out) when there is none. */
function pick(r: unknown, ids: readonly string[]): unknown {
  if (!isObject(r) || typeof r.ref !== 'number') return r
  return ids[r.ref % ids.length]
}

/**
 * Gives ids in panel i a `p<i>` prefix and points references at ids that exist. Brace ends
 * name items of their own panel (naming another panel's item is refused by validation,
 * tested on its own in tests/diagrams/render-diagram.test.ts).
 */
function resolveRefs(def: Json): Json {
  const panels: Json[] = Array.isArray(def.panels)
    ? def.panels.map((p: Json, i: number) => prefixIds(p, `p${i}`) as Json)
    : [{ layers: def.layers, ...(def.braces === undefined ? {} : { braces: def.braces }) }]
  const all: string[] = []
  const resolved = panels.map((p) => {
    const items = idsIn(p.layers)
    all.push(...items)
    const braces = Array.isArray(p.braces)
      ? p.braces
          .map((b: Json) => ({
            ...b,
            from: pick(b.from, items),
            ...(b.to === undefined ? {} : { to: pick(b.to, items) ?? pick(b.from, items) }),
          }))
          .filter((b: Json) => b.from !== undefined)
      : undefined
    return { ...p, ...(braces ? { braces } : {}) }
  })
  const out: Json = { ...def }
  out.emphasis = pick(out.emphasis, all)
  if (out.emphasis === undefined) delete out.emphasis
  if (Array.isArray(out.steps))
    out.steps = [...new Set(out.steps.map((s) => pick(s, all)).filter((s) => s !== undefined))]
  if (Array.isArray(def.panels)) out.panels = resolved
  else Object.assign(out, resolved[0])
  return out
}

function prefixIds(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((v) => prefixIds(v, prefix))
  if (!isObject(value)) return value
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === 'id' && typeof v === 'string' ? `${prefix}${v}` : prefixIds(v, prefix),
    ]),
  )
}

// ---- mutations ------------------------------------------------------------------------

/** Values of the wrong type, put anywhere by a mutation. */
const junk = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '',
    'x',
    [],
    {},
    [null],
    { label: 1 },
  ),
  fc.anything({ maxDepth: 2 }),
)

/** One thing wrong with an otherwise generated definition. */
const mutation = fc.record({
  kind: fc.constantFrom('junk value', 'misspelt key', 'missing key', 'blank text', 'junk root'),
  node: fc.nat(),
  key: fc.nat(),
  junk,
  typo: fc.constantFrom('lable', 'colums', 'layer', 'tones', 'widht'),
})

function mutate(
  definition: Json,
  m: { kind: string; node: number; key: number; junk: unknown; typo: string },
): unknown {
  if (m.kind === 'junk root') return m.junk
  const copy = structuredClone(definition)
  const objects: Json[] = []
  const collect = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(collect)
    else if (isObject(v)) {
      objects.push(v)
      Object.values(v).forEach(collect)
    }
  }
  collect(copy)
  const target = objects[m.node % objects.length]!
  const keys = Object.keys(target)
  const key = keys[m.key % keys.length]!
  if (m.kind === 'junk value') target[key] = m.junk
  else if (m.kind === 'misspelt key') target[m.typo] = 'x'
  else if (m.kind === 'missing key') Reflect.deleteProperty(target, key)
  else target[key] = typeof target[key] === 'string' ? ' \u3000 ' : m.junk
  return copy
}

const definition = fc
  .tuple(
    fc.oneof({ weight: 2, arbitrary: stack }, { weight: 1, arbitrary: comparison }),
    sometimes(mutation, 4),
  )
  .map(([def, m]) => {
    const resolved = resolveRefs(def)
    return m === undefined ? resolved : mutate(resolved, m)
  })

// ---- checks ---------------------------------------------------------------------------

const ctx = realContext()
let fixedFont: string | undefined

/** Checks that every text of the resolved model is in the SVG, in the element it belongs to. */
function checkText(svg: string, diagram: ResolvedDiagram, prefix: string): void {
  const root = parseSvg(svg)
  expect(root.name).toBe('svg')
  expect(textOf(byId(root, `${prefix}--title`))).toBe(diagram.title)
  const same = (lines: readonly string[], text: string | undefined, where: string) =>
    expect(withoutWhitespace(lines.join('')), where).toBe(withoutWhitespace(text ?? ''))
  const visit = (entry: ResolvedItem) => {
    if (entry.kind === 'row') return entry.columns.forEach(visit)
    const node = byId(root, `${prefix}-${entry.key}`)
    if (entry.kind === 'layer') {
      same(linesWithRole(node, 'label'), entry.label, `${entry.path}.label`)
      same(linesWithRole(node, 'detail'), entry.detail, `${entry.path}.detail`)
    } else {
      same(linesWithRole(node, 'caption'), entry.caption, `${entry.path}.caption`)
      entry.items.forEach(visit)
    }
  }
  diagram.panels.forEach((p) => p.items.forEach(visit))
  diagram.panels
    .flatMap((p) => p.braces)
    .forEach((b, i) =>
      same(linesWithRole(byId(root, `${prefix}--brace-${i}`), 'brace'), b.label, b.path),
    )
  // Ids are unique, and every box and text anchor lies inside the viewBox.
  const ids = elements(root).flatMap((e) =>
    e.attributes.id === undefined ? [] : [e.attributes.id],
  )
  expect(ids.length - new Set(ids).size, 'duplicate ids').toBe(0)
  const [width, height] = [Number(root.attributes.width), Number(root.attributes.height)]
  for (const e of elements(root)) {
    const n = (name: string) => Number(e.attributes[name])
    if (e.name === 'rect') {
      expect(n('width') > 0 && n('height') > 0, `rect size ${JSON.stringify(e.attributes)}`).toBe(
        true,
      )
      expect(
        n('x') >= 0 &&
          n('y') >= 0 &&
          n('x') + n('width') <= width &&
          n('y') + n('height') <= height,
        `rect outside ${width}×${height}: ${JSON.stringify(e.attributes)}`,
      ).toBe(true)
    }
    if (e.name === 'text') {
      expect(
        n('x') >= 0 && n('x') <= width && n('y') >= 0 && n('y') <= height,
        `text outside: ${JSON.stringify(e.attributes)}`,
      ).toBe(true)
    }
  }
  const captions = elements(root)
    .filter((e) => e.attributes['data-role'] === 'panel')
    .map(textOf)
  same(captions, diagram.panels.map((p) => p.caption ?? '').join(''), 'panel captions')
}

async function renderAndCheck(value: unknown, full: boolean): Promise<'rendered' | 'refused'> {
  try {
    if (full) {
      const rendered = await renderDiagram(value, 'prop', ctx)
      const diagram = validateDiagram(value)
      expect(rendered).toHaveLength(2 * (1 + diagram.steps.length))
      for (const r of rendered) {
        const prefix = `sd-prop${r.step ? `--${r.step}` : ''}${r.variant === 'dark' ? '-dark' : ''}`
        checkText(r.svg, diagram, prefix)
      }
      return 'rendered'
    }
    const diagram = validateDiagram(value)
    const layout = layoutDiagram(diagram, ctx.font)
    const svg = renderSvg(layout, {
      idPrefix: 'sd-prop',
      title: diagram.title,
      description: describeDiagram(diagram),
      palette: ctx.palettes.light,
      fontBase64: fixedFont!,
      emphasis: diagram.steps[0] ?? diagram.emphasis,
    })
    checkText(svg, diagram, 'sd-prop')
    return 'rendered'
  } catch (error) {
    if (!(error instanceof StackdeckError)) throw error
    expect(['INVALID_DEFINITION', 'LAYOUT']).toContain(error.code)
    expect(error.message).not.toBe('')
    return 'refused'
  }
}

describe('rendering any definition', () => {
  it(`renders with every label present or refuses with a StackdeckError (${RUNS} definitions)`, async () => {
    fixedFont = subsetWoffBase64(
      ctx.font.file,
      ctx.font.data,
      'アプリゲストOSハイパーバイザ',
      DIAGRAM_FEATURES,
    )
    const outcomes = { rendered: 0, refused: 0 }
    let run = 0
    const started = performance.now()
    await fc.assert(
      fc.asyncProperty(definition, async (value) => {
        outcomes[await renderAndCheck(value, run++ % FULL_PIPELINE_EVERY === 0)]++
      }),
      { numRuns: RUNS },
    )
    const seconds = (performance.now() - started) / 1000
    // A generator that only makes invalid definitions would prove nothing about rendering.
    expect(outcomes.rendered).toBeGreaterThan(RUNS * 0.25)
    expect(outcomes.refused).toBeGreaterThan(RUNS * 0.25)
    expect(seconds, 'keep this test well under a minute').toBeLessThan(50)
  })
})
