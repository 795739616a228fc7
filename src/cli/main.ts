/**
 * Entry point: picks the command, prints help, and turns errors into exit codes.
 * A StackdeckError prints as one line without a stack; anything else is a bug.
 */
import { readFileSync } from 'node:fs'
import { StackdeckError } from '../errors.ts'
import { commandHelp, parseCommandArgs, type Command } from './command.ts'
import { buildCommand } from './commands/build.ts'
import { devCommand } from './commands/dev.ts'
import { diagramsCommand } from './commands/diagrams.ts'
import { checkCommand } from './commands/check.ts'
import { killDescendantsSync } from '../util/process-tree.ts'
import { removeOwnTempsSync } from '../util/temp-files.ts'
import { reportError } from './logger.ts'

const COMMANDS: readonly Command[] = [buildCommand, checkCommand, devCommand, diagramsCommand]

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return pkg.version
}

export function mainHelp(): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.brief}`)
  return `stackdeck ${version()}: typed stack diagrams and Marp decks\n\nUsage: stackdeck <command> [options]\n\nCommands:\n${rows.join('\n')}\n\nRun 'stackdeck <command> --help' for a command's options.\n`
}

/**
 * Ctrl-C or SIGTERM during a build: the run's temp files (half-written exports) and its
 * browser-profile folder go before the process does; finished outputs are untouched.
 */
function endOnSignals(): void {
  const end = (signal: NodeJS.Signals) => {
    // Browsers first: they would keep writing into the profile folders being removed.
    killDescendantsSync()
    removeOwnTempsSync()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }
  process.once('SIGINT', end)
  process.once('SIGTERM', end)
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp())
    return name === undefined ? 1 : 0
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`)
    return 0
  }
  try {
    const command = COMMANDS.find((c) => c.name === name)
    if (!command) {
      throw new StackdeckError(
        'USAGE',
        `unknown command '${name}'; commands: ${COMMANDS.map((c) => c.name).join(', ')}`,
      )
    }
    const values = parseCommandArgs(command, rest)
    if (values.help) {
      process.stdout.write(commandHelp(command))
      return 0
    }
    if (!command.handlesSignals) endOnSignals()
    // Work a failed command left running (browsers) ends with the process.
    process.once('exit', killDescendantsSync)
    return await command.run(values)
  } catch (error) {
    reportError(error)
    return error instanceof StackdeckError && error.code === 'USAGE' ? 2 : 1
  }
}
