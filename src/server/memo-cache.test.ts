import { describe, expect, it } from 'vitest'
import { createMemoCache } from './memo-cache.js'

describe('createMemoCache', () => {
  it('computes once per key and drops the least recently used past the limit', () => {
    const cache = createMemoCache<number>(2)
    let calls = 0
    const compute = (n: number) => () => {
      calls++
      return n
    }
    expect(cache.get('a', compute(1))).toBe(1)
    expect(cache.get('a', compute(9))).toBe(1)
    expect(cache.get('b', compute(2))).toBe(2)
    // Reading `a` makes it the newest, so adding `c` drops `b`.
    cache.get('a', compute(9))
    cache.get('c', compute(3))
    expect(cache.size).toBe(2)
    expect(cache.get('a', compute(9))).toBe(1)
    expect(cache.get('b', compute(4))).toBe(4)
    expect(calls).toBe(4)
  })
})
