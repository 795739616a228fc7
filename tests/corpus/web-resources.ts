/**
 * What plain Marp's HTML fetches from the network when it is shown online, answered from
 * npm packages holding the same files, because this machine has no network:
 *
 * - web-font CSS (Google Fonts `css`/`css2`, Bunny Fonts, which gaia imports) for families
 *   with an `@expo-google-fonts/*` package here (Lato, Noto Sans JP, Roboto Mono); other
 *   families (M PLUS Rounded 1c) get empty CSS, as if the family were unknown;
 * - twemoji SVGs from jsDelivr (Marp Core's emoji) from `@twemoji/svg`;
 * - KaTeX's fonts from jsDelivr from the `katex` package.
 *
 * Plain marp-cli's HTML opened with these answers looks as its author saw it online: that
 * is the reference stackdeck's exports are compared with.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

export interface WebResponse {
  readonly status: number
  readonly contentType: string
  readonly body: Buffer
}

/** Where served font files appear to come from. */
const FONT_HOST = 'https://fonts.gstatic.test/'

function packageDir(name: string): string | undefined {
  try {
    return dirname(require.resolve(`${name}/package.json`))
  } catch {
    try {
      return dirname(require.resolve(name))
    } catch {
      return undefined
    }
  }
}

interface FontRequest {
  readonly family: string
  readonly weights: readonly number[]
}

/** `family` parameters of the Google Fonts v1 (`Lato:400,900|Roboto+Mono`) and v2 (`Noto+Sans+JP:wght@400;700`) APIs. */
export function parseFontCssUrl(url: URL): FontRequest[] {
  const specs = url.searchParams.getAll('family').flatMap((f) => f.split('|'))
  return specs.map((spec) => {
    const [family = '', axes = ''] = spec.split(':')
    const values = axes.includes('@')
      ? axes.slice(axes.indexOf('@') + 1).split(';')
      : axes.split(',')
    const weights = values
      // v2 `ital,wght@0,400;1,700`: keep the upright faces.
      .map((v) => (v.includes(',') ? (v.startsWith('0,') ? v.slice(2) : '') : v))
      .map((v) => /^(\d{3})(?:regular)?$/.exec(v)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number)
    return { family: family.trim(), weights: weights.length > 0 ? weights : [400] }
  })
}

/** The upright TTF of `family` at `weight` in its `@expo-google-fonts` package, if installed. */
function fontFile(family: string, weight: number): { url: string; file: string } | undefined {
  const slug = family.toLowerCase().replace(/\s+/g, '-')
  const dir = packageDir(`@expo-google-fonts/${slug}`)
  if (!dir) return undefined
  const folder = readdirSync(dir).find((e) => new RegExp(`^${weight}[A-Za-z]+$`).test(e))
  const ttf = folder && readdirSync(join(dir, folder)).find((e) => e.endsWith('.ttf'))
  if (!folder || !ttf) return undefined
  return { url: `${FONT_HOST}${slug}/${folder}/${ttf}`, file: join(dir, folder, ttf) }
}

const servedFonts = new Map<string, string>()

function fontCss(url: URL): string {
  const rules: string[] = []
  for (const { family, weights } of parseFontCssUrl(url)) {
    for (const weight of weights) {
      const font = fontFile(family, weight)
      if (!font) continue
      servedFonts.set(font.url, font.file)
      rules.push(
        `@font-face { font-family: '${family}'; font-style: normal; font-weight: ${weight}; font-display: swap; src: url(${font.url}) format('truetype'); }`,
      )
    }
  }
  return rules.join('\n')
}

const ok = (contentType: string, body: Buffer | string): WebResponse => ({
  status: 200,
  contentType,
  body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
})

function fromFile(file: string | undefined, contentType: string): WebResponse | undefined {
  if (file === undefined || !existsSync(file)) return undefined
  return ok(contentType, readFileSync(file))
}

const FONT_TYPES: Record<string, string> = {
  ttf: 'font/ttf',
  woff: 'font/woff',
  woff2: 'font/woff2',
}

/**
 * The answer to a request for `url` as the web would give it, from local packages; a 404
 * for a known service's file that no package here holds; undefined for anything else.
 */
export function webResource(url: string): WebResponse | undefined {
  const parsed = new URL(url)
  const notFound: WebResponse = { status: 404, contentType: 'text/plain', body: Buffer.from('') }
  if (
    (parsed.host === 'fonts.googleapis.com' && /^\/css2?$/.test(parsed.pathname)) ||
    (parsed.host === 'fonts.bunny.net' && parsed.pathname === '/css')
  ) {
    return ok('text/css', fontCss(parsed))
  }
  if (url.startsWith(FONT_HOST)) return fromFile(servedFonts.get(url), 'font/ttf') ?? notFound
  if (parsed.host === 'cdn.jsdelivr.net') {
    const twemoji = /^\/gh\/jdecked\/twemoji@[^/]+\/assets\/svg\/([0-9a-f-]+\.svg)$/.exec(
      parsed.pathname,
    )?.[1]
    if (twemoji) {
      const dir = packageDir('@twemoji/svg')
      return fromFile(dir && join(dir, twemoji), 'image/svg+xml') ?? notFound
    }
    const katex = /^\/npm\/katex@[^/]+\/dist\/fonts\/([\w-]+\.(ttf|woff2?))$/.exec(parsed.pathname)
    if (katex) {
      const dir = packageDir('katex')
      return (
        fromFile(dir && join(dir, 'dist', 'fonts', katex[1]!), FONT_TYPES[katex[2]!]!) ?? notFound
      )
    }
  }
  return undefined
}
