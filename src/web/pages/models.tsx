/**
 * Models: the catalog ranked for this machine (`homelab-ai models --json`), with filters, sorting,
 * a memory bar per model, speeds, the why behind each verdict, and the what-if editor. Language
 * models come first; image, speech and embedding models follow in sections of their own, each
 * with its own speed figure (`models --kind image|speech|embedding`). The what-if state lives
 * here, so it stays while the reader opens a model's detail and comes back.
 */
import { useMemo, useState } from 'react'
import { callApi } from '../api.js'
import type { FitResult, ModelsQuery, ModelsResponse } from '../../server/api-types.js'
import type { ModelKind } from '../../core/model-catalog.js'
import { QUANT_LADDER, RANK_CONTEXTS } from '../../core/fit.js'
import { useDebounced, useLoad } from '../use-load.js'
import { LoadState } from '../components/load-state.js'
import { LevelBadge } from '../components/badge.js'
import { BarLegend, StackedBar } from '../components/stacked-bar.js'
import { contextLabel, gib, tokensPerSec } from '../format.js'
import { modelHref } from '../router.js'
import { capacityOf, memoryParts, placementText } from '../model-memory.js'
import { NO_WHAT_IF, isWhatIf, whatIfKey, whatIfQuery, type WhatIf } from './what-if.js'
import { WhatIfEditor } from './what-if-editor.js'
import { ModelDetail } from './model-detail.js'
import { HardwareLine } from './hardware-line.js'
import { AuxSections } from './aux-model-list.js'
import { isAuxKind } from './aux-model-format.js'

const KINDS: readonly { value: ModelKind | ''; label: string }[] = [
  { value: '', label: 'All kinds' },
  { value: 'llm', label: 'Language models' },
  { value: 'image', label: 'Image generation' },
  { value: 'speech', label: 'Speech' },
  { value: 'embedding', label: 'Embeddings' },
]

type SortKey = 'rank' | 'decode' | 'memory' | 'name'
const SORTS: readonly { value: SortKey; label: string }[] = [
  { value: 'rank', label: 'Best for this machine' },
  { value: 'decode', label: 'Fastest generation' },
  { value: 'memory', label: 'Least memory' },
  { value: 'name', label: 'Name' },
]

/** Filters sent to the server (the CLI's flags) and the sort done here. */
interface Filters {
  readonly kind: ModelKind | ''
  readonly fitsOnly: boolean
  readonly quant: string
  readonly ctx: string
  readonly sort: SortKey
}

const PART_LABELS = [
  { label: 'weights', className: 'part-weights' },
  { label: 'KV cache', className: 'part-kv' },
  { label: 'compute buffers', className: 'part-compute' },
  { label: 'reserve', className: 'part-reserve' },
]

const DEFAULT_FILTERS: Filters = { kind: '', fitsOnly: false, quant: '', ctx: '', sort: 'rank' }

/** Sorts a copy; `rank` keeps the server's order (verdict first, then speed and size). */
export function sortModels(models: readonly FitResult[], sort: SortKey): FitResult[] {
  const list = [...models]
  switch (sort) {
    case 'rank':
      return list
    case 'decode':
      return list.sort(
        (a, b) => (b.speed?.decodeTokensPerSec ?? -1) - (a.speed?.decodeTokensPerSec ?? -1),
      )
    case 'memory':
      return list.sort((a, b) => a.memory.totalGiB - b.memory.totalGiB)
    case 'name':
      return list.sort((a, b) => a.model.name.localeCompare(b.model.name))
  }
}

/** The Models page; with a model id, that model's detail under the same what-if. */
export function ModelsPage({ modelId }: { modelId: string | null }) {
  const [whatIf, setWhatIf] = useState<WhatIf>(NO_WHAT_IF)
  const [filters, setFilters] = useState<Filters>(DEFAULT_FILTERS)
  const settled = useDebounced(whatIf, 200)

  return (
    <>
      <h1>{modelId == null ? 'Models' : 'Model detail'}</h1>
      <div className="models-layout">
        <div className="models-side">
          <WhatIfEditor value={whatIf} onChange={setWhatIf} />
        </div>
        <div className="models-main">
          {modelId == null ? (
            <ModelList whatIf={settled} filters={filters} onFilters={setFilters} />
          ) : (
            <ModelDetail key={modelId} modelId={modelId} whatIf={settled} />
          )}
        </div>
      </div>
    </>
  )
}

function ModelList({
  whatIf,
  filters,
  onFilters,
}: {
  whatIf: WhatIf
  filters: Filters
  onFilters: (f: Filters) => void
}) {
  // Image, speech and embedding models are sized at their published files: no quant or context.
  const llmSettings = !isAuxKind(filters.kind)
  const quant = llmSettings ? filters.quant : ''
  const ctx = llmSettings ? filters.ctx : ''
  const query: ModelsQuery = {
    ...whatIfQuery(whatIf),
    ...(filters.kind !== '' && { kind: filters.kind }),
    ...(filters.fitsOnly && { fits: '1' as const }),
    ...(quant !== '' && { quant }),
    ...(ctx !== '' && { ctx }),
  }
  const key = `${whatIfKey(whatIf)}|${filters.kind}|${filters.fitsOnly}|${quant}|${ctx}`
  const models = useLoad(key, (signal) => callApi('GET /api/models', { signal, query }))
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => onFilters({ ...filters, [k]: v })

  return (
    <>
      <section className="card filters" aria-labelledby="filters-title">
        <h2 id="filters-title" className="visually-hidden">
          Filters
        </h2>
        <div className="field-row">
          <div>
            <label htmlFor="f-kind">Kind</label>
            <select
              id="f-kind"
              value={filters.kind}
              onChange={(e) => set('kind', e.target.value as ModelKind | '')}
            >
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-quant">Quantization</label>
            <select
              id="f-quant"
              value={quant}
              disabled={!llmSettings}
              onChange={(e) => set('quant', e.target.value)}
            >
              <option value="">Best that fits</option>
              {QUANT_LADDER.map((q) => (
                <option key={q} value={q}>
                  {q}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-ctx">Context</label>
            <select
              id="f-ctx"
              value={ctx}
              disabled={!llmSettings}
              onChange={(e) => set('ctx', e.target.value)}
            >
              <option value="">Default (8K)</option>
              {RANK_CONTEXTS.map((c) => (
                <option key={c} value={String(c)}>
                  {contextLabel(c)} tokens
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-sort">Sort by</label>
            <select
              id="f-sort"
              value={filters.sort}
              onChange={(e) => set('sort', e.target.value as SortKey)}
            >
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <div className="checkbox">
            <input
              id="f-fits"
              type="checkbox"
              checked={filters.fitsOnly}
              onChange={(e) => set('fitsOnly', e.target.checked)}
            />
            <label htmlFor="f-fits">Only models that fit</label>
          </div>
        </div>
      </section>
      <LoadState state={models} what="the model ranking">
        {(data) => (
          <Ranking
            data={data}
            sort={filters.sort}
            whatIf={isWhatIf(whatIf)}
            busy={models.loading}
          />
        )}
      </LoadState>
    </>
  )
}

function Ranking({
  data,
  sort,
  whatIf,
  busy,
}: {
  data: ModelsResponse
  sort: SortKey
  whatIf: boolean
  busy: boolean
}) {
  const sorted = useMemo(() => sortModels(data.models, sort), [data, sort])
  const total = sorted.length + data.others.length
  return (
    <section aria-labelledby="ranking-title" aria-busy={busy}>
      <h2 id="ranking-title">
        {total} model{total === 1 ? '' : 's'}
        {whatIf ? ' on the what-if hardware' : ' on this machine'}
      </h2>
      <HardwareLine hw={data.hardware} />
      {total === 0 ? (
        <p>{data.note ?? 'No model matches these filters.'}</p>
      ) : (
        <BarLegend labels={PART_LABELS} />
      )}
      {sorted.length > 0 && (
        <>
          {data.others.length > 0 && <h3 id="llm-title">Language models</h3>}
          <ol className="model-list" data-testid="model-table">
            {sorted.map((fit) => (
              <ModelRow
                key={`${fit.model.id}-${fit.quant}-${fit.contextTokens}`}
                fit={fit}
                data={data}
              />
            ))}
          </ol>
        </>
      )}
      <AuxSections others={data.others} hardware={data.hardware} sort={sort} />
    </section>
  )
}

function ModelRow({ fit, data }: { fit: FitResult; data: ModelsResponse }) {
  const cap = capacityOf(fit, data.hardware)
  return (
    <li className="model-row" data-model={fit.model.id} data-level={fit.level}>
      <div className="model-name">
        <a href={modelHref(fit.model.id)}>{fit.model.name}</a>
        <span className="muted small">
          {fit.model.kind} · {fit.quant} · {contextLabel(fit.contextTokens)} context
        </span>
      </div>
      <div className="model-verdict">
        <LevelBadge level={fit.level} />
        <span className="muted small">{placementText(fit)}</span>
      </div>
      <div className="model-memory">
        <StackedBar
          parts={memoryParts(fit.memory)}
          capacityGiB={cap.capacityGiB}
          capacityLabel={cap.label}
        />
        <span className="muted small">
          {gib(fit.memory.totalGiB)} of {gib(cap.capacityGiB)} {cap.label}
        </span>
      </div>
      <div className="model-speed">
        {fit.speed == null ? (
          <span className="muted">no speed: does not fit</span>
        ) : (
          <>
            <span>
              <strong>{tokensPerSec(fit.speed.decodeTokensPerSec)}</strong> tok/s
            </span>
            <span className="muted small">
              prompt {tokensPerSec(fit.speed.prefillTokensPerSec)} tok/s · first token{' '}
              {fit.speed.timeToFirstTokenSec.toFixed(1)} s
            </span>
          </>
        )}
      </div>
      {fit.reasons.length > 0 && (
        <details className="model-why">
          <summary>Why</summary>
          <ul>
            {fit.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </details>
      )}
    </li>
  )
}
