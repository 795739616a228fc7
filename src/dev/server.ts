/**
 * The dev server: HTTP for pages and on-demand exports, a WebSocket (ws) per open page for
 * live updates. It serves no files by path, only decks it knows by name, so no request
 * can reach outside the project; Host and Origin are checked so that other web pages
 * cannot read it through DNS rebinding or open its socket.
 *
 * A request passes the guards (host, method, path), then the first route that answers it;
 * a socket upgrade passes the same host check and an origin check.
 */
import { createReadStream } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { isIP, type AddressInfo } from 'node:net'
import { hostname } from 'node:os'
import type { Duplex } from 'node:stream'
import { pipeline } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { isStackdeckError } from '../errors.ts'
import { FORMAT_SPECS, isFormat, type Format } from '../export/formats.ts'
import { clientScript } from './client-bundle.ts'
import type { DevSession } from './dev-session.ts'
import { LOOPBACK_NAMES } from './hosts.ts'
import {
  WS_PATH,
  parseSocketQuery,
  type Problem,
  type RenderMessage,
  type ServerMessage,
} from './messages.ts'
import { deckPage, fontKey, indexPage } from './page.ts'

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

const MIME: Record<Format, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
}
const HTML = 'text/html; charset=utf-8'

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
) {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  })
  res.end(body)
}

function hostName(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d+)?$/.exec(hostHeader)
  return match?.[1]?.toLowerCase()
}

/** Whether a request is addressed to this server by a name it answers to (no DNS rebinding). */
function hostCheck(host: string): (req: IncomingMessage) => boolean {
  const exposed = ['0.0.0.0', '::'].includes(host)
  const allowed = new Set(LOOPBACK_NAMES)
  if (!exposed) allowed.add(host.toLowerCase())
  return (req) => {
    const name = hostName(req.headers.host)
    if (name === undefined) return false
    // Bound to every interface (--host 0.0.0.0): addresses and this machine's name are
    // fine, other names are what a DNS-rebinding page would send.
    return (
      allowed.has(name) ||
      (exposed && (isIP(name.replace(/^\[|\]$/g, '')) !== 0 || name === hostname().toLowerCase()))
    )
  }
}

/** Open pages by deck, and the render count per deck they are compared against. */
class LivePages {
  private readonly clients = new Map<WebSocket, string>()
  /** Render count per deck; a page that (re)connects behind it is sent the current render. */
  private readonly versions = new Map<string, number>()
  private lastVersion = 0

  constructor(private readonly session: DevSession) {}

  version(deck: string): number {
    return this.versions.get(deck) ?? 0
  }

  /** A page connected: whatever changed while it was loading, asleep or away arrives now. */
  add(ws: WebSocket, deck: string, seen: number): void {
    this.clients.set(ws, deck)
    ws.on('close', () => this.clients.delete(ws))
    // A broken or oversized frame ends that one connection, never the server.
    ws.on('error', () => ws.terminate())
    const current = this.renderMessage(deck)
    if (current && current.version > seen) ws.send(JSON.stringify(current))
    this.sendTo(ws, { type: 'problems', problems: this.session.problems() })
  }

  publishDeck(deck: string): void {
    if (!this.session.view(deck)) return
    // Versions only grow, across decks and server restarts (they start from the clock), so
    // a page never mistakes an old render for a new one.
    this.lastVersion = Math.max(this.lastVersion + 1, Date.now())
    this.versions.set(deck, this.lastVersion)
    this.broadcast(deck, this.renderMessage(deck)!)
  }

  publishProblems(problems: readonly Problem[]): void {
    this.broadcast(undefined, { type: 'problems', problems })
  }

  closeAll(): void {
    for (const ws of this.clients.keys()) ws.terminate()
  }

  /** The deck's current render; undefined while it has none (deleted, not yet rendered). */
  private renderMessage(deck: string): RenderMessage | undefined {
    const view = this.session.view(deck)
    if (!view) return undefined
    return {
      type: 'render',
      version: this.version(deck),
      title: view.title,
      html: view.html,
      css: view.css,
      fontCss: view.fontCss,
      fontKey: fontKey(view.fontCss),
    }
  }

  private sendTo(ws: WebSocket, message: ServerMessage): void {
    ws.send(JSON.stringify(message))
  }

  /** To the pages of `deck`, or to every page. */
  private broadcast(deck: string | undefined, message: ServerMessage): void {
    const data = JSON.stringify(message)
    for (const [ws, open] of this.clients) if (deck === undefined || open === deck) ws.send(data)
  }
}

interface ServerState {
  readonly session: DevSession
  readonly options: ServerOptions
  readonly pages: LivePages
  /** The bundled client, inlined in every deck page. */
  readonly script: string
  /** Exports in progress by `<deck>.<format>`: requests for the same file share one. */
  readonly exporting: Map<string, Promise<string>>
}

/** A request that passed the guards, with its decoded path. */
interface RouteRequest {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly path: string
  readonly server: ServerState
}

/** Answers the requests it recognises (returns true), leaves the others to the next route. */
type Route = (request: RouteRequest) => boolean | Promise<boolean>

/** The deck list. */
const indexRoute: Route = ({ path, res, server }) => {
  if (path !== '/') return false
  send(res, 200, indexPage(server.session.deckNames(), server.session.problems()), HTML)
  return true
}

/** `/<deck>.<format>`: the real exporter, on demand. Deck names may hold slashes. */
const exportRoute: Route = async ({ path, req, res, server }) => {
  const match = /^\/(.+)\.([a-z]+)$/.exec(path)
  const [deck, format] = [match?.[1], match?.[2]]
  if (deck === undefined || format === undefined || !isFormat(format)) return false
  if (!server.session.deckNames().includes(deck)) return false
  // An export runs Chromium and writes dist/: only this server's own pages (or a typed
  // URL) may start one, not an <img> on some other site.
  const site = req.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    send(res, 403, 'Exports start only from the stackdeck page or the address bar\n')
    return true
  }
  if (req.method === 'HEAD') send(res, 200, '', MIME[format])
  else await streamExport(res, deck, format, server)
  return true
}

async function streamExport(
  res: ServerResponse,
  deck: string,
  format: Format,
  server: ServerState,
): Promise<void> {
  const key = `${deck}.${format}`
  let pending = server.exporting.get(key)
  if (!pending) {
    pending = server.options.exportDeck(deck, format).finally(() => server.exporting.delete(key))
    server.exporting.set(key, pending)
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

/** `/<deck>`: the deck's page, live. */
const deckRoute: Route = ({ path, res, server }) => {
  const deck = /^\/(.+?)\/?$/.exec(path)?.[1]
  if (deck === undefined || !server.session.deckNames().includes(deck)) return false
  const view = server.session.view(deck)
  if (!view) {
    const problems = server.session.problems()
    send(
      res,
      503,
      `This deck has not rendered yet:\n${problems.map((p) => p.message).join('\n')}\n`,
    )
    return true
  }
  const page = deckPage(view, server.session.problems(), server.pages.version(deck), server.script)
  send(res, 200, page, HTML)
  return true
}

const ROUTES: readonly Route[] = [indexRoute, exportRoute, deckRoute]

/**
 * The guards every request passes: its host, its method, and a path that cannot name
 * anything outside what the routes serve. Gives the decoded path, or the refusal.
 */
function guard(
  req: IncomingMessage,
  hostAllowed: (req: IncomingMessage) => boolean,
): { readonly path: string } | { readonly status: number; readonly body: string } {
  if (!hostAllowed(req)) return { status: 403, body: 'Forbidden host\n' }
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return { status: 405, body: 'Method not allowed\n' }
  let path: string
  try {
    path = decodeURIComponent((req.url ?? '/').split('?')[0]!)
  } catch {
    return { status: 400, body: 'Bad request\n' }
  }
  if (path.includes('..') || path.includes('\\') || path.includes('\0'))
    return { status: 403, body: 'Forbidden\n' }
  return { path }
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  server: ServerState,
  hostAllowed: (req: IncomingMessage) => boolean,
): Promise<void> {
  const guarded = guard(req, hostAllowed)
  if (!('path' in guarded)) return send(res, guarded.status, guarded.body)
  for (const route of ROUTES) if (await route({ req, res, path: guarded.path, server })) return
  send(res, 404, 'Not found\n')
}

/** Live-reload sockets: the socket path, from this server's own pages only. */
function upgradeHandler(
  wss: WebSocketServer,
  pages: LivePages,
  hostAllowed: (req: IncomingMessage) => boolean,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
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
    const { deck, version } = parseSocketQuery(url.searchParams)
    wss.handleUpgrade(req, socket, head, (ws) => pages.add(ws, deck, version))
  }
}

export async function startServer(
  session: DevSession,
  options: ServerOptions,
): Promise<RunningServer> {
  const hostAllowed = hostCheck(options.host)
  const pages = new LivePages(session)
  const state: ServerState = {
    session,
    options,
    pages,
    script: await clientScript(),
    exporting: new Map(),
  }
  const server: Server = createServer((req, res) => {
    handleRequest(req, res, state, hostAllowed).catch((error: unknown) =>
      send(res, 500, `internal error: ${String(error)}\n`),
    )
  })
  // Pages send nothing; anything big is not one of them.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 })
  server.on('upgrade', upgradeHandler(wss, pages, hostAllowed))

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host

  return {
    url: `http://${shownHost}:${port}/`,
    port,
    publishDeck: (deck) => pages.publishDeck(deck),
    publishProblems: (problems) => pages.publishProblems(problems),
    async close() {
      pages.closeAll()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
