import { expect, it } from 'vitest'
import { runCpuBench } from './cpu-bench.js'

it('scores integer and float work with one and two threads', async () => {
  const result = await runCpuBench({
    threads: 2,
    durationMsPerTest: 60,
    load: { loadAverage1m: 3, logicalCpus: 2 },
  })
  expect(result.singleThreadIntegerScore).toBeGreaterThan(1)
  expect(result.singleThreadFloatScore).toBeGreaterThan(1)
  expect(result.multiThreadIntegerScore).toBeGreaterThan(1)
  expect(result.multiThreadFloatScore).toBeGreaterThan(1)
  expect(result.params).toMatchObject({ threads: 2, durationMsPerTest: 60 })
  expect(result.warnings[0]).toContain('load average was 3.00')
})
