/**
 * The Benchmarks page's arithmetic, kept apart from the components so it can be tested: series
 * per metric, chart geometry, and the words and numbers the page shows for a figure.
 */
import type { BenchMetric } from '../core/bench-compare.js'
import type { BenchRunItem } from '../server/api-types.js'
import { count } from './format.js'

/** One run's value of a metric. */
export interface SeriesPoint {
  readonly runId: number
  readonly runAt: string
  readonly value: number
}

/** A metric and its values over the runs that have it, oldest first. */
export interface MetricSeries {
  readonly metric: BenchMetric
  readonly points: readonly SeriesPoint[]
}

/** The sections the charts are grouped by, in page order; a metric's path starts with its id. */
export const CHART_GROUPS: readonly { readonly id: string; readonly title: string }[] = [
  { id: 'memory', title: 'Memory bandwidth' },
  { id: 'disk', title: 'Disk' },
  { id: 'cpu', title: 'CPU scores' },
  { id: 'llm', title: 'LLM inference on the CPU' },
  { id: 'gpu', title: 'GPU' },
]

/** The section a metric belongs to (`memory.copyGBps` → `memory`). */
export function groupOf(metric: BenchMetric): string {
  return metric.path.split('.')[0] ?? ''
}

/** Every metric that at least one run has, in `metrics` order, with its points oldest first. */
export function metricSeries(
  runsNewestFirst: readonly BenchRunItem[],
  metrics: readonly BenchMetric[],
): MetricSeries[] {
  const oldestFirst = [...runsNewestFirst].reverse()
  return metrics
    .map((metric) => ({
      metric,
      points: oldestFirst.flatMap((run) => {
        const value = run.figures[metric.path]
        return value == null ? [] : [{ runId: run.id, runAt: run.runAt, value }]
      }),
    }))
    .filter((s) => s.points.length > 0)
}

/** A figure with its unit and sensible precision: `15.2 GB/s`, `8,000 IOPS`, `0.42 GB/s`. */
export function figure(value: number, unit: string): string {
  return `${number(value)} ${unit}`
}

/** The number alone, with the same precision as `figure`. */
export function number(value: number): string {
  if (!Number.isFinite(value)) return 'unknown'
  const abs = Math.abs(value)
  if (abs >= 100) return count(value)
  if (abs >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

/** An axis label: as few decimals as the value needs (`0`, `12.5`, `0.25`, `2,000`). */
export function tickLabel(value: number): string {
  if (value >= 1000) return count(value)
  return String(Number(value.toPrecision(3)))
}

/** One sentence that says what a chart shows, for screen readers and as its caption. */
export function seriesSummary(series: MetricSeries): string {
  const { metric, points } = series
  const last = points[points.length - 1]
  if (last == null) return `${metric.label}: no run measured it.`
  const values = points.map((p) => p.value)
  const best = metric.higherIsBetter ? Math.max(...values) : Math.min(...values)
  const worst = metric.higherIsBetter ? Math.min(...values) : Math.max(...values)
  const direction = metric.higherIsBetter ? 'higher is better' : 'lower is better'
  if (points.length === 1)
    return `One run (#${last.runId}): ${figure(last.value, metric.unit)}; ${direction}.`
  const first = points[0]!
  const change = first.value === 0 ? null : last.value / first.value
  const changeText = change == null ? '' : `, ${ratioWords(change)} the first run`
  return `${points.length} runs: latest ${figure(last.value, metric.unit)} (run #${last.runId})${changeText}; best ${figure(best, metric.unit)}, worst ${figure(worst, metric.unit)}; ${direction}.`
}

/** The caption under a chart's title: the latest figure and how it moved since the first run. */
export function shortSummary(series: MetricSeries): string {
  const { metric, points } = series
  const first = points[0]
  const last = points[points.length - 1]
  if (first == null || last == null) return 'not measured'
  const latest = `Latest ${figure(last.value, metric.unit)} (run #${last.runId})`
  if (points.length === 1 || first.value === 0) return latest
  return `${latest}, ${ratioWords(last.value / first.value)} the first run`
}

/** A metric's label as a chart title: `Memory copy, all threads`. */
export function titleOf(metric: BenchMetric): string {
  return metric.label.charAt(0).toUpperCase() + metric.label.slice(1)
}

/** `1.5× of`, `0.8× of`, `the same as`: how two figures relate, in words. */
export function ratioWords(ratio: number): string {
  if (Math.abs(ratio - 1) < 0.005) return 'the same as'
  return `${ratio.toFixed(2)}×`
}

/** Where things sit inside a chart's drawing box. */
export interface ChartBox {
  readonly width: number
  readonly height: number
  readonly left: number
  readonly right: number
  readonly top: number
  readonly bottom: number
}

/** Points in SVG coordinates, and the value axis from 0 to a round top. */
export interface ChartGeometry {
  readonly points: readonly { readonly x: number; readonly y: number }[]
  readonly yMax: number
  /** Gridline values from 0 to `yMax`. */
  readonly ticks: readonly number[]
  /** `y` of a value. */
  readonly yOf: (value: number) => number
}

/**
 * Lays values out evenly left to right (runs are events, not a time series) against an axis that
 * starts at 0, so a line's height shows the figure's size, not just its wiggle.
 */
export function chartGeometry(values: readonly number[], box: ChartBox): ChartGeometry {
  const yMax = niceCeiling(Math.max(0, ...values))
  const innerW = box.width - box.left - box.right
  const innerH = box.height - box.top - box.bottom
  const yOf = (v: number) => box.top + innerH - (yMax === 0 ? 0 : (v / yMax) * innerH)
  const xOf = (i: number) =>
    values.length === 1 ? box.left + innerW / 2 : box.left + (i / (values.length - 1)) * innerW
  const points = values.map((v, i) => ({ x: round(xOf(i)), y: round(yOf(v)) }))
  const ticks = [0, yMax / 2, yMax]
  return { points, yMax, ticks, yOf: (v) => round(yOf(v)) }
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above `value` (1 for 0). */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value * (1 - 1e-9)) return step * power
  return 10 * power
}

function round(n: number): number {
  return Math.round(n * 10) / 10
}

/** How a measured figure compares with its reference, in words for the page. */
export function referenceText(
  measured: number,
  reference: number,
  kind: 'peak' | 'predicted',
): string {
  const ratio = measured / reference
  if (kind === 'peak') return `${Math.round(ratio * 100)}% of the peak`
  return `${ratioWords(ratio)} the prediction`
}
