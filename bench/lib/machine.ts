import { availableParallelism, cpus, loadavg, totalmem, type as osType, release } from 'node:os'

export interface MachineInfo {
  readonly nproc: number
  readonly cpu: string
  readonly memoryGiB: number
  readonly node: string
  readonly os: string
}

export function machineInfo(): MachineInfo {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${osType()} ${release()}`,
  }
}

/** 1-minute load average, rounded: other work on the machine skews every number. */
export function loadAverage(): string {
  return loadavg()[0]!.toFixed(2)
}
