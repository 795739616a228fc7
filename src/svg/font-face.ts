/** The @font-face rule that embeds a diagram's font subset (see text/subset.ts for the format). */
export function fontFaceCss(family: string, base64: string): string {
  return `@font-face{font-family:"${family}";src:url(data:font/woff;base64,${base64}) format("woff");font-weight:400;font-style:normal}`
}
