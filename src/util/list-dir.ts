import { readdir } from 'node:fs/promises'

/**
 * Entry names of `dir`, or none when it does not exist yet (a fresh project has no
 * assets/diagrams, no dist). Other errors (permissions) still throw.
 */
export async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}
