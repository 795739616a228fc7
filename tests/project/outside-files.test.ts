/**
 * One rule for files outside the project, in every path that reads them: `build`, the dev
 * view and the dev export refuse an image reached by a symlink, by `../` and by an
 * absolute path, naming the deck and line, and their bytes reach no output. A folder
 * admitted with `assetFolders` in package.json is used on purpose.
 */
import { request } from 'node:http'
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../src/config.ts'
import { runDev, type DevHandle } from '../../src/dev/run-dev.ts'
import { fixtureProject, type TempProject } from '../fixtures/decks/project.ts'

/** A 1×1 PNG whose bytes are recognisable in any output. */
const SECRET_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)
const SECRET = SECRET_PNG.toString('base64')

let project: TempProject
let outside: string
const LEAKS = ['leak-symlink', 'leak-dotdot', 'leak-absolute'] as const

beforeAll(async () => {
  project = await fixtureProject('outside-files')
  // No diagrams: a package.json in the project (assetFolders below) would stop definitions
  // resolving `stackdeck`, which only this repository provides to temp projects.
  await rm(project.config.diagramsDir, { recursive: true, force: true })
  outside = await mkdtemp(join(tmpdir(), 'stackdeck-outside-'))
  await writeFile(join(outside, 'secret.png'), SECRET_PNG)
  await mkdir(join(project.root, 'assets'), { recursive: true })
  await symlink(join(outside, 'secret.png'), join(project.root, 'assets', 'linked.png'))
  const deck = (image: string) => `---\nmarp: true\n---\n\n# 外のファイル\n\n![secret](${image})\n`
  const relativeOut = join('..', '..', '..', '..', ...Array(8).fill('..'), outside, 'secret.png')
  await writeFile(project.deckFile('leak-symlink'), deck('../assets/linked.png'))
  await writeFile(project.deckFile('leak-dotdot'), deck(relativeOut))
  await writeFile(project.deckFile('leak-absolute'), deck(join(outside, 'secret.png')))
}, 60_000)

afterAll(async () => {
  await project?.remove()
  if (outside) await rm(outside, { recursive: true, force: true })
})

async function outputsHoldSecret(): Promise<boolean> {
  const files = await readdir(project.config.outDir, { recursive: true }).catch(() => [])
  for (const file of files) {
    const data = await readFile(join(project.config.outDir, file)).catch(() => undefined)
    if (data?.toString('latin1').includes(SECRET)) return true
  }
  return false
}

describe('build', () => {
  it.each(LEAKS)(
    'refuses %s, naming the deck and line, and exports nothing',
    async (deck) => {
      const { code, stderr } = await project.build(['--deck', deck, '--only', 'html'])
      expect(code).toBe(1)
      expect(stderr).toMatch(
        new RegExp(`slides/${deck}\\.md:7.*it lies outside the project \\(.*secret\\.png\\)`),
      )
      expect(await outputsHoldSecret()).toBe(false)
    },
    60_000,
  )

  it('uses the image when its folder is admitted with assetFolders', async () => {
    const pkg = join(project.root, 'package.json')
    await writeFile(pkg, JSON.stringify({ stackdeck: { assetFolders: [outside] } }))
    try {
      const { code, stderr } = await project.build(['--deck', 'leak-absolute', '--only', 'html'])
      expect(code, stderr).toBe(0)
      expect(await readFile(project.output('leak-absolute', 'html'), 'utf8')).toContain(SECRET)
    } finally {
      await rm(pkg, { force: true })
      await rm(project.output('leak-absolute', 'html'), { force: true })
    }
  }, 60_000)
})

describe('dev view and dev export', () => {
  let dev: DevHandle
  let port: number

  const get = (path: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path }, (res) => {
        let body = ''
        res.setEncoding('latin1').on('data', (c: string) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      })
        .once('error', reject)
        .end()
    })

  beforeAll(async () => {
    dev = await runDev(resolveConfig({ root: project.root }), { host: '127.0.0.1', port: 0 })
    port = Number(new URL(dev.url).port)
  }, 60_000)

  afterAll(async () => {
    await dev?.close()
  })

  it.each(LEAKS)('shows %s as a problem naming the line, never its bytes', async (deck) => {
    const problem = dev.session.problems().find((p) => p.deck === deck)
    expect(problem?.message).toMatch(
      new RegExp(`slides/${deck}\\.md:7: slide 1: image .* it lies outside the project`),
    )
    const view = await get(`/${deck}`)
    expect(view.body).not.toContain(SECRET)
  })

  it.each(LEAKS)(
    'refuses to export %s',
    async (deck) => {
      const reply = await get(`/${deck}.html`)
      expect(reply.status).toBeGreaterThanOrEqual(400)
      expect(reply.body).toMatch(/it lies outside the project/)
      expect(reply.body).not.toContain(SECRET)
      expect(await outputsHoldSecret()).toBe(false)
    },
    60_000,
  )
})
