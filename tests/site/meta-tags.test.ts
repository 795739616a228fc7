import { describe, expect, it } from 'vitest'
import { addMetaTags } from '../../src/site/meta-tags.ts'

const page = (head: string) =>
  `<!DOCTYPE html><html><head><title>t</title>${head}<meta name="twitter:card" content="summary"></head><body><p>summary</p></body></html>`

describe('addMetaTags', () => {
  it('adds description, og:description and og:image, and asks for a large card', () => {
    const html = addMetaTags(page(''), { description: 'A & B "quoted" <x>', image: 'deck.og.jpg' })
    const head = html.slice(0, html.indexOf('</head>'))
    expect(head).toContain(
      '<meta name="description" content="A &amp; B &quot;quoted&quot; &lt;x&gt;">',
    )
    expect(head).toContain(
      '<meta property="og:description" content="A &amp; B &quot;quoted&quot; &lt;x&gt;">',
    )
    expect(head).toContain('<meta property="og:image" content="deck.og.jpg">')
    expect(head).toContain('<meta name="twitter:card" content="summary_large_image">')
    expect(html).toContain('<body><p>summary</p></body>')
  })

  it("keeps the author's tags and changes nothing when all are there", () => {
    const own = page(
      '<meta name="description" content="mine"><meta property="og:description" content="mine"><meta property="og:image" content="https://example.org/mine.png">',
    )
    expect(addMetaTags(own, { description: 'derived', image: 'deck.og.jpg' })).toBe(own)
  })
})
