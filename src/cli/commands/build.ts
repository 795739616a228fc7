import { relative } from 'node:path'
import { resolveConfig } from '../../config.ts'
import { StackdeckError } from '../../errors.ts'
import {
  FORMATS,
  PPTX_MODES,
  isFormat,
  isPptxMode,
  type Format,
  type PptxMode,
} from '../../export/formats.ts'
import { handoutLayout, handoutPaper } from '../../export/handout-options.ts'
import { COMMON_OPTIONS, deckNames, deckOptions, type Command } from '../command.ts'
import { color, logger, ms, plural } from '../logger.ts'
import { logDiagramResult } from './diagrams.ts'
import { logDeckProblem } from './check.ts'

function parseFormats(values: readonly string[] | undefined): Format[] | undefined {
  if (!values) return undefined
  const formats = values.flatMap((v) => v.split(',')).map((v) => v.trim())
  const bad = formats.find((f) => !isFormat(f))
  if (bad !== undefined)
    throw new StackdeckError('USAGE', `--only takes ${FORMATS.join(', ')}; got '${bad}'`)
  return formats as Format[]
}

function parsePptxMode(value: string | undefined): PptxMode | undefined {
  if (value === undefined) return undefined
  if (!isPptxMode(value))
    throw new StackdeckError('USAGE', `--pptx takes ${PPTX_MODES.join(' or ')}; got '${value}'`)
  return value
}

export const buildCommand: Command = {
  name: 'build',
  brief: 'Render diagrams and export every deck to HTML, PDF and PPTX in dist/',
  examples: [
    'stackdeck build',
    'stackdeck build --only pdf --deck virtualization',
    'stackdeck build --pdf-notes',
    "stackdeck build --pptx image    # marp-cli's PPTX: one picture per slide",
    'stackdeck build --strict        # in CI: warnings fail the build',
  ],
  summary:
    'Render the diagrams, check every deck (as `stackdeck check` does), then export every deck in\nslides/ to dist/<deck>.html (self-contained, with presenter view), dist/<deck>.pdf, its handout\ndist/<deck>.handout.pdf and dist/<deck>.pptx (editable, with speaker notes), and list them all in\ndist/index.html. Decks in subfolders (front matter `marp: true`) export to the same subfolders.',
  options: {
    ...COMMON_OPTIONS,
    only: {
      type: 'string',
      multiple: true,
      arg: '<format>',
      help: `export only these formats: ${FORMATS.join(', ')} (repeatable or comma-separated)`,
    },
    ...deckOptions('export'),
    out: { type: 'string', arg: '<dir>', help: 'output folder (default: dist)' },
    'pdf-notes': { type: 'boolean', help: 'add speaker notes to the PDF as annotations' },
    handout: {
      type: 'string',
      arg: '<layout>',
      help: 'handout PDF beside each PDF: notes (default: notes below each slide), 2up, 4up, or none',
    },
    'handout-paper': {
      type: 'string',
      arg: '<paper>',
      help: 'handout paper: a4 (default) or letter',
    },
    pptx: {
      type: 'string',
      arg: '<mode>',
      help: 'editable (default: text boxes, tables, diagrams as shapes) or image (one picture per slide)',
    },
  },
  async run(values) {
    const config = resolveConfig({
      root: values.root as string | undefined,
      theme: values.theme as string | undefined,
      outDir: values.out as string | undefined,
      ...(values.strict === true ? { strict: true } : {}),
      ...(values.handout !== undefined
        ? { handout: handoutLayout(values.handout, '--handout') }
        : {}),
      ...(values['handout-paper'] !== undefined
        ? { handoutPaper: handoutPaper(values['handout-paper'], '--handout-paper') }
        : {}),
    })
    const started = performance.now()
    // Loaded on use, so `stackdeck --help` and other commands start without Marp and marp-cli.
    const { buildProject } = await import('../../project/build-project.ts')
    const result = await buildProject(config, {
      formats: parseFormats(values.only as string[] | undefined),
      decks: deckNames(values),
      pdfNotes: values['pdf-notes'] === true,
      pptx: parsePptxMode(values.pptx as string | undefined),
      onEvent(event) {
        switch (event.type) {
          case 'diagram':
            logDiagramResult(event.result, config.root)
            return
          case 'diagrams-done':
            logger.info(
              color.dim(`  ${plural(event.count, 'diagram')} rendered in ${ms(event.ms)}`),
            )
            return
          case 'browser':
            logger.info(
              color.dim(`  browser: ${event.browser.executablePath} (${event.browser.source})`),
            )
            return
          case 'deck-problem':
            logDeckProblem(event.deck, event.problem)
            return
          case 'deck-checked': {
            const line = `${event.deck.name}: ${plural(event.summary.slides, 'slide')}, ${plural(event.summary.images.length, 'image')} checked${event.errors > 0 ? `: ${plural(event.errors, 'error')}` : ''} ${color.dim(ms(event.ms))}`
            if (event.errors > 0) logger.error(line)
            else logger.success(line)
            return
          }
          case 'exported':
          case 'handout':
          case 'site':
            logger.success(`${relative(config.root, event.file)} ${color.dim(ms(event.ms))}`)
            return
        }
      },
    })
    logger.info(
      `${result.outputs.length} file${result.outputs.length === 1 ? '' : 's'} exported in ${ms(performance.now() - started)}`,
    )
    return 0
  },
}
