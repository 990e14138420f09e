import type { BenchComparison } from '../../core/bench-compare.js'
import type { BenchDocument, GpuBenchResult, LlmBenchResult } from '../../core/bench-types.js'

/** The run's id in the store, when it was saved. */
export interface SavedRunInfo {
  readonly id: number | null
}

/** Plain-text report of one run. */
export function formatBenchText(doc: BenchDocument, saved: SavedRunInfo): string {
  const lines: string[] = []
  const where = saved.id == null ? 'not saved' : `saved as run #${saved.id}`
  const snapshot = doc.snapshotId == null ? '' : `, machine snapshot #${doc.snapshotId}`
  lines.push(`Benchmark (${doc.level}, ${seconds(doc.durationMs)}; ${where}${snapshot})`)
  const m = doc.memory
  if (m != null) {
    lines.push(
      '',
      `Memory: ${m.params.threads} threads, ${m.params.workingSetMiB} MiB working set, best of ${m.params.repetitions}`,
    )
    lines.push(
      `  copy   ${fixed(m.copyGBps)} GB/s   (1 thread ${fixed(m.singleThreadCopyGBps)}; read + write traffic, as STREAM counts)`,
    )
    lines.push(`  read   ${fixed(m.readGBps)} GB/s   (1 thread ${fixed(m.singleThreadReadGBps)})`)
    lines.push(`  write  ${fixed(m.writeGBps)} GB/s   (1 thread ${fixed(m.singleThreadWriteGBps)})`)
    lines.push(...m.warnings.map((w) => `  note: ${w}`))
  }
  const d = doc.disk
  if (d != null) {
    const cache = d.params.directIo ? 'O_DIRECT' : 'page cache NOT bypassed'
    lines.push(
      '',
      `Disk: ${d.params.path} (${d.params.fileSystem ?? 'unknown fs'}, ${cache}, ${d.params.fileMiB} MiB file)`,
    )
    lines.push(
      `  sequential write  ${fixed(d.seqWriteMBps, 0)} MB/s (1 MiB blocks, fdatasync included)`,
    )
    lines.push(`  sequential read   ${fixed(d.seqReadMBps, 0)} MB/s`)
    lines.push(
      `  4 KiB random read ${fixed(d.randReadIops, 0)} IOPS (queue depth 1, ${fixed(d.randReadLatencyUs, 0)} µs each)`,
    )
    lines.push(...d.notes.map((n) => `  note: ${n}`))
  }
  const c = doc.cpu
  if (c != null) {
    lines.push(
      '',
      `CPU: scores in millions of ops per second, 1 thread / ${c.params.threads} threads`,
    )
    lines.push(
      `  integer  ${fixed(c.singleThreadIntegerScore, 0)} / ${fixed(c.multiThreadIntegerScore, 0)}`,
    )
    lines.push(
      `  float    ${fixed(c.singleThreadFloatScore, 0)} / ${fixed(c.multiThreadFloatScore, 0)}`,
    )
    lines.push(...c.warnings.map((w) => `  note: ${w}`))
  }
  if (doc.gpu != null) lines.push('', ...gpuLines(doc.gpu))
  if (doc.llm != null) lines.push('', ...llmLines('LLM (CPU)', doc.llm))
  for (const f of doc.failures) lines.push('', `${f.section}: not measured: ${f.message}`)
  return lines.join('\n')
}

function gpuLines(g: GpuBenchResult): string[] {
  const lines: string[] = []
  if (g.devices.length === 0 && g.llm == null) return [`GPU: ${g.reason ?? 'none'}`]
  lines.push(
    `GPU${g.backend == null ? '' : ` (llama.cpp ${g.backend})`}${g.reason == null ? '' : `: ${g.reason}`}`,
  )
  for (const d of g.devices) {
    const link = `PCIe gen ${d.pcieGenCurrent ?? '?'}/${d.pcieGenMax ?? '?'} x${d.pcieWidthCurrent ?? '?'}/${d.pcieWidthMax ?? '?'}`
    const mem =
      d.memoryTotalMiB == null ? '' : `, ${d.memoryUsedMiB ?? '?'} of ${d.memoryTotalMiB} MiB used`
    const clocks =
      d.graphicsClockMHz == null
        ? ''
        : `, ${d.graphicsClockMHz}/${d.maxGraphicsClockMHz ?? '?'} MHz`
    lines.push(`  ${d.name}: ${link} (current/max)${clocks}${mem}`)
  }
  if (g.hostToDeviceGBps != null) lines.push(`  host to device ≥ ${fixed(g.hostToDeviceGBps)} GB/s`)
  if (g.llm != null) lines.push(...llmLines('  all layers on the GPU', g.llm).map((l) => `  ${l}`))
  lines.push(...g.notes.map((n) => `  note: ${n}`))
  return lines
}

function llmLines(title: string, r: LlmBenchResult): string[] {
  const p = r.params
  return [
    `${title}: ${r.model} (${fixed(r.modelSizeMiB, 0)} MiB), ${p.threads} thread${p.threads === 1 ? '' : 's'}${p.gpu === false ? '' : `, ${p.gpu} with ${p.gpuLayers} layers`}`,
    ...(r.modelSource === 'tiny-generated'
      ? [
          '  used the tiny generated model (no --model given): pass --model FILE.gguf or ollama:NAME for real figures',
        ]
      : []),
    `  pp${p.promptTokens}  ${fixed(r.promptTokensPerSec)} tok/s (mean of ${p.promptRepetitions})`,
    `  tg${p.generatedTokens}  ${fixed(r.generationTokensPerSec)} tok/s (mean of ${p.generationRuns}; per token p50 ${fixed(r.tokenLatencyP50Ms)} ms, p90 ${fixed(r.tokenLatencyP90Ms)} ms)`,
    `  same tokens in every run at temperature 0: ${r.identicalTokensAcrossRuns ? 'yes' : 'NO'}`,
    ...r.warnings.map((w) => `  note: ${w}`),
  ]
}

/** A Markdown table of one run, for sharing. */
export function formatBenchMarkdown(doc: BenchDocument): string {
  const rows: [string, string][] = []
  const m = doc.memory
  if (m != null)
    rows.push(
      [
        'Memory copy (all threads / 1 thread)',
        `${fixed(m.copyGBps)} / ${fixed(m.singleThreadCopyGBps)} GB/s`,
      ],
      [
        'Memory read (all threads / 1 thread)',
        `${fixed(m.readGBps)} / ${fixed(m.singleThreadReadGBps)} GB/s`,
      ],
      [
        'Memory write (all threads / 1 thread)',
        `${fixed(m.writeGBps)} / ${fixed(m.singleThreadWriteGBps)} GB/s`,
      ],
    )
  const d = doc.disk
  if (d != null)
    rows.push(
      [
        'Disk sequential write / read',
        `${fixed(d.seqWriteMBps, 0)} / ${fixed(d.seqReadMBps, 0)} MB/s`,
      ],
      [
        'Disk 4 KiB random read (QD1)',
        `${fixed(d.randReadIops, 0)} IOPS${d.params.directIo ? '' : ' (page cache not bypassed)'}`,
      ],
    )
  const c = doc.cpu
  if (c != null)
    rows.push(
      [
        'CPU integer (1 / all threads)',
        `${fixed(c.singleThreadIntegerScore, 0)} / ${fixed(c.multiThreadIntegerScore, 0)} Mop/s`,
      ],
      [
        'CPU float (1 / all threads)',
        `${fixed(c.singleThreadFloatScore, 0)} / ${fixed(c.multiThreadFloatScore, 0)} Mop/s`,
      ],
    )
  if (doc.gpu != null)
    rows.push(['GPU', doc.gpu.reason ?? doc.gpu.devices.map((g) => g.name).join(', ')])
  if (doc.gpu?.llm != null)
    rows.push([
      `GPU LLM ${doc.gpu.llm.model}`,
      `pp ${fixed(doc.gpu.llm.promptTokensPerSec)}, tg ${fixed(doc.gpu.llm.generationTokensPerSec)} tok/s`,
    ])
  if (doc.llm != null)
    rows.push([
      `LLM ${doc.llm.model} (${doc.llm.params.threads} threads)`,
      `pp${doc.llm.params.promptTokens} ${fixed(doc.llm.promptTokensPerSec)}, tg${doc.llm.params.generatedTokens} ${fixed(doc.llm.generationTokensPerSec)} tok/s`,
    ])
  for (const f of doc.failures) rows.push([f.section, `not measured: ${f.message}`])
  const escape = (s: string) => s.replace(/\|/g, '\\|')
  return [
    `## homelab-ai bench (${doc.level}, ${doc.runAt.slice(0, 10)})`,
    '',
    '| Metric | Result |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${escape(k)} | ${escape(v)} |`),
  ].join('\n')
}

/** `bench compare A B` as text: one line per metric with the B / A ratio. */
export function formatBenchComparison(a: number, b: number, comparison: BenchComparison): string {
  const lines = [`Run #${b} against run #${a} (ratio = #${b} / #${a})`]
  const width = Math.max(...comparison.metrics.map((m) => m.label.length), 10)
  for (const m of comparison.metrics) {
    const ratio = m.ratio == null ? '  —  ' : `${m.ratio.toFixed(2)}×`
    const verdict =
      m.improved == null
        ? ''
        : Math.abs((m.ratio ?? 1) - 1) < 0.03
          ? ' (same)'
          : m.improved
            ? ' (better)'
            : ' (worse)'
    lines.push(
      `  ${m.label.padEnd(width)}  ${value(m.a)} → ${value(m.b)} ${m.unit}  ${ratio}${verdict}`,
    )
  }
  if (comparison.metrics.length === 0) lines.push('  no figure appears in both runs')
  for (const c of comparison.caveats) lines.push(`  note: ${c}`)
  return lines.join('\n')
}

function value(v: number | null): string {
  return v == null ? '—' : fixed(v, v >= 100 ? 0 : 1)
}

function fixed(v: number, digits = 1): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '—'
}

function seconds(ms: number): string {
  return ms >= 60_000
    ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
    : `${Math.round(ms / 1000)} s`
}
