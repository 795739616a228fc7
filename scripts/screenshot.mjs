#!/usr/bin/env node
// Looks at what we make: screenshots SVG or HTML files with the same Chromium the build
// uses. Usage: node scripts/screenshot.mjs <file.svg|file.html> <out.png> [width] [height] [background]
import { register } from 'tsx/esm/api'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

register()
const { findBrowser } = await import('../src/browser/find-browser.ts')
const puppeteer = (await import('puppeteer-core')).default
const [file, out, width = '1280', height = '720', background = '#fff8e1'] = process.argv.slice(2)
if (!file || !out) {
  console.error(
    'usage: node scripts/screenshot.mjs <file.svg|file.html> <out.png> [width] [height] [background]',
  )
  process.exit(2)
}
const browser = await findBrowser()
const instance = await puppeteer.launch({
  executablePath: browser.executablePath,
  args: [...browser.args],
  headless: true,
})
const page = await instance.newPage()
await page.setViewport({ width: Number(width), height: Number(height) })
const url = /^https?:/.test(file) ? file : pathToFileURL(resolve(file)).href
if (file.endsWith('.svg')) {
  // about:blank may not load file: URLs; a data URL is also how the HTML export inlines SVGs.
  const data = `data:image/svg+xml;base64,${readFileSync(file).toString('base64')}`
  await page.setContent(
    `<body style="margin:20px;background:${background}"><img src="${data}"></body>`,
  )
  await page.waitForFunction(() => document.images[0]?.complete)
} else {
  await page.goto(url)
}
await page.screenshot({ path: out })
await instance.close()
console.error(`${out} (${browser.source})`)
