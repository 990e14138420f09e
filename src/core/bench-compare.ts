import type { BenchDocument } from './bench-types.js'

/** One figure of a benchmark run, how to read it, and which way is better. */
export interface BenchMetric {
  /** Dotted path in the document, e.g. `memory.copyGBps`. */
  readonly path: string
  readonly label: string
  readonly unit: string
  readonly higherIsBetter: boolean
}

/** The figures `bench compare` shows, in document order. */
export const BENCH_METRICS: readonly BenchMetric[] = [
  {
    path: 'memory.copyGBps',
    label: 'memory copy, all threads',
    unit: 'GB/s',
    higherIsBetter: true,
  },
  {
    path: 'memory.readGBps',
    label: 'memory read, all threads',
    unit: 'GB/s',
    higherIsBetter: true,
  },
  {
    path: 'memory.writeGBps',
    label: 'memory write, all threads',
    unit: 'GB/s',
    higherIsBetter: true,
  },
  {
    path: 'memory.singleThreadCopyGBps',
    label: 'memory copy, 1 thread',
    unit: 'GB/s',
    higherIsBetter: true,
  },
  {
    path: 'memory.singleThreadReadGBps',
    label: 'memory read, 1 thread',
    unit: 'GB/s',
    higherIsBetter: true,
  },
  {
    path: 'memory.singleThreadWriteGBps',
    label: 'memory write, 1 thread',
    unit: 'GB/s',
    higherIsBetter: true,
  },
  { path: 'disk.seqWriteMBps', label: 'disk sequential write', unit: 'MB/s', higherIsBetter: true },
  { path: 'disk.seqReadMBps', label: 'disk sequential read', unit: 'MB/s', higherIsBetter: true },
  {
    path: 'disk.randReadIops',
    label: 'disk 4 KiB random read',
    unit: 'IOPS',
    higherIsBetter: true,
  },
  {
    path: 'cpu.singleThreadIntegerScore',
    label: 'CPU integer, 1 thread',
    unit: 'Mop/s',
    higherIsBetter: true,
  },
  {
    path: 'cpu.singleThreadFloatScore',
    label: 'CPU float, 1 thread',
    unit: 'Mop/s',
    higherIsBetter: true,
  },
  {
    path: 'cpu.multiThreadIntegerScore',
    label: 'CPU integer, all threads',
    unit: 'Mop/s',
    higherIsBetter: true,
  },
  {
    path: 'cpu.multiThreadFloatScore',
    label: 'CPU float, all threads',
    unit: 'Mop/s',
    higherIsBetter: true,
  },
  {
    path: 'gpu.hostToDeviceGBps',
    label: 'GPU upload (host to device)',
    unit: 'GB/s',
    higherIsBetter: true,
  },
  {
    path: 'gpu.llm.promptTokensPerSec',
    label: 'GPU LLM prompt (pp)',
    unit: 'tok/s',
    higherIsBetter: true,
  },
  {
    path: 'gpu.llm.generationTokensPerSec',
    label: 'GPU LLM generation (tg)',
    unit: 'tok/s',
    higherIsBetter: true,
  },
  { path: 'llm.promptTokensPerSec', label: 'LLM prompt (pp)', unit: 'tok/s', higherIsBetter: true },
  {
    path: 'llm.generationTokensPerSec',
    label: 'LLM generation (tg)',
    unit: 'tok/s',
    higherIsBetter: true,
  },
  {
    path: 'llm.tokenLatencyP90Ms',
    label: 'LLM token latency p90',
    unit: 'ms',
    higherIsBetter: false,
  },
]

/** One metric in two runs; `ratio` is B / A (null when either run lacks the figure). */
export interface MetricComparison extends BenchMetric {
  readonly a: number | null
  readonly b: number | null
  readonly ratio: number | null
  /** True when B is better than A by the metric's own direction (null without a ratio). */
  readonly improved: boolean | null
}

/** What `bench compare A B` reports: each metric both runs have, plus what makes them hard to compare. */
export interface BenchComparison {
  readonly metrics: readonly MetricComparison[]
  /** Parameter differences that make a ratio mean less (other model, other folder, other level). */
  readonly caveats: readonly string[]
}

/** Compares run B against run A metric by metric (ratio = B / A). */
export function compareBenchRuns(a: BenchDocument, b: BenchDocument): BenchComparison {
  const metrics = BENCH_METRICS.map((metric): MetricComparison => {
    const va = numberAt(a, metric.path)
    const vb = numberAt(b, metric.path)
    const ratio = va == null || vb == null || va === 0 ? null : vb / va
    const improved = ratio == null ? null : metric.higherIsBetter ? ratio > 1 : ratio < 1
    return { ...metric, a: va, b: vb, ratio, improved }
  }).filter((m) => m.a != null || m.b != null)
  return { metrics, caveats: caveats(a, b) }
}

function caveats(a: BenchDocument, b: BenchDocument): string[] {
  const out: string[] = []
  if (a.level !== b.level) out.push(`levels differ (${a.level} vs ${b.level})`)
  if (a.llm != null && b.llm != null && a.llm.model !== b.llm.model)
    out.push(`LLM models differ (${a.llm.model} vs ${b.llm.model})`)
  if (a.llm != null && b.llm != null && a.llm.params.threads !== b.llm.params.threads)
    out.push(`LLM threads differ (${a.llm.params.threads} vs ${b.llm.params.threads})`)
  if (a.disk != null && b.disk != null && a.disk.params.path !== b.disk.params.path)
    out.push(`disk folders differ (${a.disk.params.path} vs ${b.disk.params.path})`)
  if (a.disk != null && b.disk != null && a.disk.params.directIo !== b.disk.params.directIo)
    out.push('one disk run bypassed the page cache and the other did not')
  if (a.memory != null && b.memory != null && a.memory.params.threads !== b.memory.params.threads)
    out.push(`memory threads differ (${a.memory.params.threads} vs ${b.memory.params.threads})`)
  return out
}

/** Reads a finite number at a dotted path, or null. */
function numberAt(doc: BenchDocument, path: string): number | null {
  let value: unknown = doc
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value == null) return null
    value = (value as Record<string, unknown>)[key]
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}
