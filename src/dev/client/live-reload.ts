/// <reference lib="dom" />
/**
 * The dev page's script, run in the browser (bundled by esbuild: src/dev/client-bundle.ts).
 * It shows the problems of its deck in the overlay, and swaps in each new render of the
 * deck in place instead of reloading, keeping the slide in view: it remembers which
 * slide is at the top of the window, swaps the HTML, and scrolls that slide back to the top.
 */
import {
  PAGE_IDS,
  socketQuery,
  type BootData,
  type Problem,
  type RenderMessage,
  type ServerMessage,
} from '../messages.ts'

/** What tests and benchmarks read from the page. */
interface PageState {
  version: number
  problems: readonly Problem[]
}

declare global {
  interface Window {
    __stackdeck: PageState
  }
}

/** A slide's index and its top edge in the window, to scroll back to after a swap. */
type Position = readonly [index: number, top: number]

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id)
  if (!found) throw new Error(`stackdeck dev page: #${id} is missing`)
  return found as T
}

const boot = JSON.parse(element(PAGE_IDS.boot).textContent ?? '{}') as BootData
const slides = element(PAGE_IDS.slides)
const overlay = element(PAGE_IDS.overlay)
let fontKey = boot.fontKey

const slideElements = () => slides.querySelectorAll('svg[data-marpit-svg]')

/** The first slide still (partly) in view. */
function currentPosition(): Position {
  const all = slideElements()
  for (let i = 0; i < all.length; i++) {
    const box = all[i]!.getBoundingClientRect()
    if (box.bottom > 1) return [i, box.top]
  }
  return [0, 0]
}

function restore([index, top]: Position): void {
  const target = slideElements()[index]
  if (target) window.scrollBy(0, target.getBoundingClientRect().top - top)
}

function showProblems(all: readonly Problem[]): void {
  // Problems of other decks are theirs; diagram and theme problems concern every page.
  const problems = all.filter((p) => p.deck === undefined || p.deck === boot.deck)
  // Errors first, in red; the deck check's warnings alone show in amber.
  const errors = problems.filter((p) => p.level !== 'warning')
  const warnings = problems.filter((p) => p.level === 'warning')
  overlay.textContent = [
    ...errors.map((p) => p.message),
    ...warnings.map((p) => `! ${p.message}`),
  ].join('\n')
  overlay.className = errors.length === 0 ? 'sd-warnings' : ''
  overlay.hidden = problems.length === 0
  window.__stackdeck.problems = problems
}

function showRender(message: RenderMessage): void {
  if (message.version <= window.__stackdeck.version) return
  const position = currentPosition()
  if (message.fontKey !== fontKey) {
    element(PAGE_IDS.fontCss).textContent = message.fontCss
    fontKey = message.fontKey
  }
  element(PAGE_IDS.deckCss).textContent = message.css
  slides.innerHTML = message.html
  document.title = message.title
  restore(position)
  window.__stackdeck.version = message.version
  window.dispatchEvent(new CustomEvent('stackdeck:render', { detail: message.version }))
}

function connect(): void {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://'
  const query = socketQuery(boot.deck, window.__stackdeck.version)
  const ws = new WebSocket(`${scheme}${location.host}${boot.ws}${query}`)
  ws.onmessage = (event: MessageEvent<string>) => {
    const message = JSON.parse(event.data) as ServerMessage
    if (message.type === 'problems') showProblems(message.problems)
    else showRender(message)
  }
  // The server restarts or the laptop sleeps: keep trying, quietly.
  ws.onclose = () => setTimeout(connect, 500)
}

const saved = Number(location.hash.slice(1))
if (saved > 1) requestAnimationFrame(() => restore([saved - 1, 0]))
addEventListener('scroll', () => history.replaceState(null, '', `#${currentPosition()[0] + 1}`), {
  passive: true,
})
window.__stackdeck = { version: boot.version, problems: boot.problems }
showProblems(boot.problems)
connect()
