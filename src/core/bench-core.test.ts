import { describe, expect, it } from 'vitest'
import { compareBenchRuns } from './bench-compare.js'
import { BENCH_LEVELS, estimateSectionSec, remainingSec } from './bench-levels.js'
import { mean, percentile, roundSignificant } from './bench-stats.js'
import { chooseThreadCount } from './bench-threads.js'
import { sampleBenchDocument, sampleLlmResult } from './test-bench.js'

describe('compareBenchRuns', () => {
  it('gives B / A per metric, the better direction, and caveats', () => {
    const a = sampleBenchDocument()
    const b = sampleBenchDocument({
      level: 'full',
      llm: sampleLlmResult({
        model: 'other.gguf',
        generationTokensPerSec: 12,
        tokenLatencyP90Ms: 96,
      }),
    })
    const { metrics, caveats } = compareBenchRuns(a, b)
    const byPath = Object.fromEntries(metrics.map((m) => [m.path, m]))
    expect(byPath['llm.generationTokensPerSec']).toMatchObject({
      a: 24,
      b: 12,
      ratio: 0.5,
      improved: false,
    })
    expect(byPath['llm.tokenLatencyP90Ms']).toMatchObject({ ratio: 2, improved: false })
    expect(byPath['memory.copyGBps']).toMatchObject({ ratio: 1, improved: false })
    expect(byPath['gpu.hostToDeviceGBps']).toBeUndefined()
    expect(caveats).toEqual([
      'levels differ (quick vs full)',
      'LLM models differ (qwen2.5-0.5b-instruct-q4_k_m.gguf vs other.gguf)',
    ])
  })

  it('keeps a metric only one run has, with no ratio', () => {
    const { metrics } = compareBenchRuns(
      sampleBenchDocument({ disk: undefined }),
      sampleBenchDocument(),
    )
    expect(metrics.find((m) => m.path === 'disk.seqReadMBps')).toMatchObject({
      a: null,
      b: 1500,
      ratio: null,
      improved: null,
    })
  })
})

describe('chooseThreadCount', () => {
  it.each([
    [{ physicalCores: 8, loadAverage1m: 0.1 }, 8, null],
    [
      { physicalCores: 8, loadAverage1m: 2.2 },
      6,
      'the machine is busy (load average 2.20 on 8 cores)',
    ],
    [{ physicalCores: 2, loadAverage1m: 3.4 }, 1, 'using 1 of 2 cores'],
    [{ physicalCores: 4, loadAverage1m: null }, 4, null],
    [
      { physicalCores: 2, loadAverage1m: 1.5, requested: 2 },
      2,
      '2 threads on 2 physical cores with load 1.50',
    ],
  ])('%j → %i threads', (inputs, threads, warning) => {
    const choice = chooseThreadCount(inputs)
    expect(choice.threads).toBe(threads)
    if (warning == null) expect(choice.warning).toBeNull()
    else expect(choice.warning).toContain(warning)
  })
})

describe('bench statistics', () => {
  it('computes mean, interpolated percentiles and significant rounding', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5)
    expect(percentile([10, 20, 30, 40, 50], 50)).toBe(30)
    expect(percentile([10, 20, 30, 40], 90)).toBeCloseTo(37)
    expect(Number.isNaN(percentile([], 50))).toBe(true)
    expect(roundSignificant(12.34567)).toBe(12.35)
    expect(roundSignificant(123456)).toBe(123500)
  })
})

describe('bench levels', () => {
  it('keeps llama-bench sizes at every level and estimates more time for fuller levels', () => {
    for (const level of ['quick', 'standard', 'full'] as const)
      expect(BENCH_LEVELS[level].llm).toMatchObject({ promptTokens: 512, generatedTokens: 128 })
    expect(estimateSectionSec('disk', BENCH_LEVELS.full)).toBeGreaterThan(
      estimateSectionSec('disk', BENCH_LEVELS.quick),
    )
  })

  it('extrapolates the running section from its progress', () => {
    expect(remainingSec(10, 2, 0, [5, 5])).toBe(18)
    expect(remainingSec(10, 4, 0.5, [5])).toBe(9)
  })
})
