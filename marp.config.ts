/**
 * marp-cli configuration, shared by `stackdeck build`, `stackdeck check`, the dev server
 * and plain `npx marp`: the rendering options here (`html`, `lang`, `options`) are the
 * only ones every path uses. The engine is stackdeck's (portable fonts for every theme,
 * diagram variants, inlined images, emoji and math fonts); it registers `themes/` itself.
 *
 * `html` is left at Marp Core's default, exactly as plain Marp: a small allowlist of safe
 * tags (`<br>`, `<b>`, `<span>` …, without `style` or scripts). `html: true` allows any
 * HTML, and then a deck can carry scripts into its exports.
 */
import { defineConfig } from '@marp-team/marp-cli'
import { register } from 'tsx/esm/api'

// Plain `npx marp` runs without tsx; register it so the engine's TypeScript can load.
// Under `stackdeck` tsx is already registered and a second registration is harmless.
register()
const { stackdeckEngine } = await import('./src/deck/marp-cli-engine.ts')

export default defineConfig({
  engine: stackdeckEngine,
  lang: 'ja',
})
