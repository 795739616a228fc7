/**
 * What the site and the handout say about a deck: its title and description, read the
 * way marp-cli reads them for the HTML's `<title>` and meta tags (front matter `title`,
 * `description`, `image`), with the same fallback for the title (the first heading of
 * the highest level) and, for the description, the deck's first paragraph. Pure.
 */
import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import { parse } from 'yaml'

export interface DeckMeta {
  readonly title: string | undefined
  readonly description: string | undefined
  /** Front matter `image` (marp-cli's `og:image`), as written. */
  readonly image: string | undefined
  readonly lang: string | undefined
  /** Whether `title` and `description` are the author's (front matter) or derived. */
  readonly declared: { readonly title: boolean; readonly description: boolean }
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/

// HTML on: comments (notes, directives) become html_block tokens, not paragraph text.
const markdown = new MarkdownIt({ html: true })

function frontMatter(source: string): Record<string, unknown> {
  const yaml = FRONT_MATTER.exec(source)?.[1]
  if (yaml === undefined) return {}
  try {
    const value: unknown = parse(yaml)
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  } catch {
    // Marp reports a broken front matter itself; the site then falls back to the content.
    return {}
  }
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

const inlineText = (token: Token | undefined): string =>
  (token?.children ?? [])
    .map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : c.content))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()

export function deckMeta(source: string): DeckMeta {
  const front = frontMatter(source)
  const tokens = markdown.parse(source.replace(FRONT_MATTER, ''), {})
  const title = text(front.title)
  const description = text(front.description)
  return {
    title: title ?? firstHeading(tokens),
    description: description ?? firstParagraph(tokens),
    image: text(front.image),
    lang: text(front.lang),
    declared: { title: title !== undefined, description: description !== undefined },
  }
}

/** marp-cli's rule: the first heading of the highest level. */
function firstHeading(tokens: readonly Token[]): string | undefined {
  let best: { level: number; text: string } | undefined
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return
    const level = Number(token.tag.slice(1))
    const content = inlineText(tokens[i + 1])
    if (content !== '' && (!best || level < best.level)) best = { level, text: content }
  })
  return best?.text
}

function firstParagraph(tokens: readonly Token[]): string | undefined {
  const index = tokens.findIndex(
    // Not list items (their paragraphs are hidden in tight lists): a lead's own sentence.
    (t, i) => t.type === 'paragraph_open' && !t.hidden && inlineText(tokens[i + 1]) !== '',
  )
  return index < 0 ? undefined : inlineText(tokens[index + 1])
}
