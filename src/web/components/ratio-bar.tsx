/**
 * A measured figure against its reference (a datasheet peak or a prediction): the bar is the
 * measured value, the line the reference, both on a scale to the larger of the two. Screen
 * readers get one sentence.
 */
import { figure, referenceText } from '../bench-view.js'
import { percent } from '../format.js'

/** Measured against reference, with the ratio in words. */
export function RatioBar({
  measured,
  reference,
  kind,
  unit,
}: {
  measured: number
  reference: number
  kind: 'peak' | 'predicted'
  unit: string
}) {
  const scale = Math.max(measured, reference)
  const words = referenceText(measured, reference, kind)
  const label = `measured ${figure(measured, unit)}, ${kind === 'peak' ? 'peak' : 'predicted'} ${figure(reference, unit)}: ${words}`
  return (
    <div className="bar-wrap">
      <div className="bar" role="img" aria-label={label}>
        <span
          className="bar-part part-measured"
          style={{ width: `${percent(measured, scale)}%` }}
        />
        <span className="bar-reference" style={{ left: `${percent(reference, scale)}%` }} />
      </div>
      <span className="small">{words}</span>
    </div>
  )
}
