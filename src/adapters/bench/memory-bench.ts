import os from 'node:os'
import type { LoadSnapshot, MemoryBenchResult } from '../../core/bench-types.js'
import { roundSignificant } from '../../core/bench-stats.js'
import { readLastLevelCacheBytes, readLoad } from './machine-load.js'
import { MEMORY_WORKER_SOURCE } from './memory-worker.js'
import { roundSpanMs, startWorkerTeam, type WorkerTeam } from './worker-team.js'

/** How the memory benchmark runs; every field has a real default. */
export interface MemoryBenchOptions {
  /** Threads for the all-core figures (default: logical CPUs, since bandwidth needs every core). */
  readonly threads?: number
  /** Bytes one copy pass touches (both buffers, all threads); default: see `defaultWorkingSetBytes`. */
  readonly workingSetBytes?: number
  /** Each figure is the best of this many rounds. */
  readonly repetitions?: number
  readonly signal?: AbortSignal
  /** Called with the share done, 0 to 1. */
  readonly onProgress?: (fraction: number) => void
  readonly lastLevelCacheBytes?: number | null
  readonly load?: LoadSnapshot
}

const MiB = 1024 * 1024
const OP_COPY = 1
const OP_WRITE = 2
const OP_READ = 3

/**
 * At least 8× the last-level cache (so caches hold under 1/8 of it) and at least `floorMiB`,
 * but at most a quarter of free RAM, so the benchmark never pushes the machine into swap.
 */
export function defaultWorkingSetBytes(
  lastLevelCacheBytes: number | null,
  floorMiB: number,
  freeBytes = os.freemem(),
): number {
  const wanted = Math.max(8 * (lastLevelCacheBytes ?? 0), floorMiB * MiB)
  return Math.max(16 * MiB, Math.min(wanted, Math.floor(freeBytes / 4)))
}

/** Measures copy, read and write bandwidth with one thread, then with all threads. */
export async function runMemoryBench(opts: MemoryBenchOptions = {}): Promise<MemoryBenchResult> {
  const load = opts.load ?? readLoad()
  const threads = Math.max(1, Math.floor(opts.threads ?? load.logicalCpus))
  const llc =
    opts.lastLevelCacheBytes === undefined ? readLastLevelCacheBytes() : opts.lastLevelCacheBytes
  const workingSet = opts.workingSetBytes ?? defaultWorkingSetBytes(llc, 256)
  const repetitions = Math.max(1, Math.floor(opts.repetitions ?? 10))
  const warnings: string[] = []
  if (load.loadAverage1m != null && load.loadAverage1m >= 0.5)
    warnings.push(
      `load average was ${load.loadAverage1m.toFixed(2)} on ${load.logicalCpus} CPUs: other work shares the memory bus, so figures read low (multi-thread ones most)`,
    )
  if (llc == null)
    warnings.push('the last-level cache size is unknown here; the working set is at least 256 MiB')
  else if (workingSet < 8 * llc)
    warnings.push(
      `the working set (${Math.round(workingSet / MiB)} MiB) is under 8× the ${Math.round(llc / MiB)} MiB cache: figures include cache speed`,
    )
  let done = 0
  const totalRounds = 2 * 3 * repetitions
  const tick = () => opts.onProgress?.(++done / totalRounds)

  const single = await measure(1, workingSet, repetitions, tick, opts.signal)
  const multi =
    threads === 1 ? single : await measure(threads, workingSet, repetitions, tick, opts.signal)
  if (threads > 1 && multi.copy < single.copy)
    warnings.push(
      'all threads copied slower than one: cores were contended (another program, or a small VM); the all-thread figures are not the memory limit',
    )
  return {
    copyGBps: roundSignificant(multi.copy),
    readGBps: roundSignificant(multi.read),
    writeGBps: roundSignificant(multi.write),
    singleThreadCopyGBps: roundSignificant(single.copy),
    singleThreadReadGBps: roundSignificant(single.read),
    singleThreadWriteGBps: roundSignificant(single.write),
    params: {
      threads,
      workingSetMiB: roundSignificant(workingSet / MiB),
      lastLevelCacheMiB: llc == null ? null : roundSignificant(llc / MiB),
      repetitions,
      copyMethod:
        'TypedArray.prototype.set (one memmove per thread); counted as read + write traffic (2 bytes per byte copied), as STREAM does',
      readMethod:
        'Buffer.indexOf of an absent byte: one SIMD memchr over the buffer per thread, reads only',
      writeMethod: 'TypedArray.prototype.fill (one memset per thread)',
    },
    load,
    warnings,
  }
}

interface Figures {
  copy: number
  read: number
  write: number
}

async function measure(
  threads: number,
  workingSet: number,
  repetitions: number,
  tick: () => void,
  signal?: AbortSignal,
): Promise<Figures> {
  // Two buffers per thread; page-aligned sizes keep every thread's share equal.
  const perBuffer = Math.max(4096, Math.floor(workingSet / 2 / threads / 4096) * 4096)
  const team = await startWorkerTeam(MEMORY_WORKER_SOURCE, threads, { bytes: perBuffer }, signal)
  try {
    const total = perBuffer * threads
    return {
      copy: await best(team, OP_COPY, 2 * total, repetitions, tick),
      read: await best(team, OP_READ, total, repetitions, tick),
      write: await best(team, OP_WRITE, total, repetitions, tick),
    }
  } finally {
    await team.close()
  }
}

/** GB/s of the fastest round: the one least disturbed by other work. */
async function best(
  team: WorkerTeam,
  op: number,
  bytesPerRound: number,
  repetitions: number,
  tick: () => void,
): Promise<number> {
  let fastest = 0
  for (let rep = 0; rep < repetitions; rep++) {
    const spanMs = roundSpanMs(await team.round(op))
    if (spanMs > 0) fastest = Math.max(fastest, bytesPerRound / spanMs / 1e6)
    tick()
  }
  return fastest
}
