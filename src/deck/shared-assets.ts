/**
 * An image used on several slides is inlined once. Marp writes a data URL wherever the
 * image is used (`<img src>`, a background figure's inline style); a data URL that occurs
 * more than once becomes one CSS custom property, which background styles reference
 * with `var()` and `<img>` elements read with a short script when the page loads (an
 * `src` attribute cannot reference CSS). The exported HTML already needs scripts (Marp's
 * slide viewer and fitting), and Chromium runs them before it prints PDF and PPTX pages.
 */

/**
 * Data URLs shorter than this are cheaper to repeat than to share (a reference costs
 * about 60 bytes). Small enough that every twemoji SVG is shared.
 */
const MIN_SHARED_LENGTH = 256

// Images only: fonts are one each, and @font-face sources cannot use var().
const DATA_URL = /data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+/g
/** `url("data:…")` in CSS or, HTML-escaped, in a style attribute. */
const CSS_URL =
  /url\((?:&quot;|"|')?(data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+)(?:&quot;|"|')?\)/g

export function shareRepeatedAssets(html: string, css: string): { html: string; css: string } {
  const counts = new Map<string, number>()
  for (const text of [html, css]) {
    for (const [url] of text.matchAll(DATA_URL)) {
      if (url.length >= MIN_SHARED_LENGTH) counts.set(url, (counts.get(url) ?? 0) + 1)
    }
  }
  const names = new Map<string, string>()
  for (const [url, count] of counts) if (count > 1) names.set(url, `--sd-asset-${names.size}`)
  if (names.size === 0) return { html, css }

  const byVariable = (whole: string, url: string) => {
    const name = names.get(url)
    return name ? `var(${name})` : whole
  }
  const sharedHtml = html
    // Background figures and other inline styles: url(&quot;data:…&quot;) → var(--sd-asset-N)
    .replace(CSS_URL, byVariable)
    .replace(/(<img\b[^>]*?)\bsrc="(data:[^"]+)"/g, (whole, start: string, url: string) => {
      const name = names.get(url)
      return name ? `${start}src="${PLACEHOLDER}" data-sd-asset="${name}"` : whole
    })
  // Theme images used by several rules; @font-face sources stay as they are (they are one each).
  const sharedCss = css.replace(CSS_URL, byVariable)
  const properties = [...names].map(([url, name]) => `${name}:url("${url}")`).join(';')
  // Chromium and Safari draw an <img> from `content` without the script; the script sets
  // `src` for every browser (and for copy, drag and alt semantics).
  const contentRules = [...names.values()]
    .map((name) => `img[data-sd-asset="${name}"]{content:var(${name})}`)
    .join('')
  return {
    html: `${sharedHtml}\n<script>${LOAD_SHARED_IMAGES}</script>`,
    css: `${sharedCss}\n:root{${properties}}${contentRules}`,
  }
}

/** A transparent pixel, so an `<img>` is valid (and not a broken-image icon) until the script runs. */
const PLACEHOLDER = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'

/** Sets each shared `<img>`'s src from its custom property (`url("data:…")`). */
const LOAD_SHARED_IMAGES = `(()=>{const s=getComputedStyle(document.documentElement);for(const i of document.querySelectorAll('img[data-sd-asset]')){const v=s.getPropertyValue(i.dataset.sdAsset).trim();const m=/^url\\(["']?(.*?)["']?\\)$/.exec(v);if(m)i.src=m[1]}})()`
