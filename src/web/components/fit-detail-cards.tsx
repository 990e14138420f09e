/**
 * The cards both model detail views are built from (LLMs, and image/speech/embedding models): the
 * verdict with its reasons, and the memory bar with its table per device.
 */
import type { ReactNode } from 'react'
import type { DeviceMemory, MemoryBreakdown } from '../../core/fit-types.js'
import { gib } from '../format.js'
import { StackedBar, type BarPart } from './stacked-bar.js'

/** The verdict card: name, badge, what was sized (joined by `·`), then `children`, then why. */
export function FitSummaryCard({
  name,
  badge,
  details,
  reasons,
  children,
}: {
  name: string
  badge: ReactNode
  details: readonly string[]
  reasons: readonly string[]
  /** Between the details and the reasons: the hardware line. */
  children: ReactNode
}) {
  return (
    <section className="card">
      <div className="summary-head">
        <h2 id="fit-title">{name}</h2>
        {badge}
      </div>
      <p className="muted">{details.join(' · ')}</p>
      {children}
      <h3>Why</h3>
      <ul>
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    </section>
  )
}

const COLUMNS = {
  layers: { label: 'Layers', cell: (d: DeviceMemory) => d.layers },
  weights: { label: 'Weights', cell: (d: DeviceMemory) => gib(d.weightsGiB) },
  kvCache: { label: 'KV cache', cell: (d: DeviceMemory) => gib(d.kvCacheGiB) },
  compute: { label: 'Compute', cell: (d: DeviceMemory) => gib(d.computeGiB) },
  reserve: { label: 'Reserve', cell: (d: DeviceMemory) => gib(d.reserveGiB) },
  total: { label: 'Total', cell: (d: DeviceMemory) => gib(d.totalGiB) },
  available: { label: 'Available', cell: (d: DeviceMemory) => gib(d.availableGiB) },
} as const

/** A column of the memory table after the device's name. */
export type MemoryColumn = keyof typeof COLUMNS

/** The memory card: the bar against what the placement may use, then one row per device. */
export function DeviceMemoryCard({
  memory,
  parts,
  capacity,
  columns,
  totalRow,
}: {
  memory: MemoryBreakdown
  parts: readonly BarPart[]
  capacity: { readonly capacityGiB: number; readonly label: string }
  columns: readonly MemoryColumn[]
  /** A last `<tr>` summing the devices, with one cell per column. */
  totalRow?: ReactNode
}) {
  return (
    <section className="card" aria-labelledby="memory-title">
      <h3 id="memory-title">Memory</h3>
      <StackedBar
        parts={parts}
        capacityGiB={capacity.capacityGiB}
        capacityLabel={capacity.label}
        showLegend
      />
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Memory per device">
        <table>
          <caption className="visually-hidden">Memory per device, in GiB</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {COLUMNS[c].label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {memory.perDevice.map((d) => (
              <tr key={d.device} className={d.totalGiB > d.availableGiB ? 'over' : undefined}>
                <th scope="row">
                  {d.name} <span className="muted small">({d.device})</span>
                </th>
                {columns.map((c) => (
                  <td key={c}>{COLUMNS[c].cell(d)}</td>
                ))}
              </tr>
            ))}
            {totalRow}
          </tbody>
        </table>
      </div>
    </section>
  )
}
