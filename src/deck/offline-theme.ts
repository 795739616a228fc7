/**
 * Marp's gaia theme starts with `@import "https://fonts.bunny.net/css?..."` for Lato.
 * Decks must build and present offline, and an external request from an exported HTML
 * is a privacy leak, so stackdeck registers gaia again without remote imports; themes
 * that `@import 'gaia'` then get the local copy. The bundled font replaces Lato anyway.
 */
import postcss from 'postcss'

export function withoutRemoteImports(css: string): string {
  const root = postcss.parse(css)
  root.walkAtRules('import', (rule) => {
    if (/^(url\()?\s*["']?(https?:)?\/\//i.test(rule.params)) rule.remove()
  })
  return root.toString()
}
