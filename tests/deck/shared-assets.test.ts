import { describe, expect, it } from 'vitest'
import { shareRepeatedAssets } from '../../src/deck/shared-assets.ts'

const big = `data:image/png;base64,${'A'.repeat(4000)}`
const small = 'data:image/png;base64,AAAA'

describe('shareRepeatedAssets', () => {
  it('stores a data URL used by several backgrounds and images once, as a custom property', () => {
    const html = [
      `<figure style="background-image:url(&quot;${big}&quot;);"></figure>`,
      `<figure style="background-image:url(&quot;${big}&quot;);"></figure>`,
      `<p><img src="${big}" alt="x"></p>`,
    ].join('')
    const shared = shareRepeatedAssets(html, 'section{}')
    expect(shared.html.split(big)).toHaveLength(1)
    expect(shared.css.split(big)).toHaveLength(2)
    expect(shared.css).toContain(`:root{--sd-asset-0:url("${big}")}`)
    expect(shared.html.match(/background-image:var\(--sd-asset-0\)/g)).toHaveLength(2)
    expect(shared.html).toMatch(
      /<img src="data:image\/gif;base64,[^"]+" data-sd-asset="--sd-asset-0" alt="x">/,
    )
    expect(shared.html).toContain('<script>')
  })

  it('shares an image two theme rules use, and an emoji used twice, drawable without the script', () => {
    const emoji = `data:image/svg+xml;base64,${'B'.repeat(600)}`
    const css = `section{background:url("${big}")} section.title{background-image:url("${big}")}`
    const html = `<img class="emoji" src="${emoji}"><img class="emoji" src="${emoji}">`
    const shared = shareRepeatedAssets(html, css)
    expect(shared.css.split(big)).toHaveLength(2)
    expect(shared.css).toContain('section{background:var(--sd-asset-1)}')
    expect(shared.html.split(emoji)).toHaveLength(1)
    expect(shared.css).toContain('img[data-sd-asset="--sd-asset-0"]{content:var(--sd-asset-0)}')
  })

  it('never shares fonts (@font-face cannot use var())', () => {
    const font = `data:font/woff;base64,${'C'.repeat(4000)}`
    const css = `@font-face{src:url("${font}")}@font-face{src:url("${font}")}`
    expect(shareRepeatedAssets('', css).css).toBe(css)
  })

  it('leaves single and small data URLs inline, and adds no script then', () => {
    const html = `<img src="${big}"><img src="${small}"><img src="${small}">`
    expect(shareRepeatedAssets(html, '')).toEqual({ html, css: '' })
  })
})
