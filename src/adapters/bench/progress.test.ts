import { describe, expect, it } from 'vitest'
import { createProgressReporter, progressLine } from './progress.js'

const event = (step: string, fraction: number, etaSec: number | null, stepIndex = 1) => ({
  step,
  stepIndex,
  stepCount: 3,
  fraction,
  etaSec,
})

describe('createProgressReporter', () => {
  it('prints one plain line per step when not on a terminal', () => {
    const lines: string[] = []
    const reporter = createProgressReporter({ write: (t) => lines.push(t), isTty: false })
    reporter.update(event('memory bandwidth', 0, 75))
    reporter.update(event('memory bandwidth', 0.5, 40))
    reporter.update(event('disk on /data', 0.6, null, 2))
    reporter.done()
    expect(lines).toEqual(['[1/3] memory bandwidth (about 1m15s left)\n', '[2/3] disk on /data\n'])
  })

  it('redraws one line on a terminal and clears it at the end', () => {
    const writes: string[] = []
    let t = 0
    const reporter = createProgressReporter(
      { write: (s) => writes.push(s), isTty: true, columns: 120 },
      () => t,
    )
    reporter.update(event('memory bandwidth', 0.1, 30))
    t = 10
    reporter.update(event('memory bandwidth', 0.2, 28))
    t = 500
    reporter.update(event('memory bandwidth', 0.3, 25))
    reporter.done()
    expect(writes).toEqual([
      '\r\x1b[2K[##------------------]  10% 1/3 memory bandwidth · ETA 30s',
      '\r\x1b[2K[######--------------]  30% 1/3 memory bandwidth · ETA 25s',
      '\r\x1b[2K',
    ])
  })
})

describe('progressLine', () => {
  it('fits a narrow terminal', () => {
    expect(
      progressLine(event('LLM inference (a very long model name here)', 1, 0), 40),
    ).toHaveLength(39)
  })
})
