import { describe, expect, it } from 'vitest'
import { BENCH_METRICS } from '../core/bench-compare.js'
import type { BenchRunItem } from '../server/api-types.js'
import {
  chartGeometry,
  figure,
  metricSeries,
  niceCeiling,
  referenceText,
  seriesSummary,
  shortSummary,
  tickLabel,
  titleOf,
} from './bench-view.js'

const run = (id: number, figures: Record<string, number>): BenchRunItem => ({
  id,
  runAt: `2026-11-0${id}T10:00:00.000Z`,
  kind: 'all',
  level: 'quick',
  sections: ['memory', 'disk', 'cpu', 'gpu', 'llm'],
  figures,
  llmModel: null,
  failures: 0,
})

describe('metricSeries', () => {
  it('keeps the metrics some run has, points oldest first', () => {
    const series = metricSeries(
      [
        run(3, { 'memory.copyGBps': 30 }),
        run(2, {}),
        run(1, { 'memory.copyGBps': 20, 'disk.seqReadMBps': 900 }),
      ],
      BENCH_METRICS,
    )
    expect(series.map((s) => [s.metric.path, s.points.map((p) => [p.runId, p.value])])).toEqual([
      [
        'memory.copyGBps',
        [
          [1, 20],
          [3, 30],
        ],
      ],
      ['disk.seqReadMBps', [[1, 900]]],
    ])
  })
})

describe('seriesSummary', () => {
  const metric = (path: string) => BENCH_METRICS.find((m) => m.path === path)!
  it('names the latest, the change, the best and the direction', () => {
    expect(
      seriesSummary({
        metric: metric('memory.copyGBps'),
        points: [
          { runId: 1, runAt: '', value: 20 },
          { runId: 4, runAt: '', value: 30 },
        ],
      }),
    ).toBe(
      '2 runs: latest 30.0 GB/s (run #4), 1.50× the first run; best 30.0 GB/s, worst 20.0 GB/s; higher is better.',
    )
    expect(
      seriesSummary({
        metric: metric('llm.tokenLatencyP90Ms'),
        points: [{ runId: 2, runAt: '', value: 48 }],
      }),
    ).toBe('One run (#2): 48.0 ms; lower is better.')
  })
})

describe('chart geometry', () => {
  it.each([
    [0, 1],
    [0.42, 0.5],
    [15, 20],
    [20, 20],
    [21, 25],
    [8000, 10000],
    [1234, 2000],
  ])('rounds %d up to %d', (value, top) => {
    expect(niceCeiling(value)).toBe(top)
  })

  it('spreads points evenly and puts 0 on the bottom edge', () => {
    const box = { width: 300, height: 100, left: 40, right: 10, top: 10, bottom: 20 }
    const g = chartGeometry([10, 20, 5], box)
    expect(g.yMax).toBe(20)
    expect(g.points).toEqual([
      { x: 40, y: 45 },
      { x: 165, y: 10 },
      { x: 290, y: 62.5 },
    ])
    expect(g.yOf(0)).toBe(80)
    // One run sits in the middle; 7 on an axis up to 10.
    expect(chartGeometry([7], box).points).toEqual([{ x: 165, y: 31 }])
  })
})

describe('figures in words', () => {
  it('rounds by size and relates measured to the reference', () => {
    expect(figure(8000, 'IOPS')).toBe('8,000 IOPS')
    expect(figure(15.25, 'GB/s')).toBe('15.3 GB/s')
    expect(figure(0.417, 'GB/s')).toBe('0.42 GB/s')
    expect([0, 12.5, 0.25, 25, 2000, 5000].map(tickLabel)).toEqual([
      '0',
      '12.5',
      '0.25',
      '25',
      '2,000',
      '5,000',
    ])
    expect(referenceText(15, 51.2, 'peak')).toBe('29% of the peak')
    expect(referenceText(30, 24, 'predicted')).toBe('1.25× the prediction')
  })
})

describe('chart captions', () => {
  const metric = BENCH_METRICS.find((m) => m.path === 'disk.randReadIops')!
  it('gives the latest figure and the change since the first run', () => {
    const points = [
      { runId: 1, runAt: '', value: 8000 },
      { runId: 2, runAt: '', value: 8000 },
    ]
    expect(shortSummary({ metric, points })).toBe(
      'Latest 8,000 IOPS (run #2), the same as the first run',
    )
    expect(shortSummary({ metric, points: points.slice(0, 1) })).toBe('Latest 8,000 IOPS (run #1)')
    expect(titleOf(metric)).toBe('Disk 4 KiB random read')
  })
})
