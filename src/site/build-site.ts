/**
 * The deck site, written by `stackdeck build` after the exports:
 *
 *   for each deck: meta (front matter, headings) + outputs on disk + first-slide pictures
 *     → dist/<deck>.og.jpg and link-preview tags in dist/<deck>.html
 *   → dist/index.html (site-page.ts), fonts embedded
 *
 * Everything links relatively, so dist/ works from disk and under any sub-path; with a
 * site URL (config `siteUrl`, `STACKDECK_SITE_URL`) `og:image` is absolute, as link-preview
 * crawlers want it. Every file is written atomically.
 */
import { readFile, stat } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import type { ResolvedConfig } from '../config.ts'
import { DECK_FONT_FAMILY, bundledFontCss } from '../deck/bundled-fonts.ts'
import type { DeckFile } from '../deck/discover-decks.ts'
import { deckLang } from '../deck/marp-options.ts'
import { outputPath } from '../export/export-deck.ts'
import { handoutPath } from '../export/handout.ts'
import { slideNotes } from '../export/handout-notes.ts'
import { writeFileAtomic } from '../util/atomic-write.ts'
import { deckMeta, type DeckMeta } from './deck-meta.ts'
import { addMetaTags } from './meta-tags.ts'
import { relativeHref, sitePage, type SiteEntry, type SiteLink } from './site-page.ts'
import type { SlidePictures } from './thumbnail.ts'

export interface SiteDeck {
  readonly deck: DeckFile
  /** Its first slide, as the check saw it; a grey box without. */
  readonly pictures: SlidePictures | undefined
}

/** What the site links, in this order: the build's own output names. */
const OUTPUTS: readonly {
  readonly label: string
  readonly file: (config: ResolvedConfig, deck: DeckFile) => string
}[] = [
  { label: 'HTML', file: (config, deck) => outputPath(config, deck, 'html') },
  { label: 'PDF', file: (config, deck) => outputPath(config, deck, 'pdf') },
  { label: 'Handout', file: handoutPath },
  { label: 'PPTX', file: (config, deck) => outputPath(config, deck, 'pptx') },
]

export const SITE_INDEX = 'index.html'
const CARD_SUFFIX = '.og.jpg'

/**
 * Writes the site for `decks`; returns the files written (index.html last). Without
 * `index` (a build of some decks only) only their pages get their link previews: the
 * index lists every deck and is left as it was.
 */
export async function writeSite(
  config: ResolvedConfig,
  decks: readonly SiteDeck[],
  options: { readonly index: boolean } = { index: true },
): Promise<string[]> {
  const written: string[] = []
  const entries: SiteEntry[] = []
  let lang: string | undefined
  for (const site of decks) {
    const markdown = await readFile(site.deck.file, 'utf8')
    const meta = deckMeta(markdown)
    lang ??= meta.lang
    const links = await existingOutputs(config, site.deck)
    written.push(...(await writeDeckCard(config, site, meta, links)))
    entries.push({
      name: site.deck.name,
      title: meta.title ?? site.deck.name,
      description: meta.description,
      slides: slideNotes(markdown).length,
      thumbnail: site.pictures && {
        src: `data:image/jpeg;base64,${Buffer.from(site.pictures.thumbnail).toString('base64')}`,
        width: site.pictures.width,
        height: site.pictures.height,
      },
      links,
    })
  }
  if (!options.index) return written
  const title = await projectTitle(config)
  const text = `${title}${entries.map((e) => `${e.title}${e.description ?? ''}`).join('')}`
  const index = join(config.outDir, SITE_INDEX)
  await writeFileAtomic(
    index,
    sitePage(entries, {
      title,
      lang: await deckLang(config.marpConfig, lang),
      fontCss: bundledFontCss(text, new Set([DECK_FONT_FAMILY])),
      fontFamily: DECK_FONT_FAMILY,
    }),
  )
  return [...written, index]
}

/** The deck's outputs that are on disk (built now or by an earlier build), as site links. */
async function existingOutputs(config: ResolvedConfig, deck: DeckFile): Promise<SiteLink[]> {
  const found = await Promise.all(
    OUTPUTS.map(async ({ label, file: fileOf }) => {
      const file = fileOf(config, deck)
      const info = await stat(file).catch(() => undefined)
      return info?.isFile() ? { label, href: relativeHref(relative(config.outDir, file)) } : []
    }),
  )
  return found.flat()
}

/**
 * The first slide as dist/<deck>.og.jpg, and the deck page's description and og:image
 * tags, unless its front matter names an image of its own.
 */
async function writeDeckCard(
  config: ResolvedConfig,
  site: SiteDeck,
  meta: DeckMeta,
  links: readonly SiteLink[],
): Promise<string[]> {
  const page = outputPath(config, site.deck, 'html')
  if (!links.some((l) => l.label === 'HTML')) return []
  const written: string[] = []
  let image: string | undefined
  if (site.pictures && meta.image === undefined) {
    const card = join(config.outDir, `${site.deck.name}${CARD_SUFFIX}`)
    await writeFileAtomic(card, site.pictures.card)
    written.push(card)
    image = config.siteUrl
      ? new URL(relativeHref(relative(config.outDir, card)), config.siteUrl).href
      : relativeHref(basename(card))
  }
  const html = await readFile(page, 'utf8')
  const tagged = addMetaTags(html, { description: meta.description, image })
  if (tagged !== html) {
    await writeFileAtomic(page, tagged)
    written.push(page)
  }
  return written
}

/** The project's name (package.json), or its folder's. */
async function projectTitle(config: ResolvedConfig): Promise<string> {
  try {
    const { name } = JSON.parse(await readFile(join(config.root, 'package.json'), 'utf8')) as {
      name?: unknown
    }
    if (typeof name === 'string' && name !== '') return name
  } catch {
    // No package.json: the folder's name.
  }
  return basename(config.root)
}
