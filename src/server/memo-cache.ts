/**
 * A small least-recently-used cache for pure computations the server repeats: ranking the model
 * catalog for the same machine and query gives the same answer until the machine or the query
 * changes, and both are in the key.
 */

/** Remembers up to `limit` answers by key. */
export interface MemoCache<T> {
  /** The answer for `key`, computed on the first call and reused after. */
  get(key: string, compute: () => T): T
  readonly size: number
}

/** Creates an empty cache; the oldest unused entry goes when a new one would pass `limit`. */
export function createMemoCache<T>(limit: number): MemoCache<T> {
  const entries = new Map<string, T>()
  return {
    get(key, compute) {
      if (entries.has(key)) {
        const hit = entries.get(key) as T
        // Map keeps insertion order: re-inserting marks the entry as the most recently used.
        entries.delete(key)
        entries.set(key, hit)
        return hit
      }
      const value = compute()
      entries.set(key, value)
      if (entries.size > limit) entries.delete(entries.keys().next().value as string)
      return value
    },
    get size() {
      return entries.size
    },
  }
}
