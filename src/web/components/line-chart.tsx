/**
 * A small line chart drawn as inline SVG: one metric over the saved runs. Screen readers get the
 * title and a one-sentence summary in place of the drawing, and a button shows the values as a
 * table for anyone who wants the numbers. Colours come from styles.css classes (the CSP forbids
 * inline style attributes).
 */
import { useId, useState } from 'react'
import { chartGeometry, number, tickLabel, type ChartBox, type SeriesPoint } from '../bench-view.js'
import { dateTime } from '../format.js'

// Close to the size it is drawn at in a grid cell, so the 11px labels stay readable.
const BOX: ChartBox = { width: 280, height: 130, left: 42, right: 10, top: 10, bottom: 24 }

/** One metric's history: title, unit, points oldest first and the sentence that sums it up. */
export function LineChart({
  title,
  unit,
  points,
  caption,
  summary,
}: {
  title: string
  unit: string
  points: readonly SeriesPoint[]
  /** Shown under the title. */
  caption: string
  /** The whole story in one sentence, read out in place of the drawing. */
  summary: string
}) {
  const id = useId()
  const [showTable, setShowTable] = useState(false)
  const geometry = chartGeometry(
    points.map((p) => p.value),
    BOX,
  )
  const first = points[0]
  const last = points[points.length - 1]
  const line = geometry.points.map((p) => `${p.x},${p.y}`).join(' ')
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h4 id={`${id}-title`} className="chart-title">
          {title} <span className="muted small">({unit})</span>
        </h4>
        <p className="muted small chart-summary" aria-hidden="true">
          {caption}
        </p>
        <p id={`${id}-summary`} className="visually-hidden">
          {summary}
        </p>
      </figcaption>
      <svg
        className="chart-svg"
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-summary`}
      >
        {geometry.ticks.map((t) => (
          <g key={t}>
            <line
              className="chart-gridline"
              x1={BOX.left}
              x2={BOX.width - BOX.right}
              y1={geometry.yOf(t)}
              y2={geometry.yOf(t)}
            />
            <text className="chart-label" x={BOX.left - 6} y={geometry.yOf(t) + 4} textAnchor="end">
              {tickLabel(t)}
            </text>
          </g>
        ))}
        {points.length > 1 && <polyline className="chart-line" points={line} />}
        {geometry.points.map((p, i) => (
          <circle key={points[i]?.runId ?? i} className="chart-dot" cx={p.x} cy={p.y} r={3.5}>
            <title>
              {`run #${points[i]?.runId ?? ''}: ${number(points[i]?.value ?? 0)} ${unit}`}
            </title>
          </circle>
        ))}
        {first != null && (
          <text className="chart-label" x={BOX.left} y={BOX.height - 8} textAnchor="start">
            {dateTime(first.runAt).slice(0, 10)}
          </text>
        )}
        {last != null && points.length > 1 && (
          <text
            className="chart-label"
            x={BOX.width - BOX.right}
            y={BOX.height - 8}
            textAnchor="end"
          >
            {dateTime(last.runAt).slice(0, 10)}
          </text>
        )}
      </svg>
      <button
        type="button"
        className="link-button small"
        aria-expanded={showTable}
        aria-controls={`${id}-table`}
        onClick={() => setShowTable((v) => !v)}
      >
        {showTable ? 'Hide the data table' : 'Show the data table'}
      </button>
      <div className="table-scroll" id={`${id}-table`} hidden={!showTable}>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">When</th>
              <th scope="col">{unit}</th>
            </tr>
          </thead>
          <tbody>
            {[...points].reverse().map((p) => (
              <tr key={p.runId}>
                <td>#{p.runId}</td>
                <td>{dateTime(p.runAt)}</td>
                <td>{number(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  )
}
