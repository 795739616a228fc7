/**
 * dist/index.html: every deck with its title, description, slide count, a thumbnail of its
 * first slide (inlined) and links to what the build wrote for it. Every link is relative,
 * so the page works opened from disk and served from any sub-path; fonts are embedded and
 * nothing is fetched (an empty inline icon, too: browsers ask for /favicon.ico otherwise,
 * outside the sub-path). Pure: HTML from data; build-site.ts gathers the data and writes it.
 */

export interface SiteLink {
  /** `HTML`, `PDF`, `Handout`, `PPTX`. */
  readonly label: string
  /** Relative to dist/. */
  readonly href: string
}

export interface SiteEntry {
  readonly name: string
  readonly title: string
  readonly description: string | undefined
  readonly slides: number
  readonly thumbnail:
    { readonly src: string; readonly width: number; readonly height: number } | undefined
  readonly links: readonly SiteLink[]
}

export interface SitePageOptions {
  readonly title: string
  readonly lang: string
  /** @font-face rules of the embedded fonts (family `fontFamily`). */
  readonly fontCss: string
  readonly fontFamily: string
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )

/** A path relative to dist/ as a URL path: each segment percent-encoded. */
export function relativeHref(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

const STYLE = (family: string) => `
:root{color-scheme:light;--ink:#263238;--muted:#607d8b;--line:#cfd8dc;--card:#fff;--page:#f5f7f8;--link:#00695c}
*{box-sizing:border-box}
body{margin:0;background:var(--page);color:var(--ink);font-family:"${family}",sans-serif;line-height:1.6}
main{max-width:1080px;margin:0 auto;padding:32px 20px 48px}
h1{font-size:1.6rem;margin:0 0 24px}
ul.decks{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:20px}
.deck{background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden;display:flex;flex-direction:column}
.deck img,.deck .blank{display:block;width:100%;height:auto;aspect-ratio:16/9;border-bottom:1px solid var(--line);background:var(--line)}
.deck .body{padding:12px 16px 16px;display:flex;flex-direction:column;gap:6px;flex:1}
.deck h2{font-size:1.1rem;margin:0}
.deck p{margin:0;color:var(--muted);font-size:.9rem}
.deck nav{margin-top:auto;display:flex;flex-wrap:wrap;gap:8px}
.deck nav a{color:var(--link);border:1px solid var(--line);border-radius:4px;padding:2px 10px;text-decoration:none;font-size:.9rem}
.deck nav a:hover,.deck nav a:focus{border-color:var(--link)}
`

function entryHtml(entry: SiteEntry): string {
  const open = entry.links[0]
  const picture = entry.thumbnail
    ? `<img src="${entry.thumbnail.src}" width="${entry.thumbnail.width}" height="${entry.thumbnail.height}" alt="${escapeHtml(`${entry.title}: first slide`)}">`
    : '<div class="blank"></div>'
  const slides = `${entry.slides} slide${entry.slides === 1 ? '' : 's'}`
  return [
    `<li class="deck" id="${escapeHtml(entry.name)}">`,
    open ? `<a href="${escapeHtml(open.href)}" tabindex="-1">${picture}</a>` : picture,
    '<div class="body">',
    `<h2>${escapeHtml(entry.title)}</h2>`,
    entry.description ? `<p>${escapeHtml(entry.description)}</p>` : '',
    `<p class="count">${slides}</p>`,
    `<nav>${entry.links.map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`).join('')}</nav>`,
    '</div></li>',
  ].join('')
}

export function sitePage(entries: readonly SiteEntry[], options: SitePageOptions): string {
  const title = escapeHtml(options.title)
  return `<!DOCTYPE html><html lang="${escapeHtml(options.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><link rel="icon" href="data:,"><meta name="description" content="${escapeHtml(entries.map((e) => e.title).join(' / '))}"><style>${options.fontCss}${STYLE(options.fontFamily)}</style></head><body><main><h1>${title}</h1><ul class="decks">${entries.map(entryHtml).join('')}</ul></main></body></html>\n`
}
