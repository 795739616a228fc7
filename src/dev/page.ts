/**
 * The dev viewer's HTML: the deck's slides stacked vertically (like Marp for VS Code's
 * preview), a problem overlay, and the live-reload client (src/dev/client/, bundled by
 * client-bundle.ts). The client swaps new slide HTML in place instead of reloading, so
 * the reader stays on the slide they were on.
 */
import { createHash } from 'node:crypto'
import { PAGE_IDS, WS_PATH, type BootData, type Problem } from './messages.ts'
import type { DeckView } from './render-deck-view.ts'

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

/** Names a font subset, so a page swaps its @font-face rules only when they changed. */
export function fontKey(fontCss: string): string {
  return createHash('sha1').update(fontCss).digest('base64url')
}

/** A deck's URL path: `infra/kubevirt/slide` keeps its slashes, each segment encoded. */
export function deckPath(deck: string): string {
  return deck.split('/').map(encodeURIComponent).join('/')
}

/** A deck's page; `script` is the bundled client. */
export function deckPage(
  view: DeckView,
  problems: readonly Problem[],
  version: number,
  script: string,
): string {
  const boot: BootData = {
    deck: view.deck,
    ws: WS_PATH,
    version,
    problems,
    fontKey: fontKey(view.fontCss),
  }
  const name = deckPath(view.deck)
  return `<!doctype html>
<html lang="${escapeHtml(view.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(view.title)}</title>
<style id="${PAGE_IDS.fontCss}">${safeInStyle(view.fontCss)}</style>
<style id="${PAGE_IDS.deckCss}">${safeInStyle(view.css)}</style>
<style>${VIEWER_CSS}</style>
</head><body>
<pre id="${PAGE_IDS.overlay}" hidden></pre>
<div id="${PAGE_IDS.slides}">${view.html}</div>
<div id="sd-bar"><a href="/">decks</a><a href="/${name}.html">HTML</a><a href="/${name}.pdf">PDF</a><a href="/${name}.pptx">PPTX</a></div>
<script id="${PAGE_IDS.boot}" type="application/json">${safeJson(boot)}</script>
<script>${script}</script>
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
