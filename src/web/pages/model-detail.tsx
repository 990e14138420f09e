/**
 * One model in depth (`homelab-ai fit MODEL --json`): choose quantization, context and KV cache
 * type; see the memory per device, the speed estimate with the figures it rests on, and why.
 * Image, speech and embedding models (ids like `image:flux-1-dev`) have their own view.
 */
import { useState } from 'react'
import { callApi } from '../api.js'
import type { FitQuery, FitResponse } from '../../server/api-types.js'
import type { KvCacheType } from '../../core/fit-types.js'
import { QUANT_LADDER, RANK_CONTEXTS } from '../../core/fit.js'
import { useLoad } from '../use-load.js'
import { LoadState } from '../components/load-state.js'
import { LevelBadge } from '../components/badge.js'
import { StackedBar } from '../components/stacked-bar.js'
import { contextLabel, gib, tokensPerSec } from '../format.js'
import { pageHref } from '../router.js'
import { capacityOf, memoryParts, placementText } from '../model-memory.js'
import { whatIfKey, whatIfQuery, type WhatIf } from './what-if.js'
import { HardwareLine } from './hardware-line.js'
import { SourceText } from '../components/source-text.js'
import { parseAuxModelId } from './aux-model-format.js'
import { AuxModelDetail } from './aux-model-detail.js'

const KV_TYPES: readonly KvCacheType[] = ['f16', 'q8_0', 'q4_0']

/** The detail view of one model under the page's what-if. */
export function ModelDetail({ modelId, whatIf }: { modelId: string; whatIf: WhatIf }) {
  const aux = parseAuxModelId(modelId)
  if (aux != null) return <AuxModelDetail kind={aux.kind} id={aux.id} whatIf={whatIf} />
  return <LlmDetail modelId={modelId} whatIf={whatIf} />
}

function LlmDetail({ modelId, whatIf }: { modelId: string; whatIf: WhatIf }) {
  const [quant, setQuant] = useState('')
  const [ctx, setCtx] = useState('')
  const [kv, setKv] = useState<KvCacheType | ''>('')
  const query: FitQuery = {
    ...whatIfQuery(whatIf),
    ...(quant !== '' && { quant }),
    ...(ctx !== '' && { ctx }),
    ...(kv !== '' && { kv }),
  }
  const fit = useLoad(`${modelId}|${whatIfKey(whatIf)}|${quant}|${ctx}|${kv}`, (signal) =>
    callApi('GET /api/fit/:modelId', { signal, params: { modelId }, query }),
  )
  return (
    <>
      <p className="crumbs">
        <a href={pageHref('models')}>All models</a>
      </p>
      <section className="card filters" aria-label="Run settings">
        <div className="field-row">
          <div>
            <label htmlFor="d-quant">Quantization</label>
            <select id="d-quant" value={quant} onChange={(e) => setQuant(e.target.value)}>
              <option value="">Best that fits</option>
              {QUANT_LADDER.map((q) => (
                <option key={q}>{q}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="d-ctx">Context</label>
            <select id="d-ctx" value={ctx} onChange={(e) => setCtx(e.target.value)}>
              <option value="">Default (8K)</option>
              {RANK_CONTEXTS.map((c) => (
                <option key={c} value={String(c)}>
                  {contextLabel(c)} tokens
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="d-kv">KV cache type</label>
            <select
              id="d-kv"
              value={kv}
              onChange={(e) => setKv(e.target.value as KvCacheType | '')}
            >
              <option value="">Default (f16)</option>
              {KV_TYPES.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </div>
        </div>
      </section>
      <LoadState state={fit} what="the fit">
        {(data) => <FitView data={data} />}
      </LoadState>
    </>
  )
}

function FitView({ data }: { data: FitResponse }) {
  const { fit, hardware } = data
  const cap = capacityOf(fit, hardware)
  return (
    <article aria-labelledby="fit-title" data-model={fit.model.id} data-level={fit.level}>
      <section className="card">
        <div className="summary-head">
          <h2 id="fit-title">{fit.model.name}</h2>
          <LevelBadge level={fit.level} />
        </div>
        <p className="muted">
          {fit.model.kind} · {fit.quant} · {contextLabel(fit.contextTokens)} context · KV cache{' '}
          {fit.kvCacheType} · {placementText(fit)}
        </p>
        <HardwareLine hw={hardware} />
        <h3>Why</h3>
        <ul>
          {fit.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="memory-title">
        <h3 id="memory-title">Memory</h3>
        <StackedBar
          parts={memoryParts(fit.memory)}
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
                <th scope="col">Layers</th>
                <th scope="col">Weights</th>
                <th scope="col">KV cache</th>
                <th scope="col">Compute</th>
                <th scope="col">Reserve</th>
                <th scope="col">Total</th>
                <th scope="col">Available</th>
              </tr>
            </thead>
            <tbody>
              {fit.memory.perDevice.map((d) => (
                <tr key={d.device} className={d.totalGiB > d.availableGiB ? 'over' : undefined}>
                  <th scope="row">
                    {d.name} <span className="muted small">({d.device})</span>
                  </th>
                  <td>{d.layers}</td>
                  <td>{gib(d.weightsGiB)}</td>
                  <td>{gib(d.kvCacheGiB)}</td>
                  <td>{gib(d.computeGiB)}</td>
                  <td>{gib(d.reserveGiB)}</td>
                  <td>{gib(d.totalGiB)}</td>
                  <td>{gib(d.availableGiB)}</td>
                </tr>
              ))}
              <tr className="total">
                <th scope="row">All</th>
                <td>
                  {fit.gpuLayers} / {fit.totalLayers} on GPU
                </td>
                <td>{gib(fit.memory.weightsGiB)}</td>
                <td>{gib(fit.memory.kvCacheGiB)}</td>
                <td>{gib(fit.memory.computeGiB)}</td>
                <td>{gib(fit.memory.reserveGiB)}</td>
                <td>{gib(fit.memory.totalGiB)}</td>
                <td>{gib(cap.capacityGiB)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>
      <section className="card" aria-labelledby="speed-title">
        <h3 id="speed-title">Speed</h3>
        {fit.speed == null ? (
          <p>No speed estimate: the model does not fit on this hardware.</p>
        ) : (
          <>
            <dl className="facts">
              <div>
                <dt>Generation</dt>
                <dd>{tokensPerSec(fit.speed.decodeTokensPerSec)} tokens/s</dd>
              </div>
              <div>
                <dt>Prompt processing</dt>
                <dd>{tokensPerSec(fit.speed.prefillTokensPerSec)} tokens/s</dd>
              </div>
              <div>
                <dt>First token</dt>
                <dd>
                  {fit.speed.timeToFirstTokenSec.toFixed(2)} s for a {fit.speed.promptTokens}-token
                  prompt
                </dd>
              </div>
            </dl>
            <p>{fit.speed.basis.explanation}</p>
            <dl className="facts basis">
              <div>
                <dt>Memory bandwidth</dt>
                <dd>
                  {fit.speed.basis.bandwidthGBps.toFixed(0)} GB/s ·{' '}
                  <SourceText source={fit.speed.basis.bandwidthSource} />
                </dd>
              </div>
              {fit.speed.basis.computeTflops != null && (
                <div>
                  <dt>Compute</dt>
                  <dd>
                    {fit.speed.basis.computeTflops.toFixed(1)} TFLOPS
                    {fit.speed.basis.computeSource != null && (
                      <>
                        {' · '}
                        <SourceText source={fit.speed.basis.computeSource} />
                      </>
                    )}
                  </dd>
                </div>
              )}
              <div>
                <dt>Efficiency</dt>
                <dd>
                  {Math.round(fit.speed.basis.efficiency * 100)}% of peak ·{' '}
                  <SourceText source={fit.speed.basis.efficiencySource} />
                </dd>
              </div>
              <div>
                <dt>Figures</dt>
                <dd>
                  {fit.speed.basis.kind === 'measured'
                    ? 'measured on this machine (calibrated)'
                    : 'datasheet figures (catalog)'}
                </dd>
              </div>
            </dl>
          </>
        )}
      </section>
    </article>
  )
}
