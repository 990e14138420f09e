/**
 * Two saved runs side by side, metric by metric (`bench compare A B`): the ratio B / A, whether
 * B is better by that metric's direction, and what makes the two hard to compare.
 */
import { useState } from 'react'
import { callApi } from '../api.js'
import type { BenchCompareResponse, BenchRunItem } from '../../server/api-types.js'
import { useLoad } from '../use-load.js'
import { LoadState } from '../components/load-state.js'
import { number, titleOf } from '../bench-view.js'
import { dateTime } from '../format.js'

/** Pickers for A and B (default: the two newest runs, older as A) and their comparison. */
export function BenchCompare({ runs }: { runs: readonly BenchRunItem[] }) {
  const [a, setA] = useState(String(runs[1]?.id ?? ''))
  const [b, setB] = useState(String(runs[0]?.id ?? ''))
  const comparison = useLoad(`bench-compare-${a}-${b}`, (signal) =>
    callApi('GET /api/bench/compare', { signal, query: { a, b } }),
  )
  const label = (r: BenchRunItem) =>
    `#${r.id} · ${dateTime(r.runAt)} · ${r.kind} · ${r.level}${r.llmModel == null ? '' : ` · ${r.llmModel}`}`
  return (
    <section className="card" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare two runs</h2>
      <div className="field-row compare-pickers">
        <div>
          <label htmlFor="compare-a">Run A (before)</label>
          <select id="compare-a" value={a} onChange={(e) => setA(e.target.value)}>
            {runs.map((r) => (
              <option key={r.id} value={String(r.id)}>
                {label(r)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="compare-b">Run B (after)</label>
          <select id="compare-b" value={b} onChange={(e) => setB(e.target.value)}>
            {runs.map((r) => (
              <option key={r.id} value={String(r.id)}>
                {label(r)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <LoadState state={comparison} what="the comparison">
        {(data) => <ComparisonTable data={data} busy={comparison.loading} />}
      </LoadState>
    </section>
  )
}

function ComparisonTable({ data, busy }: { data: BenchCompareResponse; busy: boolean }) {
  return (
    <div aria-busy={busy} aria-live="polite">
      {data.caveats.length > 0 && (
        <ul className="bench-warnings small">
          {data.caveats.map((c) => (
            <li key={c}>Harder to compare: {c}</li>
          ))}
        </ul>
      )}
      <div className="table-scroll">
        <table className="compare-table" data-testid="bench-compare">
          <caption className="visually-hidden">
            Run #{data.b} against run #{data.a}, ratio B / A
          </caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">A #{data.a}</th>
              <th scope="col">B #{data.b}</th>
              <th scope="col">B / A</th>
            </tr>
          </thead>
          <tbody>
            {data.metrics.map((m) => (
              <tr key={m.path}>
                <th scope="row">
                  {titleOf(m)} <span className="muted small">{m.unit}</span>
                </th>
                <td>{m.a == null ? '—' : number(m.a)}</td>
                <td>{m.b == null ? '—' : number(m.b)}</td>
                <td>
                  {m.ratio == null ? (
                    '—'
                  ) : (
                    <span className={`badge badge-${verdict(m.ratio, m.improved).tone}`}>
                      {m.ratio.toFixed(2)}×
                      <span className="compare-word"> {verdict(m.ratio, m.improved).word}</span>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

/** Within 2% is run-to-run noise for these tests: called the same. */
const SAME_WITHIN = 0.02

function verdict(
  ratio: number,
  improved: boolean | null,
): { tone: 'pass' | 'fail' | 'skip'; word: string } {
  if (Math.abs(ratio - 1) < SAME_WITHIN) return { tone: 'skip', word: 'same' }
  return improved === true ? { tone: 'pass', word: 'better' } : { tone: 'fail', word: 'worse' }
}
