/** One fact of a `<dl className="facts">` list, and a figure followed by where it comes from. */
import type { ReactNode } from 'react'
import { SourceText } from './source-text.js'

/** A term and its value. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

/** A figure and, when known, its source after a `·` (a URL becomes a link). */
export function SourcedFact({
  label,
  value,
  source,
}: {
  label: string
  value: string
  source: string | null
}) {
  return (
    <Fact label={label}>
      {value}
      {source != null && (
        <>
          {' · '}
          <SourceText source={source} />
        </>
      )}
    </Fact>
  )
}
