/**
 * Link-preview tags for a deck's HTML page. marp-cli writes `<title>`, `og:title`, and,
 * from front matter, `description` and `og:image`; a deck without them gets them here: its
 * first paragraph as the description and its first slide as the image. Tags the page has
 * are kept as they are, so the author's front matter always wins. Pure.
 */

export interface PageMeta {
  readonly description?: string | undefined
  /** URL of the preview image, relative to the page or absolute. */
  readonly image?: string | undefined
}

const attribute = (text: string): string =>
  text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!)

export function addMetaTags(html: string, meta: PageMeta): string {
  const end = html.search(/<\/head>/i)
  if (end < 0) return html
  let head = html.slice(0, end)
  const has = (pattern: RegExp) => pattern.test(head)
  const tags: string[] = []
  if (meta.description && !has(/<meta\s+name="description"/i)) {
    const content = attribute(meta.description)
    tags.push(`<meta name="description" content="${content}">`)
    if (!has(/<meta\s+property="og:description"/i))
      tags.push(`<meta property="og:description" content="${content}">`)
  }
  if (meta.image && !has(/<meta\s+property="og:image"/i)) {
    tags.push(`<meta property="og:image" content="${attribute(meta.image)}">`)
    // A card with the picture, as marp-cli sets it when front matter names an image.
    head = head.replace(
      /(<meta\s+name="twitter:card"\s+content=")summary(")/i,
      '$1summary_large_image$2',
    )
  }
  if (tags.length === 0) return html
  return `${head}${tags.join('')}${html.slice(end)}`
}
