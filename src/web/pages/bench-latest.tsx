/**
 * The newest benchmark run in detail (`bench --json` of that run): each section's figures, the
 * parameters it ran with, the load it saw, its warnings, and the sections that could not run.
 */
import type { ReactNode } from 'react'
import { callApi } from '../api.js'
import type { BenchRunItem, BenchRunResponse } from '../../server/api-types.js'
import type { LlmBenchResult, LoadSnapshot } from '../../core/bench-types.js'
import { useLoad } from '../use-load.js'
import { LoadState } from '../components/load-state.js'
import { figure, number } from '../bench-view.js'
import { dateTime } from '../format.js'

/** The latest run, loaded in full. */
export function LatestRun({ run }: { run: BenchRunItem }) {
  const doc = useLoad(`bench-run-${run.id}`, (signal) =>
    callApi('GET /api/bench/runs/:id', { signal, params: { id: String(run.id) } }),
  )
  return (
    <section className="card" aria-labelledby="latest-title" data-testid="latest-run">
      <h2 id="latest-title">
        Latest run <span className="muted">#{run.id}</span>
      </h2>
      <LoadState state={doc} what={`run #${run.id}`}>
        {(d) => <RunDetail doc={d} />}
      </LoadState>
    </section>
  )
}

function RunDetail({ doc }: { doc: BenchRunResponse }) {
  return (
    <>
      <p className="small">
        {dateTime(doc.runAt)} · {doc.level} level · {doc.sections.join(', ')} ·{' '}
        {(doc.durationMs / 1000).toFixed(0)} s
        {doc.snapshotId != null && ` · hardware snapshot #${doc.snapshotId}`}
      </p>
      {doc.failures.length > 0 && (
        <ul className="bench-failures">
          {doc.failures.map((f) => (
            <li key={f.section}>
              <strong>{f.section}</strong> did not run: {f.message}
            </li>
          ))}
        </ul>
      )}
      <div className="grid">
        {doc.memory != null && (
          <Section
            title="Memory"
            figures={[
              ['Copy, all threads', figure(doc.memory.copyGBps, 'GB/s')],
              ['Read, all threads', figure(doc.memory.readGBps, 'GB/s')],
              ['Write, all threads', figure(doc.memory.writeGBps, 'GB/s')],
              ['Copy, 1 thread', figure(doc.memory.singleThreadCopyGBps, 'GB/s')],
              ['Read, 1 thread', figure(doc.memory.singleThreadReadGBps, 'GB/s')],
              ['Write, 1 thread', figure(doc.memory.singleThreadWriteGBps, 'GB/s')],
            ]}
            params={[
              ['Threads', String(doc.memory.params.threads)],
              ['Working set', `${doc.memory.params.workingSetMiB} MiB`],
              [
                'Last-level cache',
                doc.memory.params.lastLevelCacheMiB == null
                  ? 'unknown'
                  : `${doc.memory.params.lastLevelCacheMiB} MiB`,
              ],
              ['Best of', `${doc.memory.params.repetitions} rounds`],
              ['Copy', doc.memory.params.copyMethod],
              ['Read', doc.memory.params.readMethod],
              ['Write', doc.memory.params.writeMethod],
              ['Load before', loadText(doc.memory.load)],
            ]}
            warnings={doc.memory.warnings}
          />
        )}
        {doc.disk != null && (
          <Section
            title="Disk"
            figures={[
              ['Sequential read', figure(doc.disk.seqReadMBps, 'MB/s')],
              ['Sequential write', figure(doc.disk.seqWriteMBps, 'MB/s')],
              ['4 KiB random read', figure(doc.disk.randReadIops, 'IOPS')],
              ['Random read latency', figure(doc.disk.randReadLatencyUs, 'µs')],
            ]}
            params={[
              ['Folder', doc.disk.params.path],
              ['File system', doc.disk.params.fileSystem ?? 'unknown'],
              ['File', `${doc.disk.params.fileMiB} MiB`],
              [
                'Blocks',
                `${doc.disk.params.seqBlockKiB} KiB / ${doc.disk.params.randBlockKiB} KiB`,
              ],
              ['Queue depth', String(doc.disk.params.queueDepth)],
              ['Random test', `${(doc.disk.params.randDurationMs / 1000).toFixed(1)} s`],
              ['Page cache', doc.disk.params.directIo ? 'bypassed (O_DIRECT)' : 'not bypassed'],
            ]}
            warnings={doc.disk.notes}
          />
        )}
        {doc.cpu != null && (
          <Section
            title="CPU"
            figures={[
              ['Integer, 1 thread', figure(doc.cpu.singleThreadIntegerScore, 'Mop/s')],
              ['Float, 1 thread', figure(doc.cpu.singleThreadFloatScore, 'Mop/s')],
              ['Integer, all threads', figure(doc.cpu.multiThreadIntegerScore, 'Mop/s')],
              ['Float, all threads', figure(doc.cpu.multiThreadFloatScore, 'Mop/s')],
            ]}
            params={[
              ['Threads', String(doc.cpu.params.threads)],
              ['Per test', `${doc.cpu.params.durationMsPerTest} ms`],
              ['Integer kernel', doc.cpu.params.integerKernel],
              ['Float kernel', doc.cpu.params.floatKernel],
              ['Load before', loadText(doc.cpu.load)],
            ]}
            warnings={doc.cpu.warnings}
          />
        )}
        {doc.llm != null && <LlmSection title="LLM on the CPU" llm={doc.llm} />}
        {doc.gpu != null &&
          (doc.gpu.available ? (
            <Section
              title="GPU"
              figures={[
                [
                  'Upload (host to device)',
                  doc.gpu.hostToDeviceGBps == null
                    ? 'not measured'
                    : figure(doc.gpu.hostToDeviceGBps, 'GB/s'),
                ],
                ...doc.gpu.devices.map((d): [string, string] => [
                  d.name,
                  `PCIe gen ${d.pcieGenCurrent ?? '?'}/${d.pcieGenMax ?? '?'} x${d.pcieWidthCurrent ?? '?'}/${d.pcieWidthMax ?? '?'}`,
                ]),
              ]}
              params={[['Backend', doc.gpu.backend ?? 'none']]}
              warnings={doc.gpu.notes}
            >
              {doc.gpu.llm != null && <LlmFigures llm={doc.gpu.llm} />}
            </Section>
          ) : (
            <Section title="GPU" figures={[['Not measured', doc.gpu.reason ?? 'no GPU']]} />
          ))}
      </div>
    </>
  )
}

function LlmSection({ title, llm }: { title: string; llm: LlmBenchResult }) {
  return (
    <Section
      title={title}
      figures={llmFigures(llm)}
      params={[
        ['Model', `${llm.model} (${number(llm.modelSizeMiB)} MiB)`],
        ['Source', llm.modelSource === 'tiny-generated' ? 'tiny generated model' : llm.modelSource],
        ['Prompt / generated', `${llm.params.promptTokens} / ${llm.params.generatedTokens} tokens`],
        ['Threads', String(llm.params.threads)],
        ['Batch / context', `${llm.params.batchSize} / ${llm.params.contextSize}`],
        ['GPU layers', String(llm.params.gpuLayers)],
        ['Same tokens every run', llm.identicalTokensAcrossRuns ? 'yes' : 'no'],
        ['Load before', loadText(llm.load)],
      ]}
      warnings={llm.warnings}
    />
  )
}

function LlmFigures({ llm }: { llm: LlmBenchResult }) {
  return (
    <>
      <h4>With every layer on the GPU ({llm.model})</h4>
      <Facts rows={llmFigures(llm)} />
    </>
  )
}

function llmFigures(llm: LlmBenchResult): [string, string][] {
  return [
    [`Prompt (pp${llm.params.promptTokens})`, figure(llm.promptTokensPerSec, 'tok/s')],
    [`Generation (tg${llm.params.generatedTokens})`, figure(llm.generationTokensPerSec, 'tok/s')],
    [
      'Token latency p50 / p90',
      `${number(llm.tokenLatencyP50Ms)} / ${number(llm.tokenLatencyP90Ms)} ms`,
    ],
  ]
}

function loadText(load: LoadSnapshot): string {
  return load.loadAverage1m == null
    ? `unknown, ${load.logicalCpus} CPUs`
    : `${load.loadAverage1m.toFixed(2)} on ${load.logicalCpus} CPUs`
}

function Section({
  title,
  figures,
  params = [],
  warnings = [],
  children,
}: {
  title: string
  figures: readonly [string, string][]
  params?: readonly [string, string][]
  warnings?: readonly string[]
  children?: ReactNode
}) {
  return (
    <div className="bench-section">
      <h3>{title}</h3>
      <Facts rows={figures} />
      {children}
      {warnings.length > 0 && (
        <ul className="bench-warnings small">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {params.length > 0 && (
        <details>
          <summary className="small">Parameters</summary>
          <Facts rows={params} small />
        </details>
      )}
    </div>
  )
}

function Facts({ rows, small = false }: { rows: readonly [string, string][]; small?: boolean }) {
  return (
    <dl className={small ? 'facts small' : 'facts'}>
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd className="break">{v}</dd>
        </div>
      ))}
    </dl>
  )
}
