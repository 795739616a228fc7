/**
 * Makes a theme's or a deck's CSS portable, without I/O (files are read through the
 * `resolveUrl` callback):
 *
 * - font stacks: names of bundled families become stackdeck's own family names, and the
 *   bundled text font (plus the code font for monospace stacks) is put before the first
 *   family stackdeck cannot supply, so every character is drawn by an embedded font on
 *   any machine; system families stay behind it for characters no bundled font has;
 * - web fonts: `@import`s of font services and `@font-face` rules with remote sources
 *   are removed; a bundled family needs none, any other falls back to the bundled font
 *   and is reported;
 * - `url()`s: local files are inlined through `resolveUrl` (missing ones reported),
 *   remote ones are kept and reported (they are fetched whenever the deck is shown).
 *
 * The same pass runs on each theme file when it is registered (relative URLs resolve
 * against the theme) and on the CSS a deck renders to (its `<style>` blocks resolve
 * against the deck; theme URLs are already data URLs by then). It is idempotent.
 */
import postcss, { type AtRule, type Declaration, type Root } from 'postcss'
import { DECK_FONT_FAMILY, DECK_MONO_FAMILY, bundledFamily } from './bundled-fonts.ts'

/** Something in the CSS that would need the network or a file that is not there. */
export type CssFinding =
  | {
      readonly kind: 'web-font'
      readonly family: string
      readonly url: string
      readonly line?: number
    }
  | { readonly kind: 'remote-import'; readonly url: string; readonly line?: number }
  | { readonly kind: 'remote-url'; readonly url: string; readonly line?: number }
  | {
      readonly kind: 'bad-url'
      readonly url: string
      readonly reason: string
      readonly line?: number
    }

/** What `resolveUrl` makes of a local URL: its data URL, or why it cannot be inlined. */
export type ResolvedUrl = { readonly data: string } | { readonly error: string }

export interface PortableCss {
  readonly css: string
  /** Bundled families the CSS now names: the faces to embed. */
  readonly families: ReadonlySet<string>
  readonly findings: readonly CssFinding[]
}

const GENERIC = new Set([
  'serif',
  'sans-serif',
  'monospace',
  'cursive',
  'fantasy',
  'system-ui',
  'ui-serif',
  'ui-sans-serif',
  'ui-monospace',
  'ui-rounded',
  'math',
  'emoji',
  'fangsong',
])
const MONO_GENERIC = new Set(['monospace', 'ui-monospace'])
const KEYWORDS = new Set(['inherit', 'initial', 'unset', 'revert', 'revert-layer'])

export function isRemoteUrl(url: string): boolean {
  return /^(https?:)?\/\//i.test(url.trim())
}

const isDataUrl = (url: string) => /^data:/i.test(url.trim())

/** Splits on `separator` outside quotes and parentheses. */
export function splitTopLevel(value: string, separator: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quote: string | undefined
  let start = 0
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!
    if (quote) {
      if (ch === '\\') i++
      else if (ch === quote) quote = undefined
    } else if (ch === '"' || ch === "'") quote = ch
    else if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (ch === separator && depth === 0) {
      parts.push(value.slice(start, i))
      start = i + 1
    }
  }
  parts.push(value.slice(start))
  return parts
}

const unquote = (name: string) => name.trim().replace(/^(['"])(.*)\1$/s, '$2')

/**
 * A font stack with bundled families renamed and the bundled fallback inserted. Families
 * declared by an @font-face of the same CSS (with local sources, so inlined) count as
 * supplied, like bundled ones.
 */
export function portableFontStack(
  value: string,
  declared: ReadonlySet<string>,
  used: Set<string>,
): string {
  const trimmed = value.trim()
  if (KEYWORDS.has(trimmed.toLowerCase())) return value
  // `var(--fontStack, a, b, sans-serif)`: the fallback is a stack of its own.
  const variable = /^var\(\s*(--[\w-]+)\s*,([\s\S]*)\)$/.exec(trimmed)
  if (variable) return `var(${variable[1]}, ${portableFontStack(variable[2]!, declared, used)})`
  if (/\bvar\(/.test(trimmed)) return value

  const names: string[] = []
  let mono = false
  let firstForeign = -1
  for (const item of splitTopLevel(trimmed, ',')) {
    const name = unquote(item)
    if (!name) continue
    const lower = name.toLowerCase()
    const bundled = bundledFamily(name)
    if (MONO_GENERIC.has(lower) || bundled?.monospace) mono = true
    const written = bundled ? `"${bundled.family}"` : item.trim()
    if (bundled) used.add(bundled.family)
    if (names.includes(written)) continue
    if (firstForeign < 0 && !bundled && !declared.has(lower)) firstForeign = names.length
    names.push(written)
  }
  const fallback = (mono ? [DECK_MONO_FAMILY, DECK_FONT_FAMILY] : [DECK_FONT_FAMILY]).map(
    (family) => `"${family}"`,
  )
  for (const family of mono ? [DECK_MONO_FAMILY, DECK_FONT_FAMILY] : [DECK_FONT_FAMILY])
    used.add(family)
  const at = firstForeign < 0 ? names.length : firstForeign
  // The first occurrence wins: a bundled family named after a foreign one moves up.
  return [...new Set([...names.slice(0, at), ...fallback, ...names.slice(at)])].join(', ')
}

/** The family list at the end of a `font` shorthand, rewritten; other values unchanged. */
function portableFontShorthand(
  value: string,
  declared: ReadonlySet<string>,
  used: Set<string>,
): string {
  // `[style] [variant] [weight] size[/line-height] family, family…`: the list follows the size.
  const tokens = value.trim().split(/\s+/)
  const size = tokens.findIndex((t) => SIZE.test(t))
  if (size < 0) return value
  let end = size + 1
  if (!tokens[size]!.includes('/') && tokens[end]?.startsWith('/')) {
    end += tokens[end] === '/' ? 2 : 1
  }
  const families = tokens.slice(end).join(' ')
  if (!families) return value
  return `${tokens.slice(0, end).join(' ')} ${portableFontStack(families, declared, used)}`
}

/** A font size token of the shorthand, possibly with `/line-height` attached. */
const SIZE =
  /^(?:[\d.]+(?:px|em|rem|pt|%|vw|vh|vmin|vmax|ex|ch|cm|mm|in|pc|q)|xx-small|x-small|small|medium|large|x-large|xx-large|xxx-large|smaller|larger)(?:\/.*)?$/i

const URL_PATTERN = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)'"\s]*))\s*\)/gi

/** Families named in a web-font service URL (Google Fonts css and css2, Bunny Fonts). */
export function webFontFamilies(url: string): string[] {
  let parsed: URL
  try {
    parsed = new URL(url.startsWith('//') ? `https:${url}` : url)
  } catch {
    return []
  }
  return parsed.searchParams
    .getAll('family')
    .flatMap((f) => f.split('|'))
    .map((f) => f.split(':')[0]!.replace(/\+/g, ' ').trim())
    .filter(Boolean)
}

function importUrl(rule: AtRule): string | undefined {
  const match = /^\s*(?:url\(\s*)?(["']?)([^"')\s]+)\1/.exec(rule.params)
  return match?.[2]
}

const lineOf = (node: { source?: { start?: { line: number } } }) => node.source?.start?.line

export function portableCss(
  css: string,
  resolveUrl: (url: string) => ResolvedUrl | undefined = () => undefined,
): PortableCss {
  let root: Root
  try {
    root = postcss.parse(css)
  } catch {
    // Marp reports CSS it cannot use; leave such input as it is.
    return { css, families: new Set(), findings: [] }
  }
  const findings: CssFinding[] = []
  const used = new Set<string>()

  const inline = (value: string, node: Declaration): string =>
    value.replace(URL_PATTERN, (whole, dq?: string, sq?: string, bare?: string) => {
      const url = dq ?? sq ?? bare ?? ''
      if (!url || isDataUrl(url) || url.startsWith('#')) return whole
      if (isRemoteUrl(url)) {
        findings.push({ kind: 'remote-url', url, line: lineOf(node) })
        return whole
      }
      const resolved = resolveUrl(url)
      if (!resolved) return whole
      if ('error' in resolved) {
        findings.push({ kind: 'bad-url', url, reason: resolved.error, line: lineOf(node) })
        return whole
      }
      return `url("${resolved.data}")`
    })

  removeWebFontImports(root, findings)
  const declared = portableFontFaces(root, findings, inline)

  root.walkDecls((decl) => {
    if (decl.parent?.type === 'atrule' && (decl.parent as AtRule).name === 'font-face') return
    const prop = decl.prop.toLowerCase()
    if (prop === 'font-family') decl.value = portableFontStack(decl.value, declared, used)
    else if (prop === 'font') decl.value = portableFontShorthand(decl.value, declared, used)
    else if (prop.startsWith('--') && isFontStackValue(decl.value))
      decl.value = portableFontStack(decl.value, declared, used)
    if (/url\(/i.test(decl.value)) decl.value = inline(decl.value, decl)
  })
  return { css: root.toString(), families: used, findings }
}

/** A custom property holding a font stack: a list ending in (or containing) a generic family. */
function isFontStackValue(value: string): boolean {
  return splitTopLevel(value, ',').some((item) => GENERIC.has(unquote(item).toLowerCase()))
}

/**
 * Removes `@import`s that would load from the network. Web-font services name their
 * families in the URL: a bundled family needs nothing, any other is reported.
 */
function removeWebFontImports(root: Root, findings: CssFinding[]): void {
  root.walkAtRules('import', (rule) => {
    const url = importUrl(rule)
    if (!url) return
    if (!isRemoteUrl(url)) {
      // `@import 'gaia'` names a theme (Marp resolves it); a file path would be fetched by
      // the viewer relative to wherever the export lies.
      if (/^\s*url\(/i.test(rule.params) || url.includes('/') || /\.css$/i.test(url)) {
        findings.push({
          kind: 'bad-url',
          url,
          reason:
            'a CSS file is not imported by path; make it a theme in themes/ (with /* @theme name */) and @import it by name',
          line: lineOf(rule),
        })
        rule.remove()
      }
      return
    }
    const families = webFontFamilies(url)
    if (families.length === 0) findings.push({ kind: 'remote-import', url, line: lineOf(rule) })
    for (const family of families) {
      if (!bundledFamily(family))
        findings.push({ kind: 'web-font', family, url, line: lineOf(rule) })
    }
    rule.remove()
  })
}

/**
 * @font-face rules: one with a remote source is removed (a bundled family replaces it;
 * any other is reported); local sources are inlined, keeping only the first source that
 * resolves (browsers use the first format they support, and every one supports WOFF2
 * and WOFF). Returns the families declared with local sources.
 */
function portableFontFaces(
  root: Root,
  findings: CssFinding[],
  inline: (value: string, node: Declaration) => string,
): Set<string> {
  const declared = new Set<string>()
  root.walkAtRules('font-face', (rule) => {
    let family = ''
    let src: Declaration | undefined
    rule.walkDecls((decl) => {
      const prop = decl.prop.toLowerCase()
      if (prop === 'font-family') family = unquote(decl.value)
      if (prop === 'src') src = decl
    })
    if (!src) return
    const sources = splitTopLevel(src.value, ',')
    const remote = sources.find((s) =>
      [...s.matchAll(URL_PATTERN)].some((m) => isRemoteUrl(m[1] ?? m[2] ?? m[3] ?? '')),
    )
    if (remote) {
      if (!bundledFamily(family)) {
        const url = [...remote.matchAll(URL_PATTERN)][0]
        findings.push({
          kind: 'web-font',
          family,
          url: url?.[1] ?? url?.[2] ?? url?.[3] ?? '',
          line: lineOf(rule),
        })
      }
      rule.remove()
      return
    }
    // local() names a system font: machine-dependent, so only file sources are kept.
    let failed: CssFinding[] = []
    for (const source of sources.filter((s) => !/^\s*local\(/i.test(s))) {
      const mark = findings.length
      const inlined = inline(source, src)
      if (findings.length > mark) {
        // Missing or unusable file: try the next format; reported only if none works.
        failed = findings.splice(mark)
        continue
      }
      src.value = inlined.trim()
      if (family) declared.add(family.toLowerCase())
      return
    }
    findings.push(...failed)
  })
  return declared
}
