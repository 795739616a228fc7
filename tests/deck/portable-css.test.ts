/**
 * portable-css: font stacks get the bundled fonts, web fonts go, url()s are inlined or
 * reported. Pure: files are read through the injected resolver.
 */
import { describe, expect, it } from 'vitest'
import {
  portableCss,
  portableFontStack,
  webFontFamilies,
  type ResolvedUrl,
} from '../../src/deck/portable-css.ts'

const stack = (value: string, declared: readonly string[] = []) => {
  const used = new Set<string>()
  return { value: portableFontStack(value, new Set(declared), used), used: [...used].sort() }
}

describe('portableFontStack', () => {
  it("puts the bundled text font before the first family stackdeck cannot supply (gaia's stack)", () => {
    expect(stack('Lato,Avenir Next,Avenir,Trebuchet MS,Segoe UI,sans-serif')).toEqual({
      value:
        '"Stackdeck Lato", "Stackdeck Sans", Avenir Next, Avenir, Trebuchet MS, Segoe UI, sans-serif',
      used: ['Stackdeck Lato', 'Stackdeck Sans'],
    })
  })

  it('gives monospace stacks the bundled code font, then the text font for Japanese', () => {
    expect(stack('SFMono-Regular,Consolas,Liberation Mono,Menlo,Courier,monospace').value).toBe(
      '"Stackdeck Mono", "Stackdeck Sans", SFMono-Regular, Consolas, Liberation Mono, Menlo, Courier, monospace',
    )
    expect(stack("'Roboto Mono', monospace").value).toBe(
      '"Stackdeck Mono", "Stackdeck Sans", monospace',
    )
  })

  it('renames a family stackdeck bundles under another name, once', () => {
    expect(stack("'Stackdeck Sans', 'Noto Sans JP', 'Hiragino Sans', sans-serif").value).toBe(
      '"Stackdeck Sans", \'Hiragino Sans\', sans-serif',
    )
  })

  it('rewrites the fallback inside var() (the default theme) and leaves keywords alone', () => {
    expect(stack('var(--fontStack-sansSerif, -apple-system, "Noto Sans", sans-serif)').value).toBe(
      'var(--fontStack-sansSerif, "Stackdeck Sans", -apple-system, "Noto Sans", sans-serif)',
    )
    expect(stack('inherit').value).toBe('inherit')
  })

  it('keeps families the same CSS declares with local files in front (KaTeX)', () => {
    expect(stack('KaTeX_Main, Times New Roman, serif', ['katex_main']).value).toBe(
      'KaTeX_Main, "Stackdeck Sans", Times New Roman, serif',
    )
  })

  it('is idempotent', () => {
    const once = stack('Lato, sans-serif').value
    expect(stack(once).value).toBe(once)
  })
})

describe('webFontFamilies', () => {
  it('reads Google Fonts css2 and css (v1, Bunny) URLs', () => {
    expect(
      webFontFamilies(
        'https://fonts.googleapis.com/css2?family=Noto+Sans+JP:wght@400;700&family=M+PLUS+Rounded+1c&display=swap',
      ),
    ).toEqual(['Noto Sans JP', 'M PLUS Rounded 1c'])
    expect(
      webFontFamilies('https://fonts.bunny.net/css?family=Lato:400,900|Roboto+Mono:400,700'),
    ).toEqual(['Lato', 'Roboto Mono'])
  })
})

describe('portableCss', () => {
  const files: Record<string, ResolvedUrl> = {
    './images/corner.png': { data: 'data:image/png;base64,AAAA' },
    'missing.png': { error: 'not found' },
    'fonts/brand.woff2': { error: 'not found' },
    'fonts/brand.woff': { data: 'data:font/woff;base64,BBBB' },
  }
  const resolveUrl = (url: string) => files[url]

  it('removes web-font imports: bundled families silently, others reported with their line', () => {
    const result = portableCss(
      [
        "@import url('https://fonts.googleapis.com/css2?family=Noto+Sans+JP&family=M+PLUS+Rounded+1c');",
        "@import 'default';",
        "section { font-family: 'M PLUS Rounded 1c', 'Noto Sans JP', sans-serif; }",
      ].join('\n'),
      resolveUrl,
    )
    expect(result.css).not.toContain('googleapis')
    expect(result.css).toContain("@import 'default'")
    expect(result.css).toContain('font-family: "Stackdeck Sans", \'M PLUS Rounded 1c\', sans-serif')
    expect(result.findings).toEqual([
      {
        kind: 'web-font',
        family: 'M PLUS Rounded 1c',
        url: 'https://fonts.googleapis.com/css2?family=Noto+Sans+JP&family=M+PLUS+Rounded+1c',
        line: 1,
      },
    ])
  })

  it('inlines local url()s, reports missing ones and keeps (and reports) remote ones', () => {
    const result = portableCss(
      [
        'section {',
        '  background-image: url(./images/corner.png), url("missing.png");',
        "  border-image: url('https://example.com/b.png');",
        '}',
      ].join('\n'),
      resolveUrl,
    )
    expect(result.css).toContain('url("data:image/png;base64,AAAA"), url("missing.png")')
    expect(result.css).toContain("url('https://example.com/b.png')")
    expect(result.findings).toEqual([
      { kind: 'bad-url', url: 'missing.png', reason: 'not found', line: 2 },
      { kind: 'remote-url', url: 'https://example.com/b.png', line: 3 },
    ])
  })

  it('keeps the first @font-face source that resolves and drops remote @font-face rules', () => {
    const result = portableCss(
      [
        "@font-face { font-family: Brand; src: local('Brand'), url(fonts/brand.woff2) format('woff2'), url(fonts/brand.woff) format('woff'); }",
        '@font-face { font-family: Lato; src: url(https://cdn.example/lato.woff2); }',
        '@font-face { font-family: Fancy; src: url(https://cdn.example/fancy.woff2); }',
        'h1 { font-family: Brand, Fancy, sans-serif; }',
      ].join('\n'),
      resolveUrl,
    )
    expect(result.css).toContain('src: url("data:font/woff;base64,BBBB") format(\'woff\')')
    expect(result.css).not.toContain('cdn.example')
    expect(result.css).toContain('font-family: Brand, "Stackdeck Sans", Fancy, sans-serif')
    expect(result.findings).toEqual([
      { kind: 'web-font', family: 'Fancy', url: 'https://cdn.example/fancy.woff2', line: 3 },
    ])
  })

  it('rewrites the family list of the font shorthand and font-stack custom properties', () => {
    const result = portableCss(
      'h1 { font: italic 700 1.2em/1.4 Lato, serif; } :root { --mono: Menlo, monospace; }',
    )
    expect(result.css).toContain(
      'font: italic 700 1.2em/1.4 "Stackdeck Lato", "Stackdeck Sans", serif',
    )
    expect(result.css).toContain('--mono: "Stackdeck Mono", "Stackdeck Sans", Menlo, monospace')
    expect([...result.families].sort()).toEqual([
      'Stackdeck Lato',
      'Stackdeck Mono',
      'Stackdeck Sans',
    ])
  })

  it('refuses CSS files imported by path (the viewer would fetch them), keeps theme names', () => {
    const result = portableCss(
      "@import 'gaia';\n@import url(../shared/base.css);\n@import 'brand.css';",
    )
    expect(result.css).toBe("@import 'gaia';")
    expect(result.findings.map((f) => [f.kind, 'url' in f ? f.url : '', f.line])).toEqual([
      ['bad-url', '../shared/base.css', 2],
      ['bad-url', 'brand.css', 3],
    ])
  })

  it('leaves CSS it cannot parse as it is', () => {
    expect(portableCss('section { color: red').css).toBe('section { color: red')
  })
})
