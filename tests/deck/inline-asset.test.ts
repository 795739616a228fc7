/**
 * The one asset rule: inside the project (after symlinks), a type every viewer shows
 * (read from the bytes), else a reason that says what to do.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assetProblem, inlineAsset, sniffType } from '../../src/deck/inline-asset.ts'

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)
const BMP = Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)])

let base: string
let root: string

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'stackdeck-asset-'))
  root = join(base, 'project')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'assets', 'ok.png'), PNG)
  await writeFile(join(root, 'assets', 'fake.png'), BMP)
  await writeFile(join(root, 'assets', 'text.png'), 'hello')
  await writeFile(
    join(root, 'assets', 'icon.svg'),
    '<?xml version="1.0"?>\n<!-- c -->\n<svg xmlns="http://www.w3.org/2000/svg"/>',
  )
  await writeFile(join(base, 'secret.png'), PNG)
  await symlink(join(base, 'secret.png'), join(root, 'assets', 'link.png'))
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

describe('sniffType', () => {
  it('reads the type from the bytes', () => {
    expect(sniffType(PNG)).toBe('image/png')
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffType(Buffer.from('GIF89a'))).toBe('image/gif')
    expect(sniffType(Buffer.from('wOF2\0\0'))).toBe('font/woff2')
    expect(sniffType(Buffer.from('<svg viewBox="0 0 1 1"/>'))).toBe('image/svg+xml')
    expect(sniffType(BMP)).toBeUndefined()
  })
})

describe('inlineAsset', () => {
  it('inlines an image inside the project as a data URL of its real type', () => {
    expect(inlineAsset(join(root, 'assets', 'ok.png'), { root })).toEqual({
      data: `data:image/png;base64,${PNG.toString('base64')}`,
    })
    expect(inlineAsset(join(root, 'assets', 'icon.svg'), { root })).toMatchObject({
      data: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
    })
  })

  it('refuses a BMP named .png, and a file that is no image, saying to convert it', () => {
    expect(assetProblem(join(root, 'assets', 'fake.png'), { root })).toBe(
      'is a BMP file; convert it to PNG, JPEG, SVG or WebP',
    )
    expect(assetProblem(join(root, 'assets', 'text.png'), { root })).toMatch(
      /^is not an image type every viewer shows; convert it/,
    )
  })

  it('refuses files outside the project: by symlink, by ../ and by absolute path', () => {
    for (const path of [
      join(root, 'assets', 'link.png'),
      join(root, 'assets', '..', '..', 'secret.png'),
      join(base, 'secret.png'),
    ]) {
      expect(assetProblem(path, { root })).toMatch(
        /^it lies outside the project \(.*secret\.png\); copy it into assets\//,
      )
      expect(inlineAsset(path, { root })).not.toHaveProperty('data')
    }
  })

  it('says a missing file is not found', () => {
    expect(assetProblem(join(root, 'assets', 'nope.png'), { root })).toBe('not found')
  })

  it('accepts fonts only where fonts belong (CSS)', () => {
    const font = join(root, 'assets', 'f.woff2')
    return writeFile(font, 'wOF2\0\0\0\0').then(() => {
      expect(assetProblem(font, { root })).toMatch(/convert it/)
      expect(assetProblem(font, { root, fonts: true })).toBeUndefined()
    })
  })
})
