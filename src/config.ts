/**
 * Where things are. Users may pass any of these as flags; everything else falls back to
 * the project layout (slides/, slides/diagrams/, themes/, assets/diagrams/, dist/).
 * Resolved once, here, into absolute paths.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fail } from './errors.ts'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** stackdeck's own theme, for projects that have none. */
const PACKAGE_THEME = fileURLToPath(new URL('../themes/stackdeck.css', import.meta.url))
/** stackdeck's own marp.config.ts, for projects that have none. */
const PACKAGE_MARP_CONFIG = fileURLToPath(new URL('../marp.config.ts', import.meta.url))

/** What a caller may set; every field optional. */
export interface UserConfig {
  /** Project root; other relative paths resolve against it. Default: the current directory. */
  readonly root?: string
  /** Decks: every `*.md` here is one deck. Default `slides`. */
  readonly slidesDir?: string
  /** Diagram definitions: every `*.ts` / `*.mts` / `*.js` / `*.mjs` here is one diagram. Default `slides/diagrams`. */
  readonly diagramsDir?: string
  /** Where rendered SVGs go. Default `assets/diagrams`. */
  readonly diagramsOutDir?: string
  /**
   * Theme CSS holding the diagram colours. Default `themes/stackdeck.css`, or stackdeck's
   * own when the project has none (a project with other themes still gets diagrams).
   */
  readonly theme?: string
  /** Where decks are exported. Default `dist`. */
  readonly outDir?: string
  /** marp-cli configuration file. Default `marp.config.ts`. */
  readonly marpConfig?: string
  /** Warnings (remote resources, overflow, missing glyphs) fail `build` and `check`. Default false. */
  readonly strict?: boolean
  /**
   * Folders outside the project whose images and fonts decks may use (relative to the
   * root). Everything else outside the project, after following symlinks, is refused.
   */
  readonly assetFolders?: readonly string[]
}

/** Every field filled, every path absolute. */
export interface ResolvedConfig {
  readonly root: string
  readonly slidesDir: string
  readonly diagramsDir: string
  readonly diagramsOutDir: string
  readonly theme: string
  readonly themesDir: string
  readonly outDir: string
  /** marp-cli configuration (engine, themes), shared with plain `npx marp`. */
  readonly marpConfig: string
  readonly strict: boolean
  readonly assetFolders: readonly string[]
}

/**
 * Project settings kept in package.json under `"stackdeck"` (only `strict` for now), so
 * CI and every teammate get them without a flag. Flags win over them.
 */
export function packageSettings(root: string): Pick<UserConfig, 'strict' | 'assetFolders'> {
  let settings: unknown
  try {
    settings = (
      JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
        stackdeck?: unknown
      }
    ).stackdeck
  } catch {
    return {}
  }
  if (settings === undefined) return {}
  const { strict, assetFolders } = settings as { strict?: unknown; assetFolders?: unknown }
  const where = { file: 'package.json' }
  if (strict !== undefined && typeof strict !== 'boolean')
    fail('USAGE', `stackdeck.strict must be true or false, not ${JSON.stringify(strict)}`, where)
  if (
    assetFolders !== undefined &&
    !(Array.isArray(assetFolders) && assetFolders.every((f) => typeof f === 'string'))
  )
    fail('USAGE', 'stackdeck.assetFolders must be a list of folder paths', where)
  return {
    ...(strict !== undefined ? { strict } : {}),
    ...(assetFolders !== undefined ? { assetFolders: assetFolders as string[] } : {}),
  }
}

export function resolveConfig(user: UserConfig = {}): ResolvedConfig {
  const root = resolve(user.root ?? process.cwd())
  const settings = packageSettings(root)
  const at = (value: string | undefined, fallback: string) => resolve(root, value ?? fallback)
  const projectTheme = resolve(root, 'themes/stackdeck.css')
  const theme = user.theme
    ? resolve(root, user.theme)
    : existsSync(projectTheme)
      ? projectTheme
      : PACKAGE_THEME
  return Object.freeze({
    root,
    slidesDir: at(user.slidesDir, 'slides'),
    diagramsDir: at(user.diagramsDir, 'slides/diagrams'),
    diagramsOutDir: at(user.diagramsOutDir, 'assets/diagrams'),
    theme,
    themesDir: user.theme ? resolve(theme, '..') : resolve(root, 'themes'),
    outDir: at(user.outDir, 'dist'),
    marpConfig: user.marpConfig
      ? resolve(root, user.marpConfig)
      : ([resolve(root, 'marp.config.ts')].find(existsSync) ?? PACKAGE_MARP_CONFIG),
    strict: user.strict ?? settings.strict ?? false,
    assetFolders: (user.assetFolders ?? settings.assetFolders ?? []).map((f) => resolve(root, f)),
  })
}
