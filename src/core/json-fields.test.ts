import { describe, expect, it } from 'vitest'
import {
  FieldProblem,
  childPath,
  describeValue,
  readEnum,
  readNullableNumber,
  readNumber,
  readStringList,
} from './json-fields.js'

describe('json-fields', () => {
  it('builds paths and short value descriptions', () => {
    expect(childPath(childPath(childPath('', 'gpus'), 1), 'vramMiB')).toBe('gpus[1].vramMiB')
    expect(describeValue('lots')).toBe('"lots"')
    expect(describeValue(undefined)).toBe('nothing')
    expect(describeValue('x'.repeat(100))).toHaveLength(40)
  })

  it('checks numbers against their range', () => {
    expect(readNumber(3, 'n', { min: 1, integer: true })).toBe(3)
    expect(readNullableNumber(undefined, 'n')).toBeNull()
    expect(() => readNumber(0, 'n', { min: 0, minExclusive: true })).toThrow(
      new FieldProblem('n', 'must be > 0, got 0'),
    )
    expect(() => readNumber(Number.NaN, 'n')).toThrow('n must be a number, got null')
  })

  it('checks enums and string lists', () => {
    expect(readEnum('a', 'e', ['a', 'b'])).toBe('a')
    expect(() => readEnum('c', 'e', ['a', 'b'])).toThrow('e must be one of a, b, got "c"')
    expect(readStringList(undefined, 'l')).toEqual([])
    expect(() => readStringList(['x', 2], 'l')).toThrow('l[1] must be a non-empty string, got 2')
  })
})
