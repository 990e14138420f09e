/**
 * One image, speech or embedding model in depth (`homelab-ai fit MODEL --json` for these kinds):
 * the verdict and why, the published files it was sized with, memory per device, and the speed
 * figure with the numbers it rests on. Read from GET /api/models?kind=..., which ranks each kind.
 */
import type { AuxFitResult, AuxKind } from '../../core/fit-aux-types.js'
import type { HardwareProfile } from '../../core/hardware.js'
import { callApi } from '../api.js'
import { AuxLevelBadge } from '../components/aux-level-badge.js'
import { ErrorLine, LoadState } from '../components/load-state.js'
import { SourceText } from '../components/source-text.js'
import { StackedBar } from '../components/stacked-bar.js'
import { gib } from '../format.js'
import { pageHref } from '../router.js'
import { useLoad } from '../use-load.js'
import {
  auxCapacity,
  auxMemoryParts,
  auxPlacementText,
  auxSpeedDetail,
  auxSpeedText,
} from './aux-model-format.js'
import { HardwareLine } from './hardware-line.js'
import { whatIfKey, whatIfQuery, type WhatIf } from './what-if.js'

/** The detail view of a non-LLM model under the page's what-if. */
export function AuxModelDetail({
  kind,
  id,
  whatIf,
}: {
  kind: AuxKind
  id: string
  whatIf: WhatIf
}) {
  const list = useLoad(`${kind}|${whatIfKey(whatIf)}`, (signal) =>
    callApi('GET /api/models', { signal, query: { ...whatIfQuery(whatIf), kind } }),
  )
  return (
    <>
      <p className="crumbs">
        <a href={pageHref('models')}>All models</a>
      </p>
      <LoadState state={list} what="the fit">
        {(data) => {
          const r = data.others.find((x) => x.model.id === id)
          return r == null ? (
            <ErrorLine message={`No ${kind} model "${id}" in the catalog.`} />
          ) : (
            <AuxFitView r={r} hardware={data.hardware} />
          )
        }}
      </LoadState>
    </>
  )
}

function AuxFitView({ r, hardware }: { r: AuxFitResult; hardware: HardwareProfile }) {
  return (
    <article aria-labelledby="fit-title" data-model={r.model.id} data-level={r.level}>
      <section className="card">
        <div className="summary-head">
          <h2 id="fit-title">{r.model.name}</h2>
          <AuxLevelBadge level={r.level} />
        </div>
        <p className="muted">
          {r.model.kind} · {r.quant ?? 'no file sized'} · {auxPlacementText(r)}
        </p>
        <HardwareLine hw={hardware} />
        <h3>Why</h3>
        <ul>
          {r.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      </section>
      <FilesCard r={r} />
      {r.memory != null && <MemoryCard r={r} hardware={hardware} />}
      <SpeedCard r={r} />
    </article>
  )
}

function FilesCard({ r }: { r: AuxFitResult }) {
  return (
    <section className="card" aria-labelledby="files-title">
      <h3 id="files-title">Files</h3>
      <p className="muted small">Published formats, best first: {r.formats.join(', ') || 'none'}</p>
      {r.files.length === 0 ? (
        <p>No published file could be sized.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Files sized">
          <table data-testid="aux-files">
            <caption className="visually-hidden">Files the memory estimate adds up</caption>
            <thead>
              <tr>
                <th scope="col">Part</th>
                <th scope="col">Holds</th>
                <th scope="col">Format</th>
                <th scope="col">File</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {r.files.map((f) => (
                <tr key={`${f.role}-${f.components.join('+')}`}>
                  <th scope="row">{f.role}</th>
                  <td>{f.components.join(', ')}</td>
                  <td>{f.format}</td>
                  <td>
                    {f.file == null ? (
                      <span className="muted">derived from the parameter count</span>
                    ) : (
                      <>
                        {f.file}
                        {f.repo != null && <span className="muted small"> ({f.repo})</span>}
                      </>
                    )}
                  </td>
                  <td>{gib(f.sizeGiB)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function MemoryCard({ r, hardware }: { r: AuxFitResult; hardware: HardwareProfile }) {
  const memory = r.memory
  if (memory == null) return null
  const cap = auxCapacity(r, hardware)
  return (
    <section className="card" aria-labelledby="memory-title">
      <h3 id="memory-title">Memory</h3>
      <StackedBar
        parts={auxMemoryParts(memory)}
        capacityGiB={cap.capacityGiB}
        capacityLabel={cap.label}
        showLegend
      />
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Memory per device">
        <table>
          <caption className="visually-hidden">Memory per device, in GiB</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Weights</th>
              <th scope="col">Compute</th>
              <th scope="col">Reserve</th>
              <th scope="col">Total</th>
              <th scope="col">Available</th>
            </tr>
          </thead>
          <tbody>
            {memory.perDevice.map((d) => (
              <tr key={d.device} className={d.totalGiB > d.availableGiB ? 'over' : undefined}>
                <th scope="row">
                  {d.name} <span className="muted small">({d.device})</span>
                </th>
                <td>{gib(d.weightsGiB)}</td>
                <td>{gib(d.computeGiB)}</td>
                <td>{gib(d.reserveGiB)}</td>
                <td>{gib(d.totalGiB)}</td>
                <td>{gib(d.availableGiB)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function SpeedCard({ r }: { r: AuxFitResult }) {
  const s = r.speed
  return (
    <section className="card" aria-labelledby="speed-title">
      <h3 id="speed-title">Speed</h3>
      {s == null ? (
        <p>{auxSpeedText(r)}.</p>
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>
                {s.kind === 'image'
                  ? 'Per image'
                  : s.kind === 'speech'
                    ? 'Transcription'
                    : 'Embedding'}
              </dt>
              <dd>{auxSpeedText(r)}</dd>
            </div>
            <div>
              <dt>Details</dt>
              <dd>{auxSpeedDetail(r)}</dd>
            </div>
          </dl>
          <p>{s.basis.explanation}</p>
          <dl className="facts basis">
            <div>
              <dt>Device</dt>
              <dd>{s.basis.device}</dd>
            </div>
            <div>
              <dt>Compute</dt>
              <dd>
                {s.basis.computeTflops.toFixed(1)} TFLOPS ·{' '}
                <SourceText source={s.basis.computeSource} />
              </dd>
            </div>
            {s.basis.bandwidthGBps != null && (
              <div>
                <dt>Memory bandwidth</dt>
                <dd>
                  {s.basis.bandwidthGBps.toFixed(0)} GB/s
                  {s.basis.bandwidthSource != null && (
                    <>
                      {' · '}
                      <SourceText source={s.basis.bandwidthSource} />
                    </>
                  )}
                </dd>
              </div>
            )}
            <div>
              <dt>Efficiency</dt>
              <dd>
                {Math.round(s.basis.computeEfficiency * 100)}% of peak ·{' '}
                <SourceText source={s.basis.efficiencySource} />
              </dd>
            </div>
            {s.basis.reference != null && (
              <div>
                <dt>Scaled from</dt>
                <dd>{s.basis.reference}</dd>
              </div>
            )}
          </dl>
        </>
      )}
    </section>
  )
}
