import { relative } from 'node:path'
import { resolveConfig } from '../../config.ts'
import { problemError, type DeckProblem } from '../../deck/deck-problem.ts'
import type { DeckFile } from '../../deck/discover-decks.ts'
import { COMMON_OPTIONS, deckNames, deckOptions, type Command } from '../command.ts'
import { color, logger, ms, plural } from '../logger.ts'
import { logDiagramResult, logDiagramWarnings } from './diagrams.ts'

/** One line per problem: `✗ slides/x.md:12 slide 3: message` (warnings with `!`). */
export function logDeckProblem(deck: DeckFile, problem: DeckProblem): void {
  const where = `${problem.file}${problem.line ? `:${problem.line}` : ''}`
  const text = `${where} ${color.dim(`[${deck.name}]`)} ${problemError(problem).detail}`
  if (problem.level === 'error') logger.error(text)
  else logger.warn(text)
}

export const checkCommand: Command = {
  name: 'check',
  brief: 'Check every deck: missing or remote assets, overflowing slides, missing glyphs',
  examples: ['stackdeck check', 'stackdeck check --deck virtualization --strict'],
  summary:
    'Render the diagrams, then check every deck without exporting it: images and CSS url()s that\nare missing, outside the project or of an unsupported type (errors); themes that do not exist\n(errors); remote resources and web fonts with no bundled copy, characters no bundled font has,\nand content running off a slide or over its header or footer, measured in Chromium (warnings).\nOne line per problem with file, line and slide. Exit code 1 on errors (and on warnings with\n--strict).',
  options: {
    ...COMMON_OPTIONS,
    ...deckOptions('check'),
  },
  async run(values) {
    const config = resolveConfig({
      root: values.root as string | undefined,
      theme: values.theme as string | undefined,
      ...(values.strict === true ? { strict: true } : {}),
    })
    const started = performance.now()
    const [{ selectDecks }, { checkProject }, { buildDiagrams }, { findBrowser }, temp] =
      await Promise.all([
        import('../../project/build-project.ts'),
        import('../../project/check-project.ts'),
        import('../../diagrams/build-diagrams.ts'),
        import('../../browser/find-browser.ts'),
        import('../../util/temp-files.ts'),
      ])
    const decks = await selectDecks(config, deckNames(values))
    // Decks show the rendered diagrams: a stale or missing SVG would be a false problem.
    const diagrams = await buildDiagrams(config, {
      onResult: (result) => {
        if (result.error) logDiagramResult(result, config.root)
        logDiagramWarnings(result)
      },
    })
    const browser = await findBrowser()
    // The check's browser profile goes to a folder of this run, removed after.
    const result = await temp.withRunTempDir(() =>
      checkProject(config, decks, {
        strict: config.strict,
        browser,
        onProblem: logDeckProblem,
        onDeck: (deck, inspection, took) =>
          logger.info(
            color.dim(
              `  ${deck.name}: ${plural(inspection.summary.slides, 'slide')} checked in ${ms(took)} (${relative(config.root, deck.file)})`,
            ),
          ),
      }),
    )
    const failedDiagrams = diagrams.filter((d) => d.error).length
    const warnings = result.warnings + diagrams.flatMap((d) => d.warnings ?? []).length
    const summary = `${plural(decks.length, 'deck')}: ${plural(result.errors + failedDiagrams, 'error')}, ${plural(warnings, 'warning')} (${ms(performance.now() - started)})`
    const failed = result.errors + failedDiagrams > 0 || (config.strict && warnings > 0)
    if (failed) logger.error(summary)
    else logger.success(summary)
    return failed ? 1 : 0
  },
}
