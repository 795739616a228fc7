/**
 * Every output is written to a temporary file beside its target and renamed over it.
 * rename() within one directory is atomic on POSIX, so a reader (a browser, marp, a
 * killed build) sees the old file or the new one, never half of one.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { releaseTemp, tempPathFor } from './temp-files.ts'

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file)
  await mkdir(dir, { recursive: true })
  // Dot-prefixed and unique, so watchers and globs can ignore it and parallel writers don't clash.
  const temp = tempPathFor(file)
  try {
    await writeFile(temp, data)
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  } finally {
    releaseTemp(temp)
  }
}
