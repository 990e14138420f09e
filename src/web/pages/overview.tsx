/**
 * Overview: the machine (`homelab-ai report --json`), its readiness checklist with why and fix,
 * and the saved history of snapshots with what changed between the newest two.
 */
import { useState } from 'react'
import { callApi } from '../api.js'
import type { HistoryDiff, HistoryResponse, MainReport } from '../../server/api-types.js'
import type { Finding } from '../../core/readiness.js'
import { useLoad } from '../use-load.js'
import { ErrorLine, LoadState } from '../components/load-state.js'
import { StatusBadge, VerdictBadge } from '../components/badge.js'
import { dateTime } from '../format.js'
import { MachineView } from './machine-view.js'
import { SourceText } from '../components/source-text.js'

/** The Overview page. */
export function OverviewPage() {
  const [refreshing, setRefreshing] = useState(false)
  const [refreshError, setRefreshError] = useState<string | null>(null)
  const [fresh, setFresh] = useState<MainReport | null>(null)
  const report = useLoad('report', (signal) => callApi('GET /api/report', { signal }))
  const history = useLoad(`history-${fresh?.snapshot?.id ?? 0}`, (signal) =>
    callApi('GET /api/history', { signal, query: { limit: '20' } }),
  )

  const probeAgain = () => {
    setRefreshing(true)
    setRefreshError(null)
    callApi('GET /api/report', { query: { refresh: '1' } }).then(
      (r) => {
        setFresh(r)
        setRefreshing(false)
      },
      (err: unknown) => {
        setRefreshError(err instanceof Error ? err.message : String(err))
        setRefreshing(false)
      },
    )
  }

  return (
    <>
      <h1>Overview</h1>
      <LoadState state={report} what="the machine report">
        {(loaded) => {
          const r = fresh ?? loaded
          return (
            <>
              <ReportHeader report={r} refreshing={refreshing} onProbe={probeAgain} />
              {refreshError != null && <ErrorLine message={refreshError} />}
              <Readiness report={r} />
              <MachineView hw={r.hardware} />
            </>
          )
        }}
      </LoadState>
      <section aria-labelledby="history-title" className="card">
        <h2 id="history-title">History</h2>
        <LoadState state={history} what="the snapshot history">
          {(h) => <History history={h} />}
        </LoadState>
      </section>
    </>
  )
}

function ReportHeader({
  report,
  refreshing,
  onProbe,
}: {
  report: MainReport
  refreshing: boolean
  onProbe: () => void
}) {
  const hw = report.hardware
  return (
    <section className="card summary" aria-labelledby="summary-title">
      <div className="summary-head">
        <h2 id="summary-title">{hw.os.hostname ?? 'This machine'}</h2>
        <VerdictBadge verdict={report.readiness.verdict} />
      </div>
      <p className="lead">{report.readiness.summary}</p>
      <p className="muted">
        {hw.os.name ?? hw.os.platform}
        {hw.os.kernel != null && ` · kernel ${hw.os.kernel}`} · probed {dateTime(hw.probedAt)}
        {report.snapshot != null && ` · snapshot #${report.snapshot.id}`}
        {hw.source !== 'probe' && ` · ${hw.source}`}
      </p>
      <button type="button" onClick={onProbe} disabled={refreshing} aria-busy={refreshing}>
        {refreshing ? 'Probing…' : 'Probe again'}
      </button>
    </section>
  )
}

function Readiness({ report }: { report: MainReport }) {
  const { counts, findings } = report.readiness
  return (
    <section className="card" aria-labelledby="readiness-title">
      <h2 id="readiness-title">Readiness checklist</h2>
      <p className="muted">
        {counts.pass} passed · {counts.warn} warnings · {counts.fail} failed
        {counts.skip > 0 && ` · ${counts.skip} skipped`}
      </p>
      <ul className="checklist">
        {findings.map((f) => (
          <FindingItem key={f.id} finding={f} />
        ))}
      </ul>
    </section>
  )
}

function FindingItem({ finding: f }: { finding: Finding }) {
  // Problems open by default: the fix is the part the reader came for.
  const open = f.status === 'fail' || f.status === 'warn'
  return (
    <li className={`finding finding-${f.status}`} data-finding={f.id}>
      <details open={open}>
        <summary>
          <StatusBadge status={f.status} />
          <span className="finding-title">{f.title}</span>
          <span className="finding-value">{f.value}</span>
        </summary>
        <dl className="finding-body">
          <dt>Rule</dt>
          <dd>{f.rule}</dd>
          <dt>Why it matters</dt>
          <dd>{f.why}</dd>
          {f.fix != null && (
            <>
              <dt>Fix</dt>
              <dd className="fix">{f.fix}</dd>
            </>
          )}
          <dt>Source</dt>
          <dd>
            <SourceText source={f.source} />
          </dd>
        </dl>
      </details>
    </li>
  )
}

function History({ history }: { history: HistoryResponse }) {
  const { snapshots } = history
  const canDiff = snapshots.length >= 2
  const diff = useLoad(`diff-${snapshots[0]?.id ?? 0}-${canDiff}`, (signal) =>
    canDiff ? callApi('GET /api/history/diff', { signal }) : Promise.resolve(null),
  )
  if (snapshots.length === 0)
    return <p>No snapshots saved yet: “Probe again” saves the first one.</p>
  return (
    <>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Saved snapshots">
        <table>
          <caption className="visually-hidden">Saved snapshots, newest first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Taken</th>
              <th scope="col">Host</th>
              <th scope="col">CPU</th>
              <th scope="col">Memory</th>
              <th scope="col">GPUs</th>
            </tr>
          </thead>
          <tbody>
            {snapshots.map((s) => (
              <tr key={s.id}>
                <td>{s.id}</td>
                <td>{dateTime(s.takenAt)}</td>
                <td>{s.hostname ?? '?'}</td>
                <td>{s.cpuModel ?? 'unknown'}</td>
                <td>{s.memoryTotalGiB.toFixed(1)} GiB</td>
                <td>{s.gpuNames.length > 0 ? s.gpuNames.join(' + ') : 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canDiff && (
        <LoadState state={diff} what="the latest changes">
          {(d) => (d == null ? null : <DiffView diff={d} />)}
        </LoadState>
      )}
    </>
  )
}

function DiffView({ diff }: { diff: HistoryDiff }) {
  return (
    <>
      <h3>
        Changes from #{diff.from.id} to #{diff.to.id}
      </h3>
      {diff.changes.length === 0 ? (
        <p className="muted">No hardware changes.</p>
      ) : (
        <ul className="changes">
          {diff.changes.map((c, i) => (
            <li key={i} className={`change change-${c.kind}`}>
              <span className="change-kind">{c.kind}</span> {c.area}: {c.label}
              {c.kind === 'changed'
                ? `: ${c.before ?? '?'} → ${c.after ?? '?'}`
                : (c.after ?? c.before) != null && `: ${c.after ?? c.before}`}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
