/**
 * What of a browser's flags reaches the browser marp-cli launches: marp-cli takes no
 * flags, only the two switches it reads from the environment.
 */
import { describe, expect, it } from 'vitest'
import { HEADLESS_ARGS, marpCliEnv, type Browser } from '../../src/browser/find-browser.ts'

const browser = (args: readonly string[]): Browser => ({
  executablePath: '/usr/bin/chromium',
  source: 'system',
  args,
})

describe('marpCliEnv', () => {
  it('turns the sandbox and GPU flags into the switches marp-cli reads', () => {
    expect(marpCliEnv(browser(HEADLESS_ARGS))).toEqual({
      CHROME_NO_SANDBOX: '1',
      CHROME_DISABLE_GPU: '1',
    })
  })

  it('sets nothing for flags marp-cli has no switch for', () => {
    expect(marpCliEnv(browser(['--use-gl=angle', '--font-render-hinting=none']))).toEqual({})
  })
})
