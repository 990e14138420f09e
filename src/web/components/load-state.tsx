/** The loading and error states every view shares: announced to screen readers, with a retry. */
import type { ReactNode } from 'react'
import type { Loaded } from '../use-load.js'

/** Renders `children(data)` once loaded; a message while loading; the error with a retry button. */
export function LoadState<T>({
  state,
  what,
  children,
}: {
  state: Loaded<T> & { reload: () => void }
  what: string
  children: (data: T) => ReactNode
}) {
  if (state.data != null)
    return (
      <>
        {state.error != null && <ErrorLine message={state.error} retry={state.reload} />}
        {children(state.data)}
      </>
    )
  if (state.error != null) return <ErrorLine message={state.error} retry={state.reload} />
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  )
}

/** One-line error with a retry button. */
export function ErrorLine({ message, retry }: { message: string; retry?: () => void }) {
  return (
    <div className="error" role="alert">
      <span>{message}</span>
      {retry != null && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  )
}
