/**
 * Benchmarks: the runs `homelab-ai bench` saved (`bench history --json`), the latest one in
 * detail, this machine against the catalogs' peaks and the fit engine's predictions, a history
 * chart per figure, and two runs side by side (`bench compare`). With no runs it says how to
 * make one; nothing here is made up.
 */
import { callApi } from '../api.js'
import type { BenchReferenceResponse, BenchRunsResponse } from '../../server/api-types.js'
import { useLoad, type Loaded } from '../use-load.js'
import { LoadState } from '../components/load-state.js'
import { LineChart } from '../components/line-chart.js'
import { RatioBar } from '../components/ratio-bar.js'
import {
  CHART_GROUPS,
  figure,
  groupOf,
  metricSeries,
  seriesSummary,
  shortSummary,
  titleOf,
} from '../bench-view.js'
import { BenchCompare } from './bench-compare.js'
import { LatestRun } from './bench-latest.js'

/** The Benchmarks page. */
export function BenchmarksPage() {
  const runs = useLoad('bench-runs', (signal) => callApi('GET /api/bench/runs', { signal }))
  const reference = useLoad('bench-reference', (signal) =>
    callApi('GET /api/bench/reference', { signal }),
  )
  return (
    <>
      <h1>Benchmarks</h1>
      <LoadState state={runs} what="the saved benchmark runs">
        {(data) =>
          data.runs.length === 0 ? (
            <NoRuns />
          ) : (
            <>
              <LatestRun run={data.runs[0]!} />
              <ReferenceCard state={reference} />
              <History data={data} />
              {data.runs.length >= 2 && <BenchCompare runs={data.runs} />}
            </>
          )
        }
      </LoadState>
      {runs.data?.runs.length === 0 && <ReferenceCard state={reference} />}
    </>
  )
}

function NoRuns() {
  return (
    <section className="card" aria-labelledby="no-runs-title">
      <h2 id="no-runs-title">No benchmark runs yet</h2>
      <p>
        Measure this machine once and the figures appear here: memory bandwidth, disk speed, CPU
        scores, the GPU link and real LLM inference through llama.cpp. In a terminal on this
        machine, run:
      </p>
      <pre className="command">
        <code>homelab-ai bench all --quick</code>
      </pre>
      <p>
        It takes about a minute, saves the run to the same history this dashboard reads, and prints
        the figures. Then reload this page. For figures worth keeping, run{' '}
        <code>homelab-ai bench all --full</code>; for a real model instead of the tiny generated
        one, add <code>--model ~/models/NAME.gguf</code> or <code>--model ollama:NAME</code>.
      </p>
    </section>
  )
}

function ReferenceCard({
  state,
}: {
  state: Loaded<BenchReferenceResponse> & { reload: () => void }
}) {
  return (
    <section className="card" aria-labelledby="reference-title">
      <h2 id="reference-title">This machine against the catalog</h2>
      <p className="muted small">
        The newest measured figure beside the datasheet peak of this hardware, or beside what the
        fit engine predicts for the same model. Far below the peak points at a setting (one memory
        channel, a PCIe link trained down); far from a prediction, at the estimate.
      </p>
      <LoadState state={state} what="the catalog figures">
        {(data) => <ReferenceRows data={data} />}
      </LoadState>
    </section>
  )
}

function ReferenceRows({ data }: { data: BenchReferenceResponse }) {
  return (
    <>
      <ul className="plain reference-list">
        {data.rows.map((row) => (
          <li key={row.id} className="reference-row" data-reference={row.id}>
            <div className="reference-head">
              <strong>{row.label}</strong>
              <span className="small">
                {row.measured == null ? 'not measured yet' : figure(row.measured, row.unit)}
                {row.reference != null &&
                  ` · ${row.referenceKind === 'peak' ? 'peak' : 'predicted'} ${figure(row.reference, row.unit)}`}
              </span>
            </div>
            {row.measured != null && row.reference != null && row.reference > 0 && (
              <RatioBar
                measured={row.measured}
                reference={row.reference}
                kind={row.referenceKind}
                unit={row.unit}
              />
            )}
            <p className="muted small reference-source">
              {row.source}
              {row.measuredRunId != null && ` · measured in run #${row.measuredRunId}`}
            </p>
          </li>
        ))}
      </ul>
      {data.gpus.length > 0 && (
        <>
          <h3>GPUs in the catalog</h3>
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">GPU</th>
                  <th scope="col">Catalog entry</th>
                  <th scope="col">Memory bandwidth</th>
                  <th scope="col">PCIe link</th>
                </tr>
              </thead>
              <tbody>
                {data.gpus.map((g, i) => (
                  <tr key={`${g.name}-${i}`}>
                    <td>{g.name}</td>
                    <td>{g.catalogName ?? 'not in the catalog'}</td>
                    <td>
                      {g.memoryBandwidthGBps == null
                        ? 'unknown'
                        : figure(g.memoryBandwidthGBps, 'GB/s')}
                    </td>
                    <td>{figure(g.pcieGBps, 'GB/s')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            Generating a token reads the whole model from VRAM, so the memory bandwidth bounds the
            GPU generation speed; the benchmark measures the upload over PCIe, not VRAM itself.
          </p>
        </>
      )}
    </>
  )
}

function History({ data }: { data: BenchRunsResponse }) {
  const series = metricSeries(data.runs, data.metrics)
  return (
    <section className="card" aria-labelledby="history-charts-title">
      <h2 id="history-charts-title">History</h2>
      <p className="muted small">
        One chart per figure over the {data.runs.length} saved run
        {data.runs.length === 1 ? '' : 's'}, oldest on the left. Each axis starts at zero.
      </p>
      {CHART_GROUPS.map((group) => {
        const inGroup = series.filter((s) => groupOf(s.metric) === group.id)
        if (inGroup.length === 0) return null
        return (
          <section key={group.id} aria-labelledby={`charts-${group.id}`} className="chart-group">
            <h3 id={`charts-${group.id}`}>{group.title}</h3>
            <div className="chart-grid" data-testid={`charts-${group.id}`}>
              {inGroup.map((s) => (
                <LineChart
                  key={s.metric.path}
                  title={titleOf(s.metric)}
                  unit={s.metric.unit}
                  points={s.points}
                  caption={shortSummary(s)}
                  summary={seriesSummary(s)}
                />
              ))}
            </div>
          </section>
        )
      })}
    </section>
  )
}
