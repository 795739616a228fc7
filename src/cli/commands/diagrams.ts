import { relative } from 'node:path'
import { resolveConfig } from '../../config.ts'
import type { DiagramResult } from '../../diagrams/build-diagrams.ts'
import {
  DEFAULT_TIMEOUT_SECONDS,
  DefinitionLoader,
  TIMEOUT_ENV,
  definitionTimeoutMs,
} from '../../diagrams/definition-loader.ts'
import { COMMON_OPTIONS, type Command } from '../command.ts'
import { color, logger, ms, plural } from '../logger.ts'

export function logDiagramResult(result: DiagramResult, root: string): void {
  if (result.error) {
    logger.error(`${result.name}  ${result.error.message}`)
    return
  }
  const [first, ...rest] = result.outputs.map((o) => relative(root, o))
  const more =
    rest.length > 0 ? color.dim(` +${rest.length} variant${rest.length > 1 ? 's' : ''}`) : ''
  logger.success(
    `${result.name.padEnd(18)} ${result.file} → ${first}${more} ${color.dim(ms(result.ms))}`,
  )
  logDiagramWarnings(result)
}

/** What was drawn worse than it could be (a word broken inside), one line each. */
export function logDiagramWarnings(result: DiagramResult): void {
  for (const warning of result.warnings ?? []) logger.warn(`${result.name}  ${warning.message}`)
}

export const diagramsCommand: Command = {
  name: 'diagrams',
  brief: 'Render the diagram definitions to SVG in assets/diagrams/',
  examples: [
    'stackdeck diagrams',
    'stackdeck diagrams --only type1-hypervisor',
    'stackdeck diagrams --timeout 30',
  ],
  summary:
    'Render every diagram definition (slides/diagrams/*.ts) to SVG in assets/diagrams/: a light and a\ndark (.dark.svg) file per diagram, plus one pair per step. Exits 1 if any definition is bad;\nthe good ones are written all the same. Each definition loads in a worker thread with a time\nbudget (--timeout), so one that loops or never finishes is reported, not waited for.',
  options: {
    ...COMMON_OPTIONS,
    only: {
      type: 'string',
      multiple: true,
      arg: '<name>',
      help: 'render only this diagram (repeatable or comma-separated)',
    },
    out: {
      type: 'string',
      arg: '<dir>',
      help: 'output folder (default: assets/diagrams, or stackdeck.diagramsOutDir in package.json)',
    },
    definitions: {
      type: 'string',
      arg: '<dir>',
      help: 'definitions folder (default: slides/diagrams)',
    },
    timeout: {
      type: 'string',
      arg: '<s>',
      help: `seconds a definition may take to load (default ${DEFAULT_TIMEOUT_SECONDS}, or $${TIMEOUT_ENV})`,
    },
  },
  async run(values) {
    const config = resolveConfig({
      root: values.root as string | undefined,
      theme: values.theme as string | undefined,
      diagramsOutDir: values.out as string | undefined,
      diagramsDir: values.definitions as string | undefined,
    })
    const timeoutMs = definitionTimeoutMs(values.timeout as string | undefined)
    const started = performance.now()
    const only = values.only
      ? new Set((values.only as string[]).flatMap((v) => v.split(',')).map((v) => v.trim()))
      : undefined
    // The worker that loads definitions boots while the rendering modules load here.
    const loader = new DefinitionLoader({
      timeoutMs,
      typeCheck: { root: config.root, dir: config.diagramsDir },
    })
    const results = await import('../../diagrams/build-diagrams.ts')
      .then(({ buildDiagrams }) =>
        buildDiagrams(config, { only, loader, onResult: (r) => logDiagramResult(r, config.root) }),
      )
      .finally(() => loader.close())
    const failed = results.filter((r) => r.error).length
    if (results.length === 0) {
      logger.warn(
        `no diagram definitions in ${relative(config.root, config.diagramsDir) || '.'}; add one, e.g. slides/diagrams/my-stack.ts`,
      )
    }
    const summary = `${plural(results.length - failed, 'diagram')} rendered${failed ? `, ${failed} failed` : ''} in ${ms(performance.now() - started)}`
    if (failed) logger.error(summary)
    else logger.info(summary)
    return failed ? 1 : 0
  },
}
