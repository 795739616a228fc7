/**
 * A deck that shows one diagram on a light and on an `invert` slide, and a reader for
 * the diagrams an export or a dev render inlined: for the tests of the diagrams folder.
 */

/** Two slides naming the same (light) file; the second is inverted. */
export function lightAndDarkDeck(imageUrl: string): string {
  return `---
marp: true
theme: stackdeck
---

## Light

![](${imageUrl})

---

<!-- _class: invert -->

## Dark, written as the light file

![](${imageUrl})
`
}

/** The stackdeck SVGs inlined as data URLs in `html`, decoded, in document order. */
export function inlinedDiagramSvgs(html: string): string[] {
  return [...html.matchAll(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/g)]
    .map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'))
    .filter((svg) => /^<svg [^>]*\bid="sd-/.test(svg))
}

/** The root id of an SVG: `sd-<name>` for the light variant, `sd-<name>-dark` for the dark. */
export function rootId(svg: string): string | undefined {
  return /^<svg [^>]*\bid="([^"]+)"/.exec(svg)?.[1]
}
