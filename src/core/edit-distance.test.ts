import { describe, expect, it } from 'vitest'
import { editDistance } from './edit-distance.js'

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['rtx3090', 'rtx3090', 0],
    ['rtx3090', 'rtx3080', 1],
    ['kv-cahce', 'kv-cache', 2],
    ['', 'abc', 3],
    ['llama', 'lama', 1],
  ])('%s -> %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d)
    expect(editDistance(b, a)).toBe(d)
  })
})
