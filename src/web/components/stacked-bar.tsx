/**
 * A horizontal bar of parts against a capacity (VRAM, RAM, disk). Widths are set through the
 * style property, which the page's CSP allows (CSSOM), never through a style attribute in HTML.
 * Screen readers get one sentence instead of the shapes.
 */
import { gib, percent } from '../format.js'

/** One coloured part of a bar. */
export interface BarPart {
  readonly label: string
  readonly valueGiB: number
  /** A class from styles.css: `part-weights`, `part-kv`, `part-compute`, `part-reserve`, `part-used`. */
  readonly className: string
}

/** Parts side by side; past `capacityGiB` the bar is marked as overflowing. */
export function StackedBar({
  parts,
  capacityGiB,
  capacityLabel,
  showLegend = false,
}: {
  parts: readonly BarPart[]
  capacityGiB: number
  capacityLabel: string
  showLegend?: boolean
}) {
  const totalGiB = parts.reduce((n, p) => n + p.valueGiB, 0)
  // Scale to whichever is larger, so an overflow shows how far past the capacity it goes.
  const scale = Math.max(totalGiB, capacityGiB)
  const over = totalGiB > capacityGiB
  const summary = `${gib(totalGiB)} of ${gib(capacityGiB)} ${capacityLabel}${over ? ', over capacity' : ''}: ${parts.map((p) => `${p.label} ${gib(p.valueGiB)}`).join(', ')}`
  return (
    <div className="bar-wrap">
      <div className={over ? 'bar bar-over' : 'bar'} role="img" aria-label={summary}>
        {parts.map((p) =>
          p.valueGiB > 0 ? (
            <span
              key={p.label}
              className={`bar-part ${p.className}`}
              style={{ width: `${percent(p.valueGiB, scale)}%` }}
              title={`${p.label}: ${gib(p.valueGiB)}`}
            />
          ) : null,
        )}
        {over && (
          <span
            className="bar-capacity"
            style={{ left: `${percent(capacityGiB, scale)}%` }}
            title={`${capacityLabel}: ${gib(capacityGiB)}`}
          />
        )}
      </div>
      {showLegend && (
        <ul className="legend" aria-hidden="true">
          {parts.map((p) => (
            <li key={p.label}>
              <span className={`swatch ${p.className}`} />
              {p.label} {gib(p.valueGiB)}
            </li>
          ))}
          <li>
            <span className="swatch swatch-capacity" />
            {capacityLabel} {gib(capacityGiB)}
          </li>
        </ul>
      )}
    </div>
  )
}

/** The colour key for bars drawn from `parts`, shown once above a list of bars. */
export function BarLegend({ labels }: { labels: readonly Pick<BarPart, 'label' | 'className'>[] }) {
  return (
    <ul className="legend list-legend" aria-hidden="true">
      {labels.map((p) => (
        <li key={p.label}>
          <span className={`swatch ${p.className}`} />
          {p.label}
        </li>
      ))}
      <li>
        <span className="swatch swatch-capacity" />
        where the memory runs out
      </li>
    </ul>
  )
}
