/**
 * The dev viewer's HTML: the deck's slides stacked vertically (like Marp for VS Code's
 * preview), a problem overlay, and the live-reload client. The client swaps new slide
 * HTML in place instead of reloading, so the reader stays on the slide they were on.
 */
import { createHash } from 'node:crypto'
import type { DeckView } from './render-deck-view.ts'
import type { Problem } from './dev-session.ts'

export const WS_PATH = '/__stackdeck/ws'

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

/** `</style>` or `</script>` inside text would end the element early. */
const safeInStyle = (css: string) => css.replace(/<\/style/gi, '<\\/style')
const safeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')

const VIEWER_CSS = `
html,body{margin:0;background:#cfd8dc}
#sd-slides{max-width:1280px;margin:0 auto;padding:16px}
#sd-slides svg[data-marpit-svg]{display:block;width:100%;height:auto;margin:0 0 16px;box-shadow:0 2px 8px rgba(0,0,0,.25)}
#sd-overlay{position:fixed;left:0;right:0;top:0;z-index:10;margin:0;padding:12px 16px;background:rgba(183,28,28,.95);color:#fff;font:14px/1.5 ui-monospace,'DejaVu Sans Mono',monospace;white-space:pre-wrap;max-height:50vh;overflow:auto}
#sd-overlay.sd-warnings{background:rgba(255,193,7,.95);color:#212121}
#sd-overlay[hidden]{display:none}
#sd-bar{position:fixed;right:8px;bottom:8px;z-index:9;font:12px sans-serif;background:rgba(255,255,255,.85);padding:4px 8px;border-radius:4px}
#sd-bar a{margin-left:8px}
`

/**
 * Runs in the browser. Keeps the slide in view across updates: it remembers which slide
 * is at the top of the window, swaps the HTML, and scrolls that slide back to the top.
 */
const CLIENT = `(() => {
  const boot = JSON.parse(document.getElementById('sd-boot').textContent)
  const slides = document.getElementById('sd-slides')
  const overlay = document.getElementById('sd-overlay')
  let fontKey = boot.fontKey
  const current = () => {
    const all = slides.querySelectorAll('svg[data-marpit-svg]')
    for (let i = 0; i < all.length; i++) if (all[i].getBoundingClientRect().bottom > 1) return [i, all[i].getBoundingClientRect().top]
    return [0, 0]
  }
  const restore = ([index, top]) => {
    const target = slides.querySelectorAll('svg[data-marpit-svg]')[index]
    if (target) window.scrollBy(0, target.getBoundingClientRect().top - top)
  }
  const show = (all) => {
    // Problems of other decks are theirs; diagram and theme problems concern every page.
    const problems = all.filter((p) => p.deck === undefined || p.deck === boot.deck)
    // Errors first, in red; the deck check's warnings alone show in amber.
    const errors = problems.filter((p) => p.level !== 'warning')
    const warnings = problems.filter((p) => p.level === 'warning')
    overlay.textContent = [...errors.map((p) => p.message), ...warnings.map((p) => '! ' + p.message)].join('\\n')
    overlay.className = errors.length === 0 ? 'sd-warnings' : ''
    overlay.hidden = problems.length === 0
    window.__stackdeck.problems = problems
  }
  const saved = Number(location.hash.slice(1))
  if (saved > 1) requestAnimationFrame(() => restore([saved - 1, 0]))
  addEventListener('scroll', () => history.replaceState(null, '', '#' + (current()[0] + 1)), { passive: true })
  window.__stackdeck = { version: boot.version, problems: boot.problems }
  show(boot.problems)
  const connect = () => {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + boot.ws + '?deck=' + encodeURIComponent(boot.deck) + '&v=' + window.__stackdeck.version)
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data)
      if (message.type === 'problems') show(message.problems)
      if (message.type === 'render' && message.version > window.__stackdeck.version) {
        const position = current()
        if (message.fontCss !== undefined && message.fontKey !== fontKey) {
          document.getElementById('sd-font').textContent = message.fontCss
          fontKey = message.fontKey
        }
        document.getElementById('sd-css').textContent = message.css
        slides.innerHTML = message.html
        document.title = message.title
        restore(position)
        window.__stackdeck.version = message.version
        window.dispatchEvent(new CustomEvent('stackdeck:render', { detail: message.version }))
      }
    }
    // The server restarts or the laptop sleeps: keep trying, quietly.
    ws.onclose = () => setTimeout(connect, 500)
  }
  connect()
})()`

/** Names a font subset, so a page swaps its @font-face rules only when they changed. */
export function fontKey(fontCss: string): string {
  return createHash('sha1').update(fontCss).digest('base64url')
}

/** A deck's URL path: `infra/kubevirt/slide` keeps its slashes, each segment encoded. */
export function deckPath(deck: string): string {
  return deck.split('/').map(encodeURIComponent).join('/')
}

export function deckPage(view: DeckView, problems: readonly Problem[], version: number): string {
  const boot = { deck: view.deck, ws: WS_PATH, version, problems, fontKey: fontKey(view.fontCss) }
  const name = deckPath(view.deck)
  return `<!doctype html>
<html lang="${escapeHtml(view.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(view.title)}</title>
<style id="sd-font">${safeInStyle(view.fontCss)}</style>
<style id="sd-css">${safeInStyle(view.css)}</style>
<style>${VIEWER_CSS}</style>
</head><body>
<pre id="sd-overlay" hidden></pre>
<div id="sd-slides">${view.html}</div>
<div id="sd-bar"><a href="/">decks</a><a href="/${name}.html">HTML</a><a href="/${name}.pdf">PDF</a><a href="/${name}.pptx">PPTX</a></div>
<script id="sd-boot" type="application/json">${safeJson(boot)}</script>
<script>${CLIENT}</script>
</body></html>`
}

export function indexPage(decks: readonly string[], problems: readonly Problem[]): string {
  const items = decks.length
    ? decks
        .map(
          (d) =>
            `<li><a href="/${deckPath(d)}">${escapeHtml(d)}</a> <small>(<a href="/${deckPath(d)}.pdf">PDF</a>, <a href="/${deckPath(d)}.pptx">PPTX</a>, <a href="/${deckPath(d)}.html">HTML</a>)</small></li>`,
        )
        .join('\n')
    : '<li>No decks yet: add a Markdown file to slides/.</li>'
  const issues = problems.length
    ? `<h2>Problems</h2><pre>${escapeHtml(problems.map((p) => p.message).join('\n'))}</pre>`
    : ''
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>stackdeck</title>
<style>body{font:16px/1.6 sans-serif;max-width:720px;margin:40px auto;padding:0 16px}pre{background:#ffebee;padding:12px;white-space:pre-wrap}</style>
</head><body><h1>stackdeck</h1><ul>${items}</ul>${issues}</body></html>`
}
