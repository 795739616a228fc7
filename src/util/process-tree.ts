/**
 * The processes this one started, and theirs: browsers that marp-cli and puppeteer
 * launched. On Ctrl-C they must stop before their profile folders are removed, or they
 * keep writing into them. Read from /proc (Linux); elsewhere there is nothing to list and
 * the browsers end with their pipe to this process.
 */
import { readFileSync, readdirSync } from 'node:fs'

function parentOf(pid: string): number | undefined {
  try {
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/** Every process id, from /proc; none where there is no /proc. */
function allPids(): string[] {
  try {
    return readdirSync('/proc').filter((e) => /^\d+$/.test(e))
  } catch {
    return []
  }
}

function killAllSync(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
}

export function descendantPids(root: number = process.pid): number[] {
  const children = new Map<number, number[]>()
  for (const pid of allPids()) {
    const parent = parentOf(pid)
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(pid)])
  }
  const found: number[] = []
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child)
      visit(child)
    }
  }
  visit(root)
  return found
}

/** SIGKILLs every descendant, synchronously (for signal handlers). */
export function killDescendantsSync(): void {
  killAllSync(descendantPids())
}

/** Processes whose command line names `path` (a run folder: its browsers' profiles). */
export function pidsUsing(path: string): number[] {
  return allPids()
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path)
      } catch {
        return false // gone, or not ours to read
      }
    })
    .map(Number)
}

/**
 * SIGKILLs processes whose command line names `path`: browsers of a run that was killed
 * with SIGKILL keep running (their parent could not stop them) with their profile there.
 */
export function killProcessesUsingSync(path: string): void {
  killAllSync(pidsUsing(path))
}
