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
import { DeviceMemoryCard, FitSummaryCard } from '../components/fit-detail-cards.js'
import { Fact, SourcedFact } from '../components/fact.js'
import { contextLabel, gib, tokensPerSec } from '../format.js'
import { pageHref } from '../router.js'
import { capacityOf, memoryParts, placementText } from '../model-memory.js'
import { whatIfKey, whatIfQuery, type WhatIf } from './what-if.js'
import { HardwareLine } from './hardware-line.js'
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
  const speed = fit.speed
  return (
    <article aria-labelledby="fit-title" data-model={fit.model.id} data-level={fit.level}>
      <FitSummaryCard
        name={fit.model.name}
        badge={<LevelBadge level={fit.level} />}
        details={[
          fit.model.kind,
          fit.quant,
          `${contextLabel(fit.contextTokens)} context`,
          `KV cache ${fit.kvCacheType}`,
          placementText(fit),
        ]}
        reasons={fit.reasons}
      >
        <HardwareLine hw={hardware} />
      </FitSummaryCard>
      <DeviceMemoryCard
        memory={fit.memory}
        parts={memoryParts(fit.memory)}
        capacity={cap}
        columns={['layers', 'weights', 'kvCache', 'compute', 'reserve', 'total', 'available']}
        totalRow={
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
        }
      />
      <section className="card" aria-labelledby="speed-title">
        <h3 id="speed-title">Speed</h3>
        {speed == null ? (
          <p>No speed estimate: the model does not fit on this hardware.</p>
        ) : (
          <>
            <dl className="facts">
              <Fact label="Generation">{tokensPerSec(speed.decodeTokensPerSec)} tokens/s</Fact>
              <Fact label="Prompt processing">
                {tokensPerSec(speed.prefillTokensPerSec)} tokens/s
              </Fact>
              <Fact label="First token">
                {speed.timeToFirstTokenSec.toFixed(2)} s for a {speed.promptTokens}-token prompt
              </Fact>
            </dl>
            <p>{speed.basis.explanation}</p>
            <dl className="facts basis">
              <SourcedFact
                label="Memory bandwidth"
                value={`${speed.basis.bandwidthGBps.toFixed(0)} GB/s`}
                source={speed.basis.bandwidthSource}
              />
              {speed.basis.computeTflops != null && (
                <SourcedFact
                  label="Compute"
                  value={`${speed.basis.computeTflops.toFixed(1)} TFLOPS`}
                  source={speed.basis.computeSource}
                />
              )}
              <SourcedFact
                label="Efficiency"
                value={`${Math.round(speed.basis.efficiency * 100)}% of peak`}
                source={speed.basis.efficiencySource}
              />
              <Fact label="Figures">
                {speed.basis.kind === 'measured'
                  ? 'measured on this machine (calibrated)'
                  : 'datasheet figures (catalog)'}
              </Fact>
            </dl>
          </>
        )}
      </section>
    </article>
  )
}
