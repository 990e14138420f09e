import type { CpuBenchResult, LoadSnapshot } from '../../core/bench-types.js'
import { roundSignificant } from '../../core/bench-stats.js'
import { CPU_WORKER_SOURCE } from './cpu-worker.js'
import { readLoad } from './machine-load.js'
import { roundSpanMs, startWorkerTeam, type WorkerTeam } from './worker-team.js'

/** How the CPU benchmark runs; every field has a real default. */
export interface CpuBenchOptions {
  /** Threads for the multi-thread scores (default: every logical CPU). */
  readonly threads?: number
  /** How long each of the four tests runs. */
  readonly durationMsPerTest?: number
  readonly signal?: AbortSignal
  readonly onProgress?: (fraction: number) => void
  readonly load?: LoadSnapshot
}

const OP_INTEGER = 1
const OP_FLOAT = 2

/** Integer and float throughput with one thread and with all threads, in millions of ops per second. */
export async function runCpuBench(opts: CpuBenchOptions = {}): Promise<CpuBenchResult> {
  const load = opts.load ?? readLoad()
  const threads = Math.max(1, Math.floor(opts.threads ?? load.logicalCpus))
  const durationMs = Math.max(50, Math.floor(opts.durationMsPerTest ?? 1000))
  const warnings: string[] = []
  if (load.loadAverage1m != null && load.loadAverage1m >= 0.5)
    warnings.push(
      `load average was ${load.loadAverage1m.toFixed(2)} on ${load.logicalCpus} CPUs: the multi-thread scores share the cores with that work`,
    )
  let done = 0
  const tick = () => opts.onProgress?.(++done / 4)
  const single = await scores(1, durationMs, tick, opts.signal)
  const multi = await scores(threads, durationMs, tick, opts.signal)
  return {
    singleThreadIntegerScore: roundSignificant(single.integer),
    singleThreadFloatScore: roundSignificant(single.float),
    multiThreadIntegerScore: roundSignificant(multi.integer),
    multiThreadFloatScore: roundSignificant(multi.float),
    params: {
      threads,
      durationMsPerTest: durationMs,
      integerKernel:
        'xorshift32 + 32-bit multiply-add, 4 ops per iteration (JIT-compiled JavaScript)',
      floatKernel:
        '4 independent double multiply-add chains, 8 ops per iteration (JIT-compiled JavaScript)',
    },
    load,
    warnings,
  }
}

async function scores(
  threads: number,
  durationMs: number,
  tick: () => void,
  signal?: AbortSignal,
): Promise<{ integer: number; float: number }> {
  const team = await startWorkerTeam(CPU_WORKER_SOURCE, threads, {}, signal)
  try {
    const integer = await score(team, OP_INTEGER, durationMs)
    tick()
    const float = await score(team, OP_FLOAT, durationMs)
    tick()
    return { integer, float }
  } finally {
    await team.close()
  }
}

async function score(team: WorkerTeam, op: number, durationMs: number): Promise<number> {
  const reports = await team.round(op, durationMs)
  const ops = reports.reduce((sum, r) => sum + r.count, 0)
  // ops per ms / 1000 = millions of ops per second.
  return ops / roundSpanMs(reports) / 1000
}
