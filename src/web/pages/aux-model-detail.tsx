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
import { Fact, SourcedFact } from '../components/fact.js'
import { DeviceMemoryCard, FitSummaryCard } from '../components/fit-detail-cards.js'
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
      <FitSummaryCard
        name={r.model.name}
        badge={<AuxLevelBadge level={r.level} />}
        details={[r.model.kind, r.quant ?? 'no file sized', auxPlacementText(r)]}
        reasons={r.reasons}
      >
        <HardwareLine hw={hardware} />
      </FitSummaryCard>
      <FilesCard r={r} />
      {r.memory != null && (
        <DeviceMemoryCard
          memory={r.memory}
          parts={auxMemoryParts(r.memory)}
          capacity={auxCapacity(r, hardware)}
          columns={['weights', 'compute', 'reserve', 'total', 'available']}
        />
      )}
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
            <Fact
              label={
                s.kind === 'image'
                  ? 'Per image'
                  : s.kind === 'speech'
                    ? 'Transcription'
                    : 'Embedding'
              }
            >
              {auxSpeedText(r)}
            </Fact>
            <Fact label="Details">{auxSpeedDetail(r)}</Fact>
          </dl>
          <p>{s.basis.explanation}</p>
          <dl className="facts basis">
            <Fact label="Device">{s.basis.device}</Fact>
            <SourcedFact
              label="Compute"
              value={`${s.basis.computeTflops.toFixed(1)} TFLOPS`}
              source={s.basis.computeSource}
            />
            {s.basis.bandwidthGBps != null && (
              <SourcedFact
                label="Memory bandwidth"
                value={`${s.basis.bandwidthGBps.toFixed(0)} GB/s`}
                source={s.basis.bandwidthSource}
              />
            )}
            <SourcedFact
              label="Efficiency"
              value={`${Math.round(s.basis.computeEfficiency * 100)}% of peak`}
              source={s.basis.efficiencySource}
            />
            {s.basis.reference != null && <Fact label="Scaled from">{s.basis.reference}</Fact>}
          </dl>
        </>
      )}
    </section>
  )
}
