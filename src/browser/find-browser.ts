/**
 * Finds a Chromium to drive, the way marp-cli does (CHROME_PATH, then an installed
 * Chrome, Chromium or Edge), and falls back to the Chromium shipped in the
 * `@sparticuz/chromium` npm package so a machine with only Node and npm can still export
 * and test. Says which one it picked.
 */
import { existsSync } from 'node:fs'
import { StackdeckError } from '../errors.ts'
import { withSystemTempDir } from '../util/temp-files.ts'

export interface Browser {
  readonly executablePath: string
  /** Where it came from, for the progress line: `CHROME_PATH`, `system`, `@sparticuz/chromium`. */
  readonly source: string
  /**
   * Flags this browser needs to run headless here, for the browsers stackdeck launches
   * itself (the slide check, tests). marp-cli launches its own and takes none of them:
   * `marpCliEnv` passes on what it has switches for.
   */
  readonly args: readonly string[]
}

/**
 * The part of `browser.args` marp-cli can be told: it launches its browser with flags of
 * its own and reads only two switches, from the environment (CHROME_NO_SANDBOX and
 * CHROME_DISABLE_GPU; it also drops the sandbox by itself as root, in a container and in
 * WSL). The other flags (font hinting, ANGLE for the bundled Chromium) have no way in.
 */
export function marpCliEnv(browser: Browser): Record<string, string> {
  return {
    ...(browser.args.includes('--no-sandbox') ? { CHROME_NO_SANDBOX: '1' } : {}),
    ...(browser.args.includes('--disable-gpu') ? { CHROME_DISABLE_GPU: '1' } : {}),
  }
}

const SYSTEM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/usr/bin/microsoft-edge',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
]

/** Flags for a quiet headless run on a closed network, as root in containers. */
export const HEADLESS_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--font-render-hinting=none',
] as const

/** One lookup per distinct setting: the bundled browser unpacks once per process. */
const cached = new Map<string, Promise<Browser>>()

export function findBrowser(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const key = `${env.CHROME_PATH ?? ''}\u0000${env.STACKDECK_BUNDLED_BROWSER ?? ''}`
  let pending = cached.get(key)
  if (!pending) {
    pending = locate(env)
    cached.set(key, pending)
    pending.catch(() => cached.delete(key))
  }
  return pending
}

async function locate(env: NodeJS.ProcessEnv): Promise<Browser> {
  const fromEnv = env.CHROME_PATH
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new StackdeckError(
        'BROWSER',
        `CHROME_PATH is ${fromEnv}, which does not exist; fix or unset it`,
      )
    }
    return { executablePath: fromEnv, source: 'CHROME_PATH', args: HEADLESS_ARGS }
  }
  if (env.STACKDECK_BUNDLED_BROWSER !== '1') {
    const system = SYSTEM_CANDIDATES.find((path) => existsSync(path))
    if (system) return { executablePath: system, source: 'system', args: HEADLESS_ARGS }
  }
  return bundled()
}

async function bundled(): Promise<Browser> {
  if (process.platform !== 'linux') {
    throw new StackdeckError(
      'BROWSER',
      'no Chrome, Chromium or Edge found; install one or set CHROME_PATH to its executable',
    )
  }
  try {
    // Unpacks once to <system tmp>/chromium, which later runs reuse: never into a run's
    // own temp folder (removed when the run ends).
    const executablePath = await withSystemTempDir(async () => {
      const { default: chromium } = await import('@sparticuz/chromium')
      return chromium.executablePath()
    })
    // Keep only its flags that matter off Lambda: `--single-process` and friends make
    // page crashes take the whole browser down, so they are left out.
    return {
      executablePath,
      source: '@sparticuz/chromium',
      args: [...HEADLESS_ARGS, '--use-gl=angle', '--use-angle=swiftshader'],
    }
  } catch (error) {
    throw new StackdeckError(
      'BROWSER',
      `no Chrome or Chromium found and the bundled one (@sparticuz/chromium) failed to start: ${(error as Error).message}; install chromium or set CHROME_PATH`,
    )
  }
}
