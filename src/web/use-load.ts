/**
 * Loads data for a view: aborts the previous request when the inputs change, and keeps the last
 * good data on screen while the next one loads, so what-if edits do not flash an empty page.
 */
import { useCallback, useEffect, useRef, useState } from 'react'

/** Where a load stands; `data` is the last good answer, also while reloading. */
export interface Loaded<T> {
  readonly data: T | null
  readonly error: string | null
  readonly loading: boolean
}

/** Runs `load` now and whenever `key` changes; `reload()` runs it again on demand. */
export function useLoad<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): Loaded<T> & { reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true })
  const [tick, setTick] = useState(0)
  // The latest loader without re-running the effect when a parent passes a new closure.
  const loadRef = useRef(load)
  loadRef.current = load
  useEffect(() => {
    const controller = new AbortController()
    setState((s) => ({ ...s, loading: true }))
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false })
      },
      (err: unknown) => {
        if (controller.signal.aborted) return
        const message = err instanceof Error ? err.message : String(err)
        setState((s) => ({ data: s.data, error: message, loading: false }))
      },
    )
    return () => controller.abort()
  }, [key, tick])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { ...state, reload }
}

/** `value`, but only after it stopped changing for `delayMs` (typing 128 asks once, not thrice). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delayMs)
    return () => window.clearTimeout(timer)
  }, [value, delayMs])
  return settled
}
