/**
 * Every output is written to a temporary file beside its target and renamed over it.
 * rename() within one directory is atomic on POSIX, so a reader (a browser, marp, a
 * killed build) sees the old file or the new one, never half of one.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { releaseTemp, tempPathFor } from './temp-files.ts'

export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await (await writeStaged(file, data)).commit()
}

/** A file written beside its target, not yet in place. */
export interface StagedFile {
  /** Renames it over the target. */
  commit(): Promise<void>
  /** Removes it; the target stays as it was. */
  discard(): Promise<void>
}

/**
 * Writes `data` beside `file` now, and puts it in place only on `commit()`: the build
 * writes outputs while its check still runs and keeps them only if the check passes.
 */
export async function writeStaged(file: string, data: string | Uint8Array): Promise<StagedFile> {
  await mkdir(dirname(file), { recursive: true })
  // Dot-prefixed and unique, so watchers and globs can ignore it and parallel writers don't clash.
  const temp = tempPathFor(file)
  const discard = async () => {
    await rm(temp, { force: true })
    releaseTemp(temp)
  }
  try {
    await writeFile(temp, data)
  } catch (error) {
    await discard()
    throw error
  }
  return {
    async commit() {
      try {
        await rename(temp, file)
      } catch (error) {
        await rm(temp, { force: true })
        throw error
      } finally {
        releaseTemp(temp)
      }
    },
    discard,
  }
}
