import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { edacChannel, edacMemType, parseMeminfo } from './parse-meminfo.js'

describe('parseMeminfo', () => {
  it('converts kB exactly (kB × 1024 / 2^30) on a recorded meminfo', () => {
    const text = readFileSync(
      new URL('./fixtures/kvm-vm-p100-passthrough/proc/meminfo', import.meta.url),
      'utf8',
    )
    expect(parseMeminfo(text)).toEqual({
      totalGiB: (30601816 * 1024) / 2 ** 30,
      availableGiB: (29987976 * 1024) / 2 ** 30,
    })
  })

  it('estimates available as free + cached on kernels without MemAvailable', () => {
    const text = 'MemTotal:  2097152 kB\nMemFree:  1048576 kB\nCached:  524288 kB\n'
    expect(parseMeminfo(text)).toEqual({ totalGiB: 2, availableGiB: 1.5 })
  })

  it.each(['', 'MemTotal: lots kB', 'MemFree: 12 kB'])('is null without a MemTotal (%j)', (t) => {
    expect(parseMeminfo(t)).toBeNull()
  })
})

describe('EDAC values', () => {
  it.each([
    ['Registered-DDR5', 'DDR5'],
    ['Unbuffered-DDR4', 'DDR4'],
    ['Low-Power-DDR4-RAM', 'LPDDR4'],
    ['Load-Reduced-DDR4-RAM', 'DDR4'],
    ['High-bandwidth-memory-Gen2', 'HBM2'],
    ['Empty', null],
    ['Unknown', null],
  ])('edacMemType(%s) = %s', (raw, type) => {
    expect(edacMemType(raw)).toBe(type)
  })

  it.each([
    ['channel 1 slot 0', '1'],
    ['csrow 0 channel 3', '3'],
    ['slot 2', null],
  ])('edacChannel(%s) = %s', (raw, channel) => {
    expect(edacChannel(raw)).toBe(channel)
  })
})
