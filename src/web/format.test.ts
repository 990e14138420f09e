import { describe, expect, it } from 'vitest'
import { count } from './format.js'

describe('count', () => {
  it.each([
    [0, '0'],
    [999.4, '999'],
    [1000, '1,000'],
    [8000, '8,000'],
    [1234567.8, '1,234,568'],
    [-12345, '-12,345'],
  ])('groups %d as %s, like en-US', (value, text) => {
    expect(count(value)).toBe(text)
    expect(count(value)).toBe(
      new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(value),
    )
  })
})
