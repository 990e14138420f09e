/**
 * The Models page's image, speech and embedding sections: one row per model with its verdict,
 * where it runs, the format and memory it was sized with, its own speed figure and the why.
 * The same answers `homelab-ai models --kind image|speech|embedding --json` prints.
 */
import type { AuxFitResult } from '../../core/fit-aux-types.js'
import type { HardwareProfile } from '../../core/hardware.js'
import { AuxLevelBadge } from '../components/aux-level-badge.js'
import { StackedBar } from '../components/stacked-bar.js'
import { gib } from '../format.js'
import {
  AUX_SECTIONS,
  auxCapacity,
  auxMemoryParts,
  auxModelHref,
  auxPlacementText,
  auxSpeedDetail,
  auxSpeedText,
  sortAux,
} from './aux-model-format.js'

type SortKey = Parameters<typeof sortAux>[1]

/** One section per kind present in `others`, each in the page's sort order. */
export function AuxSections({
  others,
  hardware,
  sort,
}: {
  others: readonly AuxFitResult[]
  hardware: HardwareProfile
  sort: SortKey
}) {
  return (
    <>
      {AUX_SECTIONS.map(({ kind, title }) => {
        const list = sortAux(
          others.filter((r) => r.model.kind === kind),
          sort,
        )
        if (list.length === 0) return null
        return (
          <section key={kind} className="aux-section" aria-labelledby={`aux-${kind}-title`}>
            <h3 id={`aux-${kind}-title`}>
              {title} <span className="muted small">({list.length})</span>
            </h3>
            <ol className="model-list" data-testid={`aux-table-${kind}`}>
              {list.map((r) => (
                <AuxRow key={r.model.id} r={r} hardware={hardware} />
              ))}
            </ol>
          </section>
        )
      })}
    </>
  )
}

function AuxRow({ r, hardware }: { r: AuxFitResult; hardware: HardwareProfile }) {
  const cap = auxCapacity(r, hardware)
  return (
    <li className="model-row" data-model={r.model.id} data-level={r.level}>
      <div className="model-name">
        <a href={auxModelHref(r)}>{r.model.name}</a>
        <span className="muted small">
          {r.model.kind} · {r.quant ?? 'no file sized'}
          {r.formats.length > 1 && ` (of ${r.formats.join(', ')})`}
        </span>
      </div>
      <div className="model-verdict">
        <AuxLevelBadge level={r.level} />
        <span className="muted small">{auxPlacementText(r)}</span>
      </div>
      <div className="model-memory">
        {r.memory == null ? (
          <span className="muted">size unknown</span>
        ) : (
          <>
            <StackedBar
              parts={auxMemoryParts(r.memory)}
              capacityGiB={cap.capacityGiB}
              capacityLabel={cap.label}
            />
            <span className="muted small">
              {gib(r.memory.totalGiB)} of {gib(cap.capacityGiB)} {cap.label}
            </span>
          </>
        )}
      </div>
      <div className="model-speed">
        <span>
          <strong>{auxSpeedText(r)}</strong>
        </span>
        {r.speed != null && <span className="muted small">{auxSpeedDetail(r)}</span>}
      </div>
      {r.reasons.length > 0 && (
        <details className="model-why">
          <summary>Why</summary>
          <ul>
            {r.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </details>
      )}
    </li>
  )
}
