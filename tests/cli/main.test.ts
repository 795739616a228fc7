import { readFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { API_URL, REPO_ROOT } from '../support/paths.ts'
import {
  createTempProject,
  goodStack,
  stackSource,
  type TempProject,
} from '../support/temp-project.ts'

/** What the CLI printed, without colours: stdout (help, version) and stderr (everything else). */
let stdout = ''
let stderr = ''
let project: TempProject | undefined

beforeEach(() => {
  stdout = ''
  stderr = ''
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  // The logger writes to stderr so that stdout stays clean for piping.
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk)
    return true
  })
})

afterEach(async () => {
  vi.restoreAllMocks()
  await project?.cleanup()
  project = undefined
})

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[\d+m/g, '')

describe('stackdeck diagrams', () => {
  it('returns 0 and renders every diagram when all definitions are good', async () => {
    project = await createTempProject({ 'one.ts': goodStack('一'), 'two.ts': goodStack('二') })
    expect(await main(['diagrams', '--root', project.root])).toBe(0)
    expect(await project.outputs()).toEqual(['one.dark.svg', 'one.svg', 'two.dark.svg', 'two.svg'])
    expect(plain(stderr)).toMatch(
      /✓ one +slides\/diagrams\/one\.ts → assets\/diagrams\/one\.svg \+1 variant/,
    )
    expect(plain(stderr)).toMatch(/^2 diagrams rendered in /m)
    expect(stdout).toBe('')
  })

  it('returns 1 for a bad definition, names its file and field, and writes the good ones', async () => {
    project = await createTempProject({
      'bad.ts': stackSource(`{ title: 'x', layers: [{ label: 'a' }, { lable: 'b', label: 'c' }] }`),
      'good.ts': goodStack('良い'),
    })
    expect(await main(['diagrams', '--root', project.root])).toBe(1)
    expect(await project.outputs()).toEqual(['good.dark.svg', 'good.svg'])
    const out = plain(stderr)
    expect(out).toContain(
      "✗ bad  slides/diagrams/bad.ts layers[1]: unknown field 'lable'; did you mean 'label'?",
    )
    expect(out).toMatch(/✗ 1 diagram rendered, 1 failed in /)
    // A user error is one line, not a stack trace.
    expect(out).not.toMatch(/^\s+at /m)
  })

  it('names the file and line of a syntax error', async () => {
    project = await createTempProject({
      'broken.ts': `import { defineStack } from '${API_URL}'\n\nexport default defineStack({\n  title: 'x',\n  layers: [{ label: 'a' }}],\n})\n`,
    })
    expect(await main(['diagrams', '--root', project.root])).toBe(1)
    expect(plain(stderr)).toMatch(/✗ broken {2}slides\/diagrams\/broken\.ts:5: syntax error: /)
  })

  it('renders only the diagrams named with --only, into the folder given with --out', async () => {
    project = await createTempProject({
      'one.ts': goodStack('一'),
      'bad.ts': stackSource(`{ title: '', layers: [] }`),
    })
    expect(
      await main(['diagrams', '--root', project.root, '--only', 'one', '--out', 'build/svg']),
    ).toBe(0)
    expect((await readdir(join(project.root, 'build', 'svg'))).sort()).toEqual([
      'one.dark.svg',
      'one.svg',
    ])
    expect(await project.outputs()).toEqual([])
  })

  it('exits 2 for an --only name no definition has, listing the diagrams, and writes nothing', async () => {
    project = await createTempProject({ 'one.ts': goodStack('一'), 'two.ts': goodStack('二') })
    expect(await main(['diagrams', '--root', project.root, '--only', 'one,tow'])).toBe(2)
    expect(plain(stderr)).toContain("✗ no diagram named 'tow'; diagrams: one, two")
    expect(await project.outputs()).toEqual([])
  })

  it('warns when there is nothing to render', async () => {
    project = await createTempProject()
    expect(await main(['diagrams', '--root', project.root])).toBe(0)
    expect(plain(stderr)).toContain('! no diagram definitions in slides/diagrams; add one')
  })

  it('prints its options for --help and -h and renders nothing', async () => {
    project = await createTempProject({ 'one.ts': goodStack('一') })
    for (const flag of ['--help', '-h']) {
      stdout = ''
      expect(await main(['diagrams', flag, '--root', project.root])).toBe(0)
      expect(stdout).toMatch(/^Usage: stackdeck diagrams \[options\]/)
      for (const option of [
        '--root <dir>',
        '--theme <file>',
        '-h, --help',
        '--only <name>',
        '--out <dir>',
        '--definitions <dir>',
      ]) {
        expect(stdout).toContain(option)
      }
    }
    expect(await project.outputs()).toEqual([])
  })

  it('exits 2 on an unknown option, naming it and pointing at --help', async () => {
    expect(await main(['diagrams', '--bogus'])).toBe(2)
    expect(plain(stderr)).toBe("✗ unknown option '--bogus'; see 'stackdeck diagrams --help'\n")
    expect(plain(stderr)).not.toMatch(/internal error/)
  })

  it('exits 2 on an unexpected argument and on an option missing its value', async () => {
    expect(await main(['diagrams', 'extra'])).toBe(2)
    expect(plain(stderr)).toContain("unexpected argument 'extra'; see 'stackdeck diagrams --help'")
    expect(await main(['diagrams', '--root'])).toBe(2)
  })
})

describe('stackdeck', () => {
  it('lists the commands for --help and exits 0', async () => {
    expect(await main(['--help'])).toBe(0)
    expect(stdout).toMatch(/Usage: stackdeck <command> \[options\]/)
    expect(stdout).toMatch(/^ {2}diagrams +\S/m)
  })

  it('prints the help but exits 1 without a command', async () => {
    expect(await main([])).toBe(1)
    expect(stdout).toMatch(/Usage: stackdeck <command>/)
  })

  it('exits 2 on an unknown command and lists the known ones', async () => {
    expect(await main(['diagram'])).toBe(2)
    expect(plain(stderr)).toMatch(/unknown command 'diagram'; commands: .*diagrams/)
  })

  it('prints the version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string
    }
    expect(await main(['--version'])).toBe(0)
    expect(stdout).toBe(`${version}\n`)
  })
})
