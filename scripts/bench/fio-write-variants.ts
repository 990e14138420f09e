/**
 * Where does a sequential-write figure come from? Runs our disk benchmark's write and fio's with
 * one parameter changed at a time, interleaved over several rounds (disk settled before each), and
 * prints the median MB/s and the spread of each, so docs/benchmarks.md can say which parameters
 * move the figure and which do not.
 * Run: `npx tsx scripts/bench/fio-write-variants.ts [--path DIR] [--rounds N]` (needs fio).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runDiskBench } from '../../src/adapters/bench/disk-bench.js'
import { readLoad } from '../../src/adapters/bench/machine-load.js'
import { percentile } from '../../src/core/bench-stats.js'
import { FIO_LIKE_OURS, runFioJob, settleDisk } from './run-fio.js'

const MiB = 1024 * 1024
const FILE_MIB = 512

/** One way to write the file; each returns MB/s (1e6 bytes/s). */
const VARIANTS: readonly {
  readonly name: string
  readonly run: (dir: string) => Promise<number>
}[] = [
  { name: 'ours (runDiskBench: O_DIRECT, 1 MiB, fdatasync timed)', run: ours },
  { name: 'fio as ours (direct, psync QD1, 1 MiB, end_fsync=1)', run: fio([]) },
  { name: 'fio without the closing fsync', run: fio(['--end_fsync=0']) },
  {
    name: 'fio fdatasync=512 (issues none: job ends first)',
    run: fio(['--end_fsync=0', '--fdatasync=512']),
  },
  { name: 'fio preallocated (fallocate=posix)', run: fio(['--fallocate=posix']) },
  { name: 'fio through the page cache (direct=0)', run: fio(['--direct=0']) },
  { name: 'fio 4 MiB blocks', run: fio(['--bs=4M']) },
  { name: 'fio libaio, 4 in flight', run: fio(['--ioengine=libaio', '--iodepth=4']) },
]

async function ours(dir: string): Promise<number> {
  const r = await runDiskBench({ dir, fileBytes: FILE_MIB * MiB, randDurationMs: 1 })
  return r.seqWriteMBps
}

function fio(extra: readonly string[]): (dir: string) => Promise<number> {
  return async (dir) => {
    const work = mkdtempSync(path.join(dir, '.homelab-ai-fio-'))
    try {
      // Later flags win in fio, so `extra` overrides the matching defaults.
      const job = await runFioJob('seqwrite', path.join(work, 'fio.dat'), [
        ...FIO_LIKE_OURS,
        `--size=${FILE_MIB}M`,
        '--direct=1',
        '--rw=write',
        '--bs=1M',
        '--end_fsync=1',
        ...extra,
      ])
      return job.write.bw_bytes / 1e6
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2)
  const at = args.indexOf('--path')
  const dir = path.resolve(at === -1 ? os.tmpdir() : (args[at + 1] ?? os.tmpdir()))
  const roundsAt = args.indexOf('--rounds')
  const rounds = roundsAt === -1 ? 5 : Number(args[roundsAt + 1])
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error('fio-write-variants: --rounds takes a whole number of at least 1')
    return 2
  }
  console.log(
    `${FILE_MIB} MiB written in ${dir}, ${rounds} rounds; load ${readLoad().loadAverage1m ?? '?'}`,
  )
  const samples = VARIANTS.map(() => [] as number[])
  for (let round = 0; round < rounds; round++) {
    // Each round in a rotated order, so no variant always follows the same one.
    for (let k = 0; k < VARIANTS.length; k++) {
      const i = (k + round) % VARIANTS.length
      const variant = VARIANTS[i]
      if (variant == null) continue
      await settleDisk()
      samples[i]?.push(await variant.run(dir))
    }
    console.log(`round ${round + 1}/${rounds} done, load ${readLoad().loadAverage1m ?? '?'}`)
  }
  console.log('')
  console.log('variant'.padEnd(58) + 'median MB/s'.padStart(12) + '   min–max')
  for (const [i, v] of VARIANTS.entries()) {
    const s = samples[i] ?? []
    console.log(
      `${v.name.padEnd(58)}${percentile(s, 50).toFixed(0).padStart(12)}   ${Math.min(...s).toFixed(0)}–${Math.max(...s).toFixed(0)}`,
    )
  }
  return 0
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(`fio-write-variants: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  },
)
