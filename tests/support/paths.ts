import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The repository checkout the tests run in. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const THEME_FILE = join(REPO_ROOT, 'themes', 'stackdeck.css')
export const FIXTURES_DIR = join(REPO_ROOT, 'tests', 'fixtures')
/**
 * Definitions written into temporary projects outside the repo import the API through this
 * URL: the bare `stackdeck` specifier only resolves inside the repo (package self-reference).
 */
export const API_URL = pathToFileURL(join(REPO_ROOT, 'src', 'index.ts')).href
