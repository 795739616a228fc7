/**
 * What the dev server and its page say to each other, typed once for both ends: the boot
 * data in the page, the live-reload socket's URL, and the messages on it. The browser
 * client (src/dev/client/) bundles this file, so it imports nothing but types.
 */
import type { Problem } from './problems.ts'

export type { Problem, ProblemKey } from './problems.ts'

/** The live-reload socket's path; the page adds `?deck=<name>&v=<version it shows>`. */
export const WS_PATH = '/__stackdeck/ws'

/** Ids of the page's elements the client finds and updates. */
export const PAGE_IDS = {
  boot: 'sd-boot',
  slides: 'sd-slides',
  overlay: 'sd-overlay',
  fontCss: 'sd-font',
  deckCss: 'sd-css',
} as const

/** What the page starts from, in `<script id="sd-boot" type="application/json">`. */
export interface BootData {
  readonly deck: string
  readonly ws: string
  /** The render the page shows; the socket sends only newer ones. */
  readonly version: number
  readonly problems: readonly Problem[]
  readonly fontKey: string
}

/** A deck's new render. */
export interface RenderMessage {
  readonly type: 'render'
  readonly version: number
  readonly title: string
  readonly html: string
  readonly css: string
  readonly fontCss: string
  /** Names the font subset, so a page swaps its @font-face rules only when they changed. */
  readonly fontKey: string
}

/** The current problems of every deck, diagram and theme (the page shows its own). */
export interface ProblemsMessage {
  readonly type: 'problems'
  readonly problems: readonly Problem[]
}

/** Everything the server sends on the socket; pages send nothing. */
export type ServerMessage = RenderMessage | ProblemsMessage

/** The socket URL's query: which deck the page shows, and which render it has. */
export function socketQuery(deck: string, version: number): string {
  return `?deck=${encodeURIComponent(deck)}&v=${version}`
}

/** The query read back on the server. */
export function parseSocketQuery(params: URLSearchParams): { deck: string; version: number } {
  return { deck: params.get('deck') ?? '', version: Number(params.get('v') ?? 0) }
}
