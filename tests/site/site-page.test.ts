import { describe, expect, it } from 'vitest'
import { relativeHref, sitePage } from '../../src/site/site-page.ts'

describe('sitePage', () => {
  const html = sitePage(
    [
      {
        name: 'infra/kube virt',
        title: '<Kube> & "VM"',
        description: undefined,
        slides: 1,
        thumbnail: undefined,
        links: [{ label: 'PDF', href: relativeHref('infra/kube virt.pdf') }],
      },
    ],
    { title: 'talks', lang: 'ja', fontCss: '', fontFamily: 'Stackdeck Sans' },
  )

  it('escapes text and percent-encodes relative links', () => {
    expect(html).toContain('<h2>&lt;Kube&gt; &amp; &quot;VM&quot;</h2>')
    expect(html).toContain('<a href="infra/kube%20virt.pdf">PDF</a>')
    expect(html).toContain('<p class="count">1 slide</p>')
  })

  it('links nothing absolute and loads nothing', () => {
    expect(html).not.toMatch(/(?:href|src)="(?:https?:|\/)/)
    expect(html).not.toMatch(/@import|<script|<link(?![^>]*href="data:)/)
  })
})
