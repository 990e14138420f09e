import { describe, expect, it } from 'vitest'
import { defaultWorkingSetBytes, runMemoryBench } from './memory-bench.js'
import { BenchAbortedError } from './worker-team.js'

const MiB = 1024 * 1024

describe('runMemoryBench', () => {
  it('measures copy, read and write with one and two threads on small buffers', async () => {
    const fractions: number[] = []
    const result = await runMemoryBench({
      threads: 2,
      workingSetBytes: 16 * MiB,
      repetitions: 2,
      lastLevelCacheBytes: 32 * MiB,
      load: { loadAverage1m: 0.1, logicalCpus: 2 },
      onProgress: (f) => fractions.push(f),
    })
    for (const value of [
      result.copyGBps,
      result.readGBps,
      result.writeGBps,
      result.singleThreadCopyGBps,
      result.singleThreadReadGBps,
      result.singleThreadWriteGBps,
    ]) {
      expect(value).toBeGreaterThan(0.1)
      expect(value).toBeLessThan(10_000)
    }
    expect(result.params).toMatchObject({ threads: 2, workingSetMiB: 16, repetitions: 2 })
    expect(result.warnings.join(' ')).toContain('under 8× the 32 MiB cache')
    expect(fractions.at(-1)).toBe(1)
  })

  it('stops with BenchAbortedError when the signal fires', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(
      runMemoryBench({ threads: 1, workingSetBytes: 16 * MiB, signal: controller.signal }),
    ).rejects.toBeInstanceOf(BenchAbortedError)
  })
})

describe('defaultWorkingSetBytes', () => {
  it.each([
    [32 * MiB, 256, 24 * 1024 * MiB, 256 * MiB],
    [256 * MiB, 256, 24 * 1024 * MiB, 2048 * MiB],
    [null, 512, 24 * 1024 * MiB, 512 * MiB],
    [32 * MiB, 256, 400 * MiB, 100 * MiB],
    [32 * MiB, 256, 8 * MiB, 16 * MiB],
  ])('cache %s, floor %s MiB, free %s → %s', (llc, floor, free, expected) => {
    expect(defaultWorkingSetBytes(llc, floor, free)).toBe(expected)
  })
})
