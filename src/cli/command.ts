import { parseArgs, type ParseArgsConfig } from 'node:util'
import { StackdeckError } from '../errors.ts'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  /** One line for --help. */
  readonly help: string
  /** Placeholder shown in --help, e.g. `<name>`. */
  readonly arg?: string
}

export interface Command {
  readonly name: string
  /** One line for the command list. */
  readonly brief: string
  /** What `<command> --help` says above the options. */
  readonly summary: string
  /** Example invocations for --help. */
  readonly examples?: readonly string[]
  readonly options: Readonly<Record<string, OptionSpec>>
  /** Stops itself on SIGINT/SIGTERM (dev); other commands are ended by main, temps removed. */
  readonly handlesSignals?: boolean
  /** Returns the process exit code. */
  run(values: Readonly<Record<string, string | boolean | string[] | undefined>>): Promise<number>
}

/** Options every command takes. */
export const COMMON_OPTIONS = {
  root: { type: 'string', arg: '<dir>', help: 'project root (default: current directory)' },
  theme: {
    type: 'string',
    arg: '<file>',
    help: 'theme CSS with the diagram colours (default: themes/stackdeck.css)',
  },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} as const satisfies Record<string, OptionSpec>

/** `--deck` and `--strict`, for the commands that take decks (build, check). */
export function deckOptions(verb: 'export' | 'check') {
  return {
    deck: {
      type: 'string',
      multiple: true,
      arg: '<name>',
      help: `${verb} only this deck, e.g. virtualization or infra/kubevirt/slide (repeatable)`,
    },
    strict: {
      type: 'boolean',
      help: 'fail on warnings too (remote resources, overflow, missing glyphs); also "stackdeck": { "strict": true } in package.json',
    },
  } as const satisfies Record<string, OptionSpec>
}

/** `--deck` values, comma-separated or repeated. */
export function deckNames(values: Readonly<Record<string, unknown>>): string[] | undefined {
  return (values.deck as string[] | undefined)?.flatMap((v) => v.split(',')).map((v) => v.trim())
}

export function parseCommandArgs(command: Command, argv: readonly string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: command.options as ParseArgsConfig['options'],
      allowPositionals: true,
      strict: true,
    })
    if (positionals.length > 0) {
      throw new StackdeckError(
        'USAGE',
        `unexpected argument '${positionals[0]}'; see 'stackdeck ${command.name} --help'`,
      )
    }
    return values as Record<string, string | boolean | string[] | undefined>
  } catch (error) {
    if (error instanceof StackdeckError) throw error
    const message = error instanceof Error ? error.message : String(error)
    // node:util's wording is long and about positionals; say what is wrong and where to look.
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1]
    const missing = /Option '([^']+)' argument missing/.exec(message)?.[1]
    const detail = unknown
      ? `unknown option '${unknown}'`
      : missing
        ? `option '${missing}' needs a value`
        : message.split('\n')[0]!.replace(/\.$/, '')
    throw new StackdeckError('USAGE', `${detail}; see 'stackdeck ${command.name} --help'`)
  }
}

export function commandHelp(command: Command): string {
  const rows = Object.entries(command.options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.arg ? ` ${spec.arg}` : ''}`
    return `  ${flag.padEnd(30)} ${spec.help}`
  })
  const examples = command.examples?.length
    ? `\nExamples:\n${command.examples.map((e) => `  ${e}`).join('\n')}\n`
    : ''
  return `Usage: stackdeck ${command.name} [options]\n\n${command.summary}\n\nOptions:\n${rows.join('\n')}\n${examples}`
}
