/**
 * Where things are. Users may pass some of these as flags or keep them in package.json;
 * everything else falls back to the project layout (slides/, slides/diagrams/, themes/,
 * assets/, assets/diagrams/, dist/). Resolved once, here, into absolute paths.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fail } from './errors.ts'
import {
  DEFAULT_HANDOUT,
  handoutLayout,
  handoutPaper,
  type HandoutOptions,
} from './export/handout-options.ts'
import { siteUrl } from './site/site-url.ts'
import { DEFAULT_PPTX_MODE, PPTX_MODES, isPptxMode, type PptxMode } from './export/formats.ts'
import { join, resolve } from 'node:path'
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
  /** Images and other files decks use (the dev server watches it). Default `assets`. */
  readonly assetsDir?: string
  /**
   * Where rendered SVGs go, and where decks' diagram images are recognised (for the dark
   * variant, and what dev re-renders). Default `<assetsDir>/diagrams`.
   */
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
  /**
   * The PPTX `build` and the dev server write: `editable` (text boxes, tables, diagrams as
   * shapes) or `image` (marp-cli's, one picture per slide). Default `editable`.
   */
  readonly pptx?: PptxMode
  /** Handout layout: `notes`, `2up`, `4up`, or `none` for no handout. Default `notes`. */
  readonly handout?: HandoutOptions['layout']
  /** Handout paper: `a4` or `letter`. Default `a4`. */
  readonly handoutPaper?: HandoutOptions['paper']
  /**
   * The absolute URL dist/ is published at, for Open Graph images (crawlers want absolute
   * URLs). Default: `STACKDECK_SITE_URL`, else relative links.
   */
  readonly siteUrl?: string
}

/** Every field filled, every path absolute. */
export interface ResolvedConfig {
  readonly root: string
  readonly slidesDir: string
  readonly diagramsDir: string
  readonly assetsDir: string
  readonly diagramsOutDir: string
  readonly theme: string
  readonly themesDir: string
  readonly outDir: string
  /** marp-cli configuration (engine, themes), shared with plain `npx marp`. */
  readonly marpConfig: string
  readonly strict: boolean
  readonly assetFolders: readonly string[]
  readonly pptx: PptxMode
  readonly handout: HandoutOptions
  readonly siteUrl: string | undefined
}

/** What package.json may hold under `"stackdeck"`. */
type PackageSettings = Pick<
  UserConfig,
  | 'strict'
  | 'assetFolders'
  | 'assetsDir'
  | 'diagramsOutDir'
  | 'pptx'
  | 'handout'
  | 'handoutPaper'
  | 'siteUrl'
>

/**
 * Project settings kept in package.json under `"stackdeck"`, so CI, every teammate and
 * every command (plain `npx marp` included) get them without a flag. Flags win over them.
 */
export function packageSettings(root: string): PackageSettings {
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
  const {
    strict,
    assetFolders,
    assetsDir,
    diagramsOutDir,
    pptx,
    handout,
    handoutPaper: paper,
    siteUrl: url,
  } = settings as Record<string, unknown>
  const where = { file: 'package.json' }
  if (strict !== undefined && typeof strict !== 'boolean')
    fail('USAGE', `stackdeck.strict must be true or false, not ${JSON.stringify(strict)}`, where)
  if (
    assetFolders !== undefined &&
    !(Array.isArray(assetFolders) && assetFolders.every((f) => typeof f === 'string'))
  )
    fail('USAGE', 'stackdeck.assetFolders must be a list of folder paths', where)
  if (pptx !== undefined && !isPptxMode(pptx))
    fail(
      'USAGE',
      `stackdeck.pptx must be ${PPTX_MODES.join(' or ')}, not ${JSON.stringify(pptx)}`,
      where,
    )
  for (const [key, value] of Object.entries({ assetsDir, diagramsOutDir })) {
    if (value !== undefined && (typeof value !== 'string' || value === ''))
      fail('USAGE', `stackdeck.${key} must be a folder path, not ${JSON.stringify(value)}`, where)
  }
  return {
    ...(strict !== undefined ? { strict } : {}),
    ...(assetFolders !== undefined ? { assetFolders: assetFolders as string[] } : {}),
    ...(assetsDir !== undefined ? { assetsDir: assetsDir as string } : {}),
    ...(diagramsOutDir !== undefined ? { diagramsOutDir: diagramsOutDir as string } : {}),
    ...(isPptxMode(pptx) ? { pptx } : {}),
    ...(handout !== undefined
      ? { handout: handoutLayout(handout, 'stackdeck.handout', where) }
      : {}),
    ...(paper !== undefined
      ? { handoutPaper: handoutPaper(paper, 'stackdeck.handoutPaper', where) }
      : {}),
    ...(url !== undefined ? { siteUrl: siteUrl(url, 'stackdeck.siteUrl', where) } : {}),
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
  const assetsDir = at(user.assetsDir ?? settings.assetsDir, 'assets')
  return Object.freeze({
    root,
    slidesDir: at(user.slidesDir, 'slides'),
    diagramsDir: at(user.diagramsDir, 'slides/diagrams'),
    assetsDir,
    diagramsOutDir: at(user.diagramsOutDir ?? settings.diagramsOutDir, join(assetsDir, 'diagrams')),
    theme,
    themesDir: user.theme ? resolve(theme, '..') : resolve(root, 'themes'),
    outDir: at(user.outDir, 'dist'),
    marpConfig: user.marpConfig
      ? resolve(root, user.marpConfig)
      : ([resolve(root, 'marp.config.ts')].find(existsSync) ?? PACKAGE_MARP_CONFIG),
    strict: user.strict ?? settings.strict ?? false,
    assetFolders: (user.assetFolders ?? settings.assetFolders ?? []).map((f) => resolve(root, f)),
    pptx: user.pptx ?? settings.pptx ?? DEFAULT_PPTX_MODE,
    handout: {
      layout: user.handout ?? settings.handout ?? DEFAULT_HANDOUT.layout,
      paper: user.handoutPaper ?? settings.handoutPaper ?? DEFAULT_HANDOUT.paper,
    },
    siteUrl: user.siteUrl
      ? siteUrl(user.siteUrl, 'siteUrl')
      : (settings.siteUrl ??
        (process.env.STACKDECK_SITE_URL
          ? siteUrl(process.env.STACKDECK_SITE_URL, 'STACKDECK_SITE_URL')
          : undefined)),
  })
}
