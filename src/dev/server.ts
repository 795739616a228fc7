/**
 * The dev server: HTTP for pages and on-demand exports, a WebSocket (ws) per open page for
 * live updates. It serves no files by path, only decks it knows by name, so no request
 * can reach outside the project; Host and Origin are checked so that other web pages
 * cannot read it through DNS rebinding or open its socket.
 */
import { createReadStream } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { isIP, type AddressInfo } from 'node:net'
import { hostname } from 'node:os'
import { pipeline } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { isStackdeckError } from '../errors.ts'
import { FORMAT_SPECS, isFormat, type Format } from '../export/formats.ts'
import type { DevSession, Problem } from './dev-session.ts'
import { LOOPBACK_NAMES } from './hosts.ts'
import { WS_PATH, deckPage, fontKey, indexPage } from './page.ts'

export interface ServerOptions {
  readonly host: string
  readonly port: number
  /** Runs the real exporter; returns the written file. */
  readonly exportDeck: (deck: string, format: Format) => Promise<string>
}

export interface RunningServer {
  readonly url: string
  readonly port: number
  /** Pushes a deck's new render to its open pages. */
  publishDeck(deck: string): void
  publishProblems(problems: readonly Problem[]): void
  close(): Promise<void>
}

function hostName(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader)
  return match?.[1]?.toLowerCase()
}

const MIME: Record<Format, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
}

export async function startServer(
  session: DevSession,
  options: ServerOptions,
): Promise<RunningServer> {
  const allowedHosts = new Set(LOOPBACK_NAMES)
  if (!['0.0.0.0', '::'].includes(options.host)) allowedHosts.add(options.host.toLowerCase())
  const exposed = ['0.0.0.0', '::'].includes(options.host)
  const clients = new Map<WebSocket, string>()
  /** Render count per deck; a page that (re)connects behind it is sent the current render. */
  const versions = new Map<string, number>()
  let lastVersion = 0
  const exporting = new Map<string, Promise<string>>()

  const hostAllowed = (req: IncomingMessage) => {
    const name = hostName(req.headers.host)
    if (name === undefined) return false
    // Bound to every interface (--host 0.0.0.0): addresses and this machine's name are
    // fine, other names are what a DNS-rebinding page would send.
    return (
      allowedHosts.has(name) ||
      (exposed && (isIP(name.replace(/^\[|\]$/g, '')) !== 0 || name === hostname().toLowerCase()))
    )
  }

  const send = (
    res: ServerResponse,
    status: number,
    body: string,
    type = 'text/plain; charset=utf-8',
  ) => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    })
    res.end(body)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req)) return send(res, 403, 'Forbidden host\n')
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed\n')
    const raw = (req.url ?? '/').split('?')[0]!
    let path: string
    try {
      path = decodeURIComponent(raw)
    } catch {
      return send(res, 400, 'Bad request\n')
    }
    if (path.includes('..') || path.includes('\\') || path.includes('\0'))
      return send(res, 403, 'Forbidden\n')
    if (path === '/')
      return send(
        res,
        200,
        indexPage(session.deckNames(), session.problems()),
        'text/html; charset=utf-8',
      )
    // Deck names may hold slashes (decks in subfolders); only known names match.
    const exportMatch = /^\/(.+)\.([a-z]+)$/.exec(path)
    if (exportMatch && isFormat(exportMatch[2]!) && session.deckNames().includes(exportMatch[1]!)) {
      // An export runs Chromium and writes dist/: only this server's own pages (or a typed
      // URL) may start one, not an <img> on some other site.
      const site = req.headers['sec-fetch-site']
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        return send(res, 403, 'Exports start only from the stackdeck page or the address bar\n')
      }
      if (req.method === 'HEAD') return send(res, 200, '', MIME[exportMatch[2] as Format])
      return serveExport(res, exportMatch[1]!, exportMatch[2] as Format)
    }
    const deck = /^\/(.+?)\/?$/.exec(path)?.[1]
    if (deck !== undefined && session.deckNames().includes(deck)) {
      const view = session.view(deck)
      if (!view) {
        const problems = session.problems()
        return send(
          res,
          503,
          `This deck has not rendered yet:\n${problems.map((p) => p.message).join('\n')}\n`,
        )
      }
      return send(
        res,
        200,
        deckPage(view, session.problems(), versions.get(deck) ?? 0),
        'text/html; charset=utf-8',
      )
    }
    return send(res, 404, 'Not found\n')
  }

  const serveExport = async (res: ServerResponse, deck: string, format: Format) => {
    const key = `${deck}.${format}`
    let pending = exporting.get(key)
    if (!pending) {
      // Requests for the same file while it is being made share one export.
      pending = options.exportDeck(deck, format).finally(() => exporting.delete(key))
      exporting.set(key, pending)
    }
    try {
      const file = await pending
      res.writeHead(200, {
        'content-type': MIME[format],
        'content-disposition': `inline; filename="${encodeURIComponent(deck)}.${FORMAT_SPECS[format].extension}"`,
        'cache-control': 'no-store',
      })
      pipeline(createReadStream(file), res, (error) => {
        if (error) res.destroy(error)
      })
    } catch (error) {
      send(res, 500, `${isStackdeckError(error) ? error.message : String(error)}\n`)
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, `internal error: ${String(error)}\n`))
  })
  // Pages send nothing; anything big is not one of them.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const origin = req.headers.origin
    // Same origin only: the page this server sent, not any site the browser has open.
    const sameOrigin =
      origin !== undefined && hostAllowed(req) && origin === `http://${req.headers.host}`
    if (url.pathname !== WS_PATH || !sameOrigin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const deck = url.searchParams.get('deck') ?? ''
      const seen = Number(url.searchParams.get('v') ?? 0)
      clients.set(ws, deck)
      ws.on('close', () => clients.delete(ws))
      // A broken or oversized frame ends that one connection, never the server.
      ws.on('error', () => ws.terminate())
      // Whatever changed while this page was loading, asleep or away (server restart) arrives now.
      const current = renderMessage(deck)
      if ((versions.get(deck) ?? 0) > seen && current) ws.send(current)
      ws.send(JSON.stringify({ type: 'problems', problems: session.problems() }))
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host

  const broadcast = (deck: string | undefined, data: string) => {
    for (const [ws, open] of clients) if (deck === undefined || open === deck) ws.send(data)
  }

  /** The deck's current render as a message; undefined while it has none (deleted, not yet rendered). */
  function renderMessage(deck: string): string | undefined {
    const view = session.view(deck)
    if (!view) return undefined
    return JSON.stringify({
      type: 'render',
      version: versions.get(deck) ?? 0,
      title: view.title,
      html: view.html,
      css: view.css,
      fontCss: view.fontCss,
      fontKey: fontKey(view.fontCss),
    })
  }

  return {
    url: `http://${shownHost}:${port}/`,
    port,
    publishDeck(deck) {
      if (!session.view(deck)) return
      // Versions only grow, across decks and server restarts (they start from the clock), so
      // a page never mistakes an old render for a new one.
      lastVersion = Math.max(lastVersion + 1, Date.now())
      versions.set(deck, lastVersion)
      broadcast(deck, renderMessage(deck)!)
    },
    publishProblems(problems) {
      broadcast(undefined, JSON.stringify({ type: 'problems', problems }))
    },
    async close() {
      for (const ws of clients.keys()) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
