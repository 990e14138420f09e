/**
 * A page whose code loads on demand, like React's `lazy`, but which renders at once when its
 * chunk is already here. `lazy` always suspends on its first render, and React then holds the
 * page back for up to 300 ms after the fallback showed (its Suspense throttle), which delayed the
 * first page's data requests by that much. `main.tsx` preloads the first page before the first
 * render; `use` reads a promise marked fulfilled without suspending.
 */
import { use, type ComponentType } from 'react'

/** A promise with the fields React's `use` reads to answer without suspending. */
interface TrackedPromise<T> extends Promise<T> {
  status?: 'pending' | 'fulfilled' | 'rejected'
  value?: T
  reason?: unknown
}

/** A page component and the function that starts loading its chunk. */
export interface LazyPage<P extends object> {
  readonly Page: ComponentType<P>
  /** Starts loading the chunk (once) and resolves when it is here. */
  preload(): Promise<void>
}

/** Wraps a chunk loader; the page suspends only while the chunk is still on its way. */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let loading: Promise<ComponentType<P>> | null = null
  const start = (): Promise<ComponentType<P>> => {
    if (loading != null) return loading
    const promise = load()
    const tracked: TrackedPromise<ComponentType<P>> = promise
    tracked.status = 'pending'
    tracked.then(
      (value) => {
        tracked.status = 'fulfilled'
        tracked.value = value
      },
      (reason: unknown) => {
        tracked.status = 'rejected'
        tracked.reason = reason
      },
    )
    loading = promise
    return promise
  }
  function Page(props: P) {
    const Loaded = use(start())
    return <Loaded {...props} />
  }
  return {
    Page,
    preload: () => start().then(() => undefined),
  }
}
