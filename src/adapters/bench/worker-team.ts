import { Worker } from 'node:worker_threads'
import { HomelabError } from '../../core/errors.js'

/** What one worker reports after one round. */
export interface RoundReport {
  /** Wall-clock times (ms since the epoch, sub-ms precision) around the timed work. */
  readonly startMs: number
  readonly endMs: number
  /** Kernel-specific count (operations done); 0 when the kernel does not count. */
  readonly count: number
}

/** A group of worker threads that start each round together. */
export interface WorkerTeam {
  readonly size: number
  /** Runs `op` (a positive code the worker source understands) on every worker at once. */
  round(op: number, arg?: number): Promise<RoundReport[]>
  close(): Promise<void>
}

/** The benchmark was stopped (Ctrl-C or an abort signal). */
export class BenchAbortedError extends HomelabError {
  override readonly code: string = 'BENCH_ABORTED'
  override readonly exitCode: number = 130
  constructor() {
    super('benchmark stopped; temporary files were removed')
  }
}

/**
 * Worker code is a plain-JS string run with `eval: true`: the same source works from dist/ and
 * under vitest (which runs .ts sources that a worker thread could not load).
 * Protocol, over one shared Int32Array `control` (index 0: round number, 1: op, 2: arg):
 * - the worker prepares, posts `{ type: 'ready' }`, then waits on control[0];
 * - the main thread sets op and arg, bumps control[0] and wakes everyone at the same moment,
 *   which is the barrier that makes the multi-thread figures honest;
 * - op 0 tells the worker to exit.
 */
export async function startWorkerTeam(
  source: string,
  size: number,
  workerData: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<WorkerTeam> {
  const control = new Int32Array(new SharedArrayBuffer(16))
  const workers: Worker[] = []
  const pending = new Map<Worker, (message: unknown) => void>()
  let failure: Error | null = null
  const failAll = (error: Error) => {
    failure ??= error
    for (const resolve of pending.values()) resolve(error)
    pending.clear()
  }
  const next = (worker: Worker) =>
    new Promise<unknown>((resolve) => {
      if (failure != null) resolve(failure)
      else pending.set(worker, resolve)
    })
  const onAbort = () => failAll(new BenchAbortedError())
  signal?.addEventListener('abort', onAbort, { once: true })
  const close = async () => {
    signal?.removeEventListener('abort', onAbort)
    Atomics.store(control, 1, 0)
    Atomics.add(control, 0, 1)
    Atomics.notify(control, 0)
    await Promise.all(workers.map((w) => w.terminate()))
  }
  for (let i = 0; i < size; i++) {
    const worker = new Worker(source, {
      eval: true,
      workerData: { ...workerData, control: control.buffer, index: i },
    })
    worker.on('message', (message: unknown) => {
      const resolve = pending.get(worker)
      pending.delete(worker)
      resolve?.(message)
    })
    worker.on('error', (error) => failAll(error))
    worker.on('exit', (code) => {
      if (code !== 0) failAll(new HomelabError(`a benchmark worker stopped with code ${code}`))
    })
    workers.push(worker)
  }
  const check = (message: unknown): Record<string, unknown> => {
    if (message instanceof Error) throw message
    return message as Record<string, unknown>
  }
  try {
    if (signal?.aborted === true) throw new BenchAbortedError()
    ;(await Promise.all(workers.map(next))).forEach(check)
  } catch (error) {
    await close()
    throw error
  }
  return {
    size,
    async round(op, arg = 0) {
      if (signal?.aborted === true) throw new BenchAbortedError()
      const replies = workers.map(next)
      Atomics.store(control, 1, op)
      Atomics.store(control, 2, arg)
      Atomics.add(control, 0, 1)
      Atomics.notify(control, 0)
      return (await Promise.all(replies)).map(check).map((m) => ({
        startMs: Number(m.startMs),
        endMs: Number(m.endMs),
        count: Number(m.count ?? 0),
      }))
    },
    close,
  }
}

/** The wall time a round took across all workers, from the first start to the last end. */
export function roundSpanMs(reports: readonly RoundReport[]): number {
  const start = Math.min(...reports.map((r) => r.startMs))
  const end = Math.max(...reports.map((r) => r.endMs))
  return end - start
}
