/**
 * Run-time validation of a definition: what the compiler cannot check (blank labels,
 * duplicate ids, emphasis on an id that does not exist, absurd sizes, nesting depth), and
 * everything for definitions written in plain JavaScript. zod checks each object's own
 * fields; the tree walk here classifies items (row / group / layer) so that errors point
 * at the one field that is wrong instead of at a failed union of three shapes.
 */
import { z } from 'zod'
import { StackdeckError, formatPath } from '../errors.ts'
import { DEFAULT_WIDTH, LIMITS } from './limits.ts'
import { toPlainValue } from './plain-value.ts'
import type {
  ResolvedBrace,
  ResolvedColumn,
  ResolvedDiagram,
  ResolvedGroup,
  ResolvedItem,
  ResolvedLayer,
  ResolvedPanel,
  ResolvedRow,
} from './resolved.ts'
import { TONES } from './types.ts'
import { editDistance, nearest } from '../util/nearest.ts'

type Path = readonly PropertyKey[]

const text = (max: number, what: string) =>
  z
    .string()
    .refine((s) => s.trim().length > 0, { message: `${what} is empty; write the text to show` })
    .refine((s) => [...s].length <= max, {
      message: `${what} is longer than ${max} characters; shorten it (a slide box holds a few words)`,
    })
    // Tabs and other control characters render differently in every viewer.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .refine((s) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(s), {
      message: `${what} contains a control character; use plain text (\\n for a line break)`,
    })

const id = z.string().regex(LIMITS.idPattern, {
  message: 'id must start with a letter and hold only letters, digits, - and _ (at most 40)',
})
const tone = z.enum(TONES as [string, ...string[]], {
  message: `tone must be one of ${TONES.join(', ')}`,
})
const weight = z
  .number()
  .finite()
  .min(LIMITS.weight.min, { message: `weight must be at least ${LIMITS.weight.min}` })
  .max(LIMITS.weight.max, { message: `weight must be at most ${LIMITS.weight.max}` })
const width = z
  .number()
  .finite()
  .min(LIMITS.width.min, { message: `width must be at least ${LIMITS.width.min} px` })
  .max(LIMITS.width.max, {
    message: `width must be at most ${LIMITS.width.max} px (a 16:9 slide's content area)`,
  })

const layerSchema = z.strictObject({
  id: id.optional(),
  label: text(LIMITS.labelChars, 'label'),
  detail: text(LIMITS.detailChars, 'detail').optional(),
  tone: tone.optional(),
  weight: weight.optional(),
})
const rowSchema = z.strictObject({
  id: id.optional(),
  columns: z
    .array(z.unknown())
    .min(1, { message: 'a row needs at least one column' })
    .max(LIMITS.columnsPerRow, {
      message: `a row holds at most ${LIMITS.columnsPerRow} columns; group some of them`,
    }),
})
const groupSchema = z.strictObject({
  id: id.optional(),
  caption: text(LIMITS.labelChars, 'caption').optional(),
  layers: z.array(z.unknown()).min(1, { message: 'a group needs at least one layer' }),
  tone: tone.optional(),
  weight: weight.optional(),
})
const braceSchema = z.strictObject({
  from: z.string(),
  to: z.string().optional(),
  label: text(LIMITS.braceChars, 'brace label'),
})
const itemsArray = z
  .array(z.unknown())
  .min(1, { message: 'a stack needs at least one layer' })
  .max(LIMITS.itemsPerStack, {
    message: `a stack holds at most ${LIMITS.itemsPerStack} layers; split the diagram`,
  })
const common = {
  title: text(LIMITS.titleChars, 'title'),
  description: text(1000, 'description').optional(),
  emphasis: z.string().optional(),
  steps: z.array(z.string()).optional(),
}
const stackSchema = z.strictObject({
  kind: z.literal('stack').optional(),
  ...common,
  layers: itemsArray,
  braces: z.array(z.unknown()).optional(),
  width: width.optional(),
})
const panelSchema = z.strictObject({
  caption: text(LIMITS.labelChars, 'caption'),
  layers: itemsArray,
  braces: z.array(z.unknown()).optional(),
})
const comparisonSchema = z.strictObject({
  kind: z.literal('comparison').optional(),
  ...common,
  panels: z
    .array(z.unknown())
    .min(LIMITS.panels.min, {
      message: `a comparison needs ${LIMITS.panels.min} to ${LIMITS.panels.max} panels`,
    })
    .max(LIMITS.panels.max, {
      message: `a comparison needs ${LIMITS.panels.min} to ${LIMITS.panels.max} panels`,
    }),
  width: width.optional(),
})

function invalid(path: Path, detail: string): StackdeckError {
  return new StackdeckError('INVALID_DEFINITION', detail, { field: formatPath(path) || undefined })
}

function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType): string {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const noun = issue.keys.length === 1 ? 'field' : 'fields'
      const fields = issue.keys.map((k) => `'${k}'`).join(', ')
      return `unknown ${noun} ${fields}; ${fieldHints(issue.keys, schema)}`
    }
    case 'invalid_type':
      // zod rejects NaN and ±Infinity as "not a number"; they are numbers, just not finite.
      if (typeof issue.input === 'number' && !Number.isFinite(issue.input))
        return `must be a finite number, not ${issue.input}`
      return issue.input === undefined
        ? `is required (${issue.expected})`
        : `must be ${issue.expected === 'array' ? 'an array' : `a ${issue.expected}`}, not ${describeValue(issue.input)}`
    default:
      return issue.message
  }
}

/** Each object schema under the name messages give it, for hints on misplaced fields. */
const OBJECTS: readonly { readonly name: string; readonly schema: z.ZodObject }[] = [
  { name: 'a box', schema: layerSchema },
  { name: 'a row', schema: rowSchema },
  { name: 'a group', schema: groupSchema },
  { name: 'a brace', schema: braceSchema },
  { name: 'a stack', schema: stackSchema },
  { name: 'a panel', schema: panelSchema },
  { name: 'a comparison', schema: comparisonSchema },
]

const fieldsOf = (schema: z.ZodObject) => Object.keys(schema.shape)

/** "a stack or a comparison" */
function either(names: readonly string[]): string {
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`
}

/**
 * What to say about `keys`, unknown to `schema`: a misspelling of one of the schema's own
 * fields, or a field that belongs elsewhere (`width` is a stack's, not a box's), from the
 * schemas' own keys: never a field the object cannot take. Then, once, what it does take.
 */
function fieldHints(keys: readonly string[], schema: z.ZodType): string {
  const here = OBJECTS.find((o) => o.schema === schema)
  if (!here) return 'check the spelling (the editor lists the fields)'
  const own = fieldsOf(here.schema).filter((field) => field !== 'kind')
  const others = OBJECTS.filter((o) => o !== here)
  const owners = (field: string) =>
    either(others.filter((o) => fieldsOf(o.schema).includes(field)).map((o) => o.name))
  const otherFields = new Set(others.flatMap((o) => fieldsOf(o.schema)))
  const hints = keys.map((key) => {
    // A field of another object is misplaced rather than misspelt (`to` on a box is not `tone`).
    if (otherFields.has(key)) return `'${key}' is a field of ${owners(key)}, not of ${here.name}`
    const guess = nearest(key, own)
    const elsewhere = nearest(key, otherFields)
    if (
      guess !== undefined &&
      (!elsewhere || editDistance(key, guess) <= editDistance(key, elsewhere))
    ) {
      return `did you mean '${guess}'?`
    }
    if (elsewhere !== undefined) {
      return `did you mean '${elsewhere}'? that is a field of ${owners(elsewhere)}, not of ${here.name}`
    }
    return `check the spelling of '${key}'`
  })
  const takes = `${here.name} takes ${own.join(', ')}`
  // "did you mean" one of its own fields says enough; anything else gets the list of fields.
  return hints.every((hint) => hint.startsWith('did you mean') && !hint.includes('not of'))
    ? hints.join('; ')
    : `${hints.join('; ')} (${takes})`
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : `a ${typeof value}`
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: Path): T {
  // reportInput: without it zod leaves the bad value out, and a wrong type reads as missing.
  const result = schema.safeParse(value, { reportInput: true })
  if (result.success) return result.data
  // A misspelt key also makes the real one "missing"; the misspelling is what to fix.
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  )
  const [first, ...rest] = issues
  if (!first) throw invalid(path, 'is not valid')
  const more =
    rest.length > 0
      ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''} in this item)`
      : ''
  // A missing or unknown key is reported on its own name, so the path reads like the code.
  const keyPath = first.code === 'unrecognized_keys' ? [] : first.path
  throw invalid([...path, ...keyPath], describeIssue(first, schema) + more)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Walks one definition, giving every item a unique key and checking what spans items. */
class Resolver {
  private readonly keys = new Map<string, string>()
  private autoKey = 0

  key(userId: string | undefined, path: Path): string {
    if (userId === undefined) {
      // Auto keys cannot collide with user ids: those must start with a letter, these with `_`.
      return `_${(this.autoKey++).toString(36)}`
    }
    const earlier = this.keys.get(userId)
    if (earlier !== undefined) {
      throw invalid(
        [...path, 'id'],
        `duplicate id '${userId}' (also at ${earlier}); ids must be unique`,
      )
    }
    this.keys.set(userId, formatPath(path))
    return userId
  }

  has(id: string): boolean {
    return this.keys.has(id)
  }

  items(values: unknown, path: Path, depth: number): ResolvedItem[] {
    const list = parseWith(itemsArray, values, path)
    return list.map((value, i) => this.item(value, [...path, i], depth))
  }

  item(value: unknown, path: Path, depth: number): ResolvedItem {
    if (!isRecord(value)) {
      throw invalid(
        path,
        `must be a layer ({ label }), a row ({ columns }) or a group ({ layers }), not ${describeValue(value)}`,
      )
    }
    if ('columns' in value) return this.row(value, path, depth)
    if ('layers' in value) return this.group(value, path, depth)
    return this.layer(value, path)
  }

  column(value: unknown, path: Path, depth: number): ResolvedColumn {
    if (isRecord(value) && 'columns' in value) {
      throw invalid(
        path,
        'a column cannot be a row; wrap it in a group: { layers: [{ columns: [...] }] }',
      )
    }
    const item = this.item(value, path, depth)
    return item as ResolvedColumn
  }

  private nest(path: Path, depth: number): number {
    if (depth >= LIMITS.nestingDepth) {
      throw invalid(
        path,
        `nested more than ${LIMITS.nestingDepth} levels deep; flatten the diagram or split it`,
      )
    }
    return depth + 1
  }

  layer(value: unknown, path: Path): ResolvedLayer {
    const def = parseWith(layerSchema, value, path)
    return {
      kind: 'layer',
      key: this.key(def.id, path),
      path: formatPath(path),
      label: def.label,
      detail: def.detail,
      tone: (def.tone ?? 'neutral') as ResolvedLayer['tone'],
      weight: def.weight ?? 1,
    }
  }

  row(value: unknown, path: Path, depth: number): ResolvedRow {
    const def = parseWith(rowSchema, value, path)
    const inner = this.nest(path, depth)
    const key = this.key(def.id, path)
    const columns = def.columns.map((c, i) => this.column(c, [...path, 'columns', i], inner))
    return { kind: 'row', key, path: formatPath(path), columns }
  }

  group(value: unknown, path: Path, depth: number): ResolvedGroup {
    const def = parseWith(groupSchema, value, path)
    const inner = this.nest(path, depth)
    const key = this.key(def.id, path)
    const items = def.layers.map((v, i) => this.item(v, [...path, 'layers', i], inner))
    return {
      kind: 'group',
      key,
      path: formatPath(path),
      caption: def.caption,
      items,
      tone: (def.tone ?? 'neutral') as ResolvedGroup['tone'],
      weight: def.weight ?? leafColumns(items),
    }
  }

  braces(values: readonly unknown[] | undefined, path: Path): ResolvedBrace[] {
    return (values ?? []).map((value, i) => {
      const at = [...path, 'braces', i]
      const def = parseWith(braceSchema, value, at)
      // A brace belongs to one panel: it can only name that panel's items.
      const panel = formatPath(path)
      for (const field of ['from', 'to'] as const) {
        const target = def[field]
        if (target === undefined) continue
        if (!this.has(target)) {
          throw invalid([...at, field], `no item has id '${target}'; ${this.known()}`)
        }
        if (panel && !this.keys.get(target)!.startsWith(`${panel}.`)) {
          throw invalid(
            [...at, field],
            `'${target}' is in ${this.keys.get(target)!.replace(/\..*/, '')}; a brace can only cover items of its own panel (${panel})`,
          )
        }
      }
      return { from: def.from, to: def.to ?? def.from, label: def.label, path: formatPath(at) }
    })
  }

  target(id: string | undefined, path: Path): string | undefined {
    if (id !== undefined && !this.has(id)) {
      throw invalid(path, `no item has id '${id}'; ${this.known()}`)
    }
    return id
  }

  private known(): string {
    const ids = [...this.keys.keys()]
    return ids.length > 0 ? `known ids: ${ids.join(', ')}` : 'give the item an id first'
  }
}

/** How many side-by-side leaf columns an item spans: the default weight of a column. */
function leafColumns(items: readonly ResolvedItem[]): number {
  let widest = 1
  for (const item of items) {
    if (item.kind === 'row') {
      widest = Math.max(
        widest,
        item.columns.reduce((sum, c) => sum + c.weight, 0),
      )
    } else if (item.kind === 'group') {
      widest = Math.max(widest, item.weight)
    }
  }
  return widest
}

/**
 * Validates a definition's default export and fills in defaults. Throws a StackdeckError
 * (code INVALID_DEFINITION) naming the field; the caller adds the file with `inFile`.
 */
export function validateDiagram(definition: unknown): ResolvedDiagram {
  const value = toPlainValue(definition)
  if (!isRecord(value)) {
    throw invalid(
      [],
      `the default export must be a diagram (export default defineStack({...})), not ${describeValue(value)}`,
    )
  }
  if (value.kind !== undefined && value.kind !== 'stack' && value.kind !== 'comparison') {
    throw invalid(
      ['kind'],
      `kind must be 'stack' or 'comparison', not ${describeValue(value.kind)}; create the diagram with defineStack or defineComparison`,
    )
  }
  const resolver = new Resolver()
  const isComparison =
    value.kind === 'comparison' || (value.kind === undefined && 'panels' in value)
  let panels: ResolvedPanel[]
  let common: z.infer<typeof stackSchema> | z.infer<typeof comparisonSchema>
  if (isComparison) {
    const def = parseWith(comparisonSchema, value, [])
    common = def
    // Items first, braces second: a brace may name any id in its panel, wherever it stands.
    const parsed = def.panels.map((panelValue, i) => {
      const panel = parseWith(panelSchema, panelValue, ['panels', i])
      return { panel, items: resolver.items(panel.layers, ['panels', i, 'layers'], 0) }
    })
    panels = parsed.map(({ panel, items }, i) => ({
      caption: panel.caption,
      items,
      braces: resolver.braces(panel.braces, ['panels', i]),
      path: formatPath(['panels', i]),
    }))
  } else {
    const def = parseWith(stackSchema, value, [])
    common = def
    const items = resolver.items(def.layers, ['layers'], 0)
    panels = [{ caption: undefined, items, braces: resolver.braces(def.braces, []), path: '' }]
  }
  const emphasis = resolver.target(common.emphasis, ['emphasis'])
  const steps = (common.steps ?? []).map((step, i) => resolver.target(step, ['steps', i])!)
  const seen = new Set<string>()
  steps.forEach((step, i) => {
    if (seen.has(step)) throw invalid(['steps', i], `step '${step}' is listed twice`)
    seen.add(step)
  })
  return {
    kind: isComparison ? 'comparison' : 'stack',
    title: common.title,
    description: common.description,
    emphasis,
    steps,
    width: common.width ?? DEFAULT_WIDTH[isComparison ? 'comparison' : 'stack'],
    panels,
  }
}
