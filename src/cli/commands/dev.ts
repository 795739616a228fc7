import { spawn } from 'node:child_process'
import { resolveConfig } from '../../config.ts'
import { isLoopback } from '../../dev/hosts.ts'
import { StackdeckError } from '../../errors.ts'
import { COMMON_OPTIONS, type Command } from '../command.ts'
import { color, logger, ms, plural } from '../logger.ts'

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]]
  const child = spawn(command, args, { stdio: 'ignore', detached: true })
  child.on('error', () => logger.warn(`could not open a browser; open ${url} yourself`))
  child.unref()
}

export const devCommand: Command = {
  name: 'dev',
  handlesSignals: true,
  brief: 'Serve the decks on 127.0.0.1 with live reload of slides, themes and diagrams',
  examples: [
    'stackdeck dev',
    'stackdeck dev --port 3000 --open',
    'stackdeck dev --host 0.0.0.0   # reachable from other machines',
  ],
  summary:
    'Serve every deck in slides/ with live reload: saving a slide, a theme or a diagram definition\nupdates open browsers in place; mistakes show as an overlay and never stop the server.',
  options: {
    ...COMMON_OPTIONS,
    port: {
      type: 'string',
      short: 'p',
      arg: '<n>',
      help: 'port (default 8080; 0 picks a free one)',
    },
    host: {
      type: 'string',
      arg: '<addr>',
      help: 'interface to listen on (default 127.0.0.1; 0.0.0.0 exposes it to the network)',
    },
    open: { type: 'boolean', short: 'o', help: 'open the deck list in the default browser' },
  },
  async run(values) {
    // Export browsers keep their profiles in a folder of this run, removed when it stops.
    const { withRunTempDir } = await import('../../util/temp-files.ts')
    return withRunTempDir(() => serve(values))
  },
}

async function serve(values: Parameters<Command['run']>[0]): Promise<number> {
  const config = resolveConfig({
    root: values.root as string | undefined,
    theme: values.theme as string | undefined,
  })
  const portText = String(values.port ?? '8080')
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new StackdeckError(
      'USAGE',
      `--port takes a number from 0 to 65535, not '${String(values.port)}'`,
    )
  }
  const host = (values.host as string | undefined) ?? '127.0.0.1'
  const shown = new Set<string>()
  let dev
  try {
    const { runDev } = await import('../../dev/run-dev.ts')
    dev = await runDev(config, {
      host,
      port,
      onEvent(event) {
        switch (event.type) {
          case 'diagram':
            if (event.error) logger.error(event.error.message)
            else logger.success(`diagram ${event.name} ${color.dim(ms(event.ms))}`)
            return
          case 'deck':
            logger.success(
              `deck ${event.view.deck} (${plural(event.view.slides, 'slide')}) ${color.dim(ms(event.ms))}`,
            )
            return
          case 'deck-removed':
            logger.warn(`deck ${event.deck} removed`)
            return
          case 'problems':
            // Diagram problems were printed as they happened; the others once each, not
            // again on every save while they last.
            for (const p of event.problems) {
              if (p.key.kind === 'diagram' || shown.has(p.message)) continue
              if (p.level === 'warning') logger.warn(p.message)
              else logger.error(p.message)
            }
            shown.clear()
            for (const p of event.problems) shown.add(p.message)
            return
          case 'batch':
            return
        }
      },
    })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const hint: Record<string, string> = {
      EADDRINUSE: `port ${port} is in use; pass --port <n> (or --port 0 for any free port)`,
      EACCES: `port ${port} needs administrator rights; use a port above 1023`,
      EADDRNOTAVAIL: `--host ${host} is not an address of this machine; use 127.0.0.1 or 0.0.0.0`,
      ENOTFOUND: `--host ${host} is not a known host name; use 127.0.0.1 or 0.0.0.0`,
    }
    if (code !== undefined && hint[code]) throw new StackdeckError('USAGE', hint[code])
    throw error
  }
  logger.info(`\n  ${color.bold('stackdeck dev')}  ${dev.url}\n`)
  if (!isLoopback(host)) {
    logger.warn(`listening on ${host}: anyone who can reach this machine can read your decks`)
  }
  if (values.open) openInBrowser(dev.url)
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      logger.info('stopping…')
      dev.close().then(resolve, resolve)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return 0
}
