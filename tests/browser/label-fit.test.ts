/**
 * What a viewer actually draws: every rendered SVG is opened in headless Chromium and
 * measured with getBBox. Layout sized the boxes with fontkit; this checks that the browser,
 * using the embedded font subset, puts every label inside its box, every caption inside
 * its frame and everything inside the viewBox.
 *
 * The checks must not pass by luck of the fonts installed here, so they also ask Chromium
 * which font drew each text (CDP CSS.getPlatformFontsForNode: only the embedded web font)
 * and compare each line's measured width with fontkit's to within 1 px.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import puppeteer, { type Browser, type CDPSession, type Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findBrowser } from '../../src/browser/find-browser.ts'
import { resolveConfig } from '../../src/config.ts'
import { buildDiagrams } from '../../src/diagrams/build-diagrams.ts'
import { renderDiagram } from '../../src/diagrams/render-diagram.ts'
import { METRICS } from '../../src/layout/layout.ts'
import { defineComparison, defineStack } from '../../src/model/define.ts'
import type { Diagram } from '../../src/model/types.ts'
import { loadFont } from '../../src/text/font.ts'
import { REPO_ROOT } from '../support/paths.ts'
import { realContext } from '../support/render.ts'

/** Long and mixed labels that have to wrap, in narrow columns, with braces and captions. */
const GENERATED: Record<string, Diagram> = {
  'long-labels': defineStack({
    title: '長いラベル',
    layers: [
      {
        columns: [
          {
            caption: '仮想マシン（Windows）',
            tone: 'guest',
            layers: [
              { label: 'アプリケーション', tone: 'app' },
              { label: 'ゲストOS（Windows Server 2022）', tone: 'guest' },
            ],
          },
          {
            caption: '仮想マシン（Linux）',
            layers: [
              { label: 'アプリ', tone: 'app' },
              { label: 'ゲストOS（Ubuntu 24.04 LTS）', tone: 'guest' },
            ],
          },
          { label: 'ホストのアプリ（ブラウザ・エディタ）', tone: 'app' },
        ],
      },
      {
        id: 'vmm',
        label: '仮想化ソフトウェア',
        detail: 'VirtualBox / VMware Workstation / Parallels Desktop',
        tone: 'hypervisor',
      },
      { id: 'os', label: 'ホストOS（Windows 11 / macOS / Linux）', tone: 'os' },
      {
        id: 'hw',
        label: 'ハードウェア',
        detail: '仮想化支援機能（Intel VT-x / AMD-V）',
        tone: 'hardware',
      },
    ],
    braces: [
      { from: 'vmm', to: 'os', label: 'Type 2（ホスト型）' },
      { from: 'hw', label: 'CPUの拡張機能' },
    ],
    steps: ['vmm', 'hw'],
  }),
  narrow: defineStack({
    title: '幅 320 px',
    width: 320,
    layers: [
      { columns: [{ label: 'アプリA' }, { label: 'アプリB' }] },
      { label: '仮想化支援機能（Intel VT-x / AMD-V）', tone: 'hardware' },
      { caption: 'ユーザー空間', layers: [{ label: 'ライブラリ（glibc）', tone: 'runtime' }] },
      { label: 'カーネル', detail: 'Linux 6.8（KVM モジュール）', tone: 'kernel' },
    ],
  }),
  'four-panels': defineComparison({
    title: '4つの方式',
    panels: [
      {
        caption: 'ホスト型（Type 2）',
        layers: [
          { label: 'ゲストOS（Windows Server 2022）', tone: 'guest' },
          { label: '仮想化ソフト', tone: 'hypervisor' },
          { label: 'ホストOS', tone: 'os' },
          { label: 'ハードウェア', tone: 'hardware' },
        ],
      },
      {
        caption: 'ハイパーバイザ型（Type 1）',
        layers: [
          { label: 'ゲストOS', tone: 'guest' },
          { id: 'hv', label: 'ハイパーバイザ', tone: 'hypervisor' },
          { label: 'ハードウェア', tone: 'hardware' },
        ],
        braces: [{ from: 'hv', label: 'Type 1' }],
      },
      {
        caption: 'コンテナ型',
        layers: [
          {
            columns: [
              { label: 'コンテナ', tone: 'container' },
              { label: 'コンテナ', tone: 'container' },
            ],
          },
          { label: 'コンテナエンジン', tone: 'runtime' },
          { label: 'ホストOS', tone: 'os' },
          { label: 'ハードウェア', tone: 'hardware' },
        ],
      },
      {
        caption: '準仮想化（Xen PV）',
        layers: [
          { label: '改変したゲストOS（Linux）', tone: 'guest' },
          { label: 'Xen', tone: 'hypervisor' },
          { label: 'ハードウェア', tone: 'hardware' },
        ],
      },
    ],
  }),
  'markup-characters': defineStack({
    title: 'A & B <C> "D" \'E\' ]]>',
    layers: [
      { columns: [{ id: 'row-a', label: 'A & B <C>' }, { label: '"D" \'E\' ]]> ]]>' }] },
      { id: 'grp', caption: 'x < y && y > z', layers: [{ label: 'C++ / C# / F#' }] },
      { label: '&amp; <![CDATA[ ]]>' },
    ],
    emphasis: 'grp',
  }),
}

interface TextReport {
  readonly text: string
  readonly size: number
  readonly width: number
}
interface PageReport {
  readonly parseError?: string
  readonly imageWidth: number
  readonly family: string
  readonly faceStatus: readonly string[]
  readonly problems: readonly string[]
  readonly texts: readonly TextReport[]
}

/**
 * Runs in the page: inserts the SVG as XML (strict parse) and measures what Chromium drew.
 * `pad` is the padding layout keeps inside a layer's box: labels must stay within it.
 */
async function inspect(svgText: string, pad: { x: number; y: number }): Promise<PageReport> {
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml')
  const parseError = doc.querySelector('parsererror')
  if (parseError)
    return {
      parseError: parseError.textContent ?? 'parse error',
      imageWidth: 0,
      family: '',
      faceStatus: [],
      problems: [],
      texts: [],
    }
  const svg = document.importNode(doc.documentElement, true) as unknown as SVGSVGElement
  document.body.append(svg)
  // Layout once so the @font-face starts loading, then wait for it.
  svg.getBBox()
  await document.fonts.ready

  // The same file as an <img>: what slides and exports use.
  const image = new Image()
  image.src = `data:image/svg+xml;base64,${btoa(String.fromCharCode(...new TextEncoder().encode(svgText)))}`
  await image.decode()

  const problems: string[] = []
  const tolerance = 0.5
  const describe = (e: Element) =>
    `${e.closest('g')?.id ?? 'svg'} <${e.tagName}> ${JSON.stringify(e.textContent ?? '')}`
  const inside = (
    what: Element,
    inner: DOMRect,
    outer: { x: number; y: number; width: number; height: number },
    where: string,
  ) => {
    if (
      inner.x < outer.x - tolerance ||
      inner.y < outer.y - tolerance ||
      inner.x + inner.width > outer.x + outer.width + tolerance ||
      inner.y + inner.height > outer.y + outer.height + tolerance
    ) {
      const r = (b: { x: number; y: number; width: number; height: number }) =>
        `[${b.x.toFixed(1)},${b.y.toFixed(1)} ${b.width.toFixed(1)}×${b.height.toFixed(1)}]`
      problems.push(`${describe(what)} ${r(inner)} is not inside ${where} ${r(outer)}`)
    }
  }
  const rectOf = (g: Element) => {
    const rect = g.querySelector(':scope > rect')
    return rect instanceof SVGRectElement ? rect.getBBox() : undefined
  }

  for (const g of Array.from(svg.querySelectorAll('g[data-kind=layer]'))) {
    const rect = rectOf(g)
    if (!rect) {
      problems.push(`${g.id} has no rect`)
      continue
    }
    const padded = {
      x: rect.x + pad.x,
      y: rect.y + pad.y,
      width: rect.width - 2 * pad.x,
      height: rect.height - 2 * pad.y,
    }
    for (const text of Array.from(g.querySelectorAll('text')))
      inside(text, text.getBBox(), padded, `the padded box of its layer ${g.id}`)
  }
  for (const g of Array.from(svg.querySelectorAll('g[data-kind=group]'))) {
    const captions = g.querySelectorAll<SVGTextElement>('text[data-role=caption]')
    const rect = rectOf(g)
    if (captions.length > 0 && !rect) problems.push(`${g.id} has a caption but no frame`)
    if (rect)
      for (const text of Array.from(captions))
        inside(text, text.getBBox(), rect, `its frame ${g.id}`)
  }
  const view = svg.viewBox.baseVal
  for (const e of Array.from(svg.querySelectorAll('rect, text, path'))) {
    if (e instanceof SVGGraphicsElement) inside(e, e.getBBox(), view, 'the viewBox')
  }
  const texts = Array.from(svg.querySelectorAll('text')).map((t) => ({
    text: t.textContent ?? '',
    size: Number(t.getAttribute('font-size')),
    width: t.getComputedTextLength(),
  }))
  const family = svg.id
  // (lib DOM.Iterable is not in the project's tsconfig, hence forEach and Array.from.)
  const faceStatus: string[] = []
  document.fonts.forEach((f) => {
    if (f.family.replace(/"/g, '') === family) faceStatus.push(f.status)
  })
  return { imageWidth: image.naturalWidth, family, faceStatus, problems, texts }
}

/** Fonts Chromium used for each <text> of the page's SVG, in document order (DevTools protocol). */
async function platformFonts(
  cdp: CDPSession,
): Promise<{ familyName: string; isCustomFont: boolean }[][]> {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 })
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
    nodeId: root.nodeId,
    selector: 'body > svg text',
  })
  return Promise.all(
    nodeIds.map(
      async (nodeId) => (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts,
    ),
  )
}

describe('rendered SVG in Chromium', () => {
  let browser: Browser
  let page: Page
  let cdp: CDPSession
  let outDir: string
  const svgs = new Map<string, string>()
  const font = loadFont()

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'stackdeck-label-fit-'))
    // Every diagram of the project, rendered fresh (not the possibly stale assets/ copies).
    const results = await buildDiagrams(resolveConfig({ root: REPO_ROOT, diagramsOutDir: outDir }))
    expect(results.filter((r) => r.error).map((r) => r.error?.message)).toEqual([])
    for (const file of (await readdir(outDir)).sort())
      svgs.set(`slides/${file}`, await readFile(join(outDir, file), 'utf8'))
    for (const [name, definition] of Object.entries(GENERATED)) {
      for (const r of await renderDiagram(definition, name, realContext()))
        svgs.set(`generated/${r.fileName}`, r.svg)
    }
    const found = await findBrowser()
    browser = await puppeteer.launch({
      executablePath: found.executablePath,
      args: [...found.args],
      headless: true,
    })
    page = await browser.newPage()
    cdp = await page.createCDPSession()
    await cdp.send('DOM.enable')
    await cdp.send('CSS.enable')
  })

  afterAll(async () => {
    await browser?.close()
    if (outDir) await rm(outDir, { recursive: true, force: true })
  })

  it('has the project diagrams and the generated ones to check', () => {
    expect([...svgs.keys()].filter((k) => k.startsWith('slides/')).length).toBeGreaterThanOrEqual(2)
    expect([...svgs.keys()].filter((k) => k.startsWith('generated/'))).toHaveLength(
      2 * 3 + 2 + 2 + 2,
    )
  })

  it('draws every label inside its box, captions inside frames, all inside the viewBox, in the embedded font', async () => {
    const failures: string[] = []
    for (const [name, svg] of svgs) {
      await page.setContent(
        '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"></body></html>',
      )
      const report = await page.evaluate(inspect, svg, { x: METRICS.boxPadX, y: METRICS.boxPadY })
      if (report.parseError) {
        failures.push(`${name}: not well-formed XML: ${report.parseError}`)
        continue
      }
      const width = Number(/width="([\d.]+)"/.exec(svg)?.[1])
      if (report.imageWidth !== width)
        failures.push(`${name}: as <img> it is ${report.imageWidth} px wide, not ${width}`)
      failures.push(...report.problems.map((p) => `${name}: ${p}`))

      // The embedded font was loaded and is the one that drew the text …
      if (report.faceStatus.length === 0 || report.faceStatus.some((s) => s !== 'loaded')) {
        failures.push(
          `${name}: @font-face '${report.family}' is ${JSON.stringify(report.faceStatus)}, not loaded`,
        )
      }
      const used = await platformFonts(cdp)
      expect(used).toHaveLength(report.texts.length)
      report.texts.forEach((t, i) => {
        // Emoji and the like are not in Noto Sans JP: some other font draws them, by design.
        if (![...t.text].every((ch) => font.covers(ch.codePointAt(0)!))) return
        const fonts = used[i] ?? []
        if (fonts.length === 0 || fonts.some((f) => !f.isCustomFont))
          failures.push(`${name}: '${t.text}' is drawn with ${JSON.stringify(fonts)}`)
        // … at the widths layout measured with fontkit.
        const expected = font.width(t.text, t.size)
        if (Math.abs(t.width - expected) > 1)
          failures.push(
            `${name}: '${t.text}' is ${t.width.toFixed(2)} px wide in Chromium, ${expected.toFixed(2)} px in fontkit`,
          )
      })
    }
    expect(failures).toEqual([])
  })
})
