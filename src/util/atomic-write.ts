/**
 * Every output is written to a temporary file beside its target and renamed over it.
 * rename() within one directory is atomic on POSIX, so a reader (a browser, marp, a
 * killed build) sees the old file or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file)
  await mkdir(dir, { recursive: true })
  // Dot-prefixed and unique, so watchers and globs can ignore it and parallel writers don't clash.
  const temp = join(dir, `.${basename(file)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    await writeFile(temp, data)
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
