/**
 * fio, run the way our disk benchmark works, for the accuracy check and the write-variant
 * experiment. One job per call; figures come from fio's JSON (bytes/s, so MB/s = / 1e6).
 */
import { runCommand } from '../../src/adapters/system/run-command.js'

/** What our `runDiskBench` does, in fio's words. */
export const FIO_LIKE_OURS = [
  '--ioengine=psync', // one pread/pwrite at a time, like Node's readSync/writeSync
  '--iodepth=1',
  '--numjobs=1',
  // fio preallocates by default; ours appends to a fresh file (as a model download does).
  '--fallocate=none',
] as const

/** The parts of fio's JSON job report that we read. */
export interface FioJob {
  readonly read: FioSide
  readonly write: FioSide
  readonly sync: { readonly total_ios: number }
}

interface FioSide {
  readonly bw_bytes: number
  readonly iops: number
  /** Milliseconds, end_fsync included for a write job. */
  readonly runtime: number
}

/** Runs one fio job on `file` and returns its report; throws with fio's first line on failure. */
export async function runFioJob(
  name: string,
  file: string,
  args: readonly string[],
): Promise<FioJob> {
  const r = await runCommand(
    'fio',
    [`--name=${name}`, `--filename=${file}`, '--output-format=json', ...args],
    { timeoutMs: 600_000 },
  )
  if (!r.ok) throw new Error(`fio ${name} failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`)
  const job = (JSON.parse(r.stdout) as { jobs: FioJob[] }).jobs[0]
  if (job == null) throw new Error(`fio ${name} printed no job`)
  return job
}

/**
 * Flushes every dirty page and journal commit, then waits a moment, so work left by the previous
 * tool (write-back, the journal commit and discard of a deleted file) is not timed by the next one.
 */
export async function settleDisk(pauseMs = 1000): Promise<void> {
  const r = await runCommand('sync', [], { timeoutMs: 120_000 })
  if (!r.ok) throw new Error(`sync failed: ${r.stderr.trim()}`)
  await new Promise((resolve) => setTimeout(resolve, pauseMs))
}
