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
