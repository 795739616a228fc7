/**
 * The resolved config: where the assets and the diagrams are, from defaults, package.json
 * and flags, in that order of strength.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveConfig } from '../src/config.ts'
import { StackdeckError } from '../src/errors.ts'

describe('resolveConfig: assets and diagrams folders', () => {
  let root: string
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'stackdeck-config-'))
  })
  afterEach(() => rm(root, { recursive: true, force: true }))

  const withPackage = (stackdeck: unknown) =>
    writeFile(join(root, 'package.json'), JSON.stringify({ name: 'p', stackdeck }))

  it('defaults to assets/ and assets/diagrams/', () => {
    const config = resolveConfig({ root })
    expect(config.assetsDir).toBe(join(root, 'assets'))
    expect(config.diagramsOutDir).toBe(join(root, 'assets', 'diagrams'))
  })

  it('puts the diagrams inside a configured assets folder unless told otherwise', async () => {
    await withPackage({ assetsDir: 'public' })
    expect(resolveConfig({ root }).diagramsOutDir).toBe(join(root, 'public', 'diagrams'))
    await withPackage({ assetsDir: 'public', diagramsOutDir: 'figures' })
    const config = resolveConfig({ root })
    expect(config.assetsDir).toBe(join(root, 'public'))
    // Relative to the project root, like every other path.
    expect(config.diagramsOutDir).toBe(join(root, 'figures'))
  })

  it('lets a flag (diagrams --out) win over package.json', async () => {
    await withPackage({ diagramsOutDir: 'figures' })
    expect(resolveConfig({ root, diagramsOutDir: 'out/d' }).diagramsOutDir).toBe(
      join(root, 'out', 'd'),
    )
  })

  it('refuses a folder setting that is not a path, naming package.json', async () => {
    await withPackage({ diagramsOutDir: 3 })
    const error = (() => {
      try {
        resolveConfig({ root })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(StackdeckError)
    expect((error as StackdeckError).message).toMatch(
      /stackdeck\.diagramsOutDir must be a folder path/,
    )
    expect((error as StackdeckError).file).toBe('package.json')
  })
})

describe('resolveConfig: handout and site', () => {
  let root: string
  const env = process.env.STACKDECK_SITE_URL
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'stackdeck-config-'))
    delete process.env.STACKDECK_SITE_URL
  })
  afterEach(async () => {
    if (env === undefined) delete process.env.STACKDECK_SITE_URL
    else process.env.STACKDECK_SITE_URL = env
    await rm(root, { recursive: true, force: true })
  })
  const withPackage = (stackdeck: unknown) =>
    writeFile(join(root, 'package.json'), JSON.stringify({ name: 'p', stackdeck }))

  it('defaults to the notes layout on A4 and relative links', () => {
    const config = resolveConfig({ root })
    expect(config.handout).toEqual({ layout: 'notes', paper: 'a4' })
    expect(config.siteUrl).toBeUndefined()
  })

  it('reads package.json, which a flag overrides, and the site URL from the environment last', async () => {
    await withPackage({
      handout: '4up',
      handoutPaper: 'letter',
      siteUrl: 'https://me.example/talks',
    })
    process.env.STACKDECK_SITE_URL = 'https://ci.example/'
    expect(resolveConfig({ root }).handout).toEqual({ layout: '4up', paper: 'letter' })
    expect(resolveConfig({ root, handout: 'none' }).handout.layout).toBe('none')
    expect(resolveConfig({ root }).siteUrl).toBe('https://me.example/talks/')
    await withPackage({})
    expect(resolveConfig({ root }).siteUrl).toBe('https://ci.example/')
  })

  it.each([
    [{ handout: '3up' }, /stackdeck\.handout takes notes, 2up, 4up, none; got "3up"/],
    [{ handoutPaper: 'a3' }, /stackdeck\.handoutPaper takes a4, letter; got "a3"/],
    [{ siteUrl: 'talks/' }, /stackdeck\.siteUrl must be the absolute http\(s\) URL/],
  ])('refuses %j with a usage error naming package.json', async (settings, message) => {
    await withPackage(settings)
    const error = (() => {
      try {
        resolveConfig({ root })
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(StackdeckError)
    expect(error).toMatchObject({ code: 'USAGE', file: 'package.json' })
    expect((error as Error).message).toMatch(message)
  })
})
