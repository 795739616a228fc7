/**
 * marp-cli configuration, shared by `stackdeck build`, plain `npx marp` and any tool that
 * reads marp.config.*. The engine is stackdeck's (offline gaia, diagram variants, bundled
 * font); the theme folder is registered so `theme: stackdeck` resolves.
 */
import { defineConfig } from '@marp-team/marp-cli'
import { register } from 'tsx/esm/api'

// Plain `npx marp` runs without tsx; register it so the engine's TypeScript can load.
// Under `stackdeck` tsx is already registered and a second registration is harmless.
register()
const { stackdeckEngine } = await import('./src/deck/marp-cli-engine.ts')

export default defineConfig({
  engine: stackdeckEngine,
  themeSet: ['./themes'],
  lang: 'ja',
  // Marp's HTML option stays off: a deck can then not run scripts or embed arbitrary
  // markup in exports. A deck that needs raw HTML opts in with `html: true` here.
  html: false,
  options: { looseYAML: false },
  pdfOutlines: { pages: false, headings: true },
})
