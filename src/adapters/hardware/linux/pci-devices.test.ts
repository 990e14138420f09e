import { describe, expect, it } from 'vitest'
import { hexId, pcieGenFromSpeed, pcieWidth } from './pci-devices.js'

describe('PCIe link values', () => {
  it.each([
    ['2.5 GT/s PCIe', 1],
    ['5.0 GT/s PCIe', 2],
    ['8.0 GT/s PCIe', 3],
    ['16.0 GT/s PCIe', 4],
    ['32.0 GT/s PCIe', 5],
    ['64.0 GT/s PCIe', 6],
    // Kernels before 4.17 printed the rate without the PCIe suffix.
    ['8 GT/s', 3],
    ['Unknown', null],
    ['Unknown speed', null],
    ['12.0 GT/s PCIe', null],
    ['', null],
    [undefined, null],
  ])('pcieGenFromSpeed(%j) = %s', (text, gen) => {
    expect(pcieGenFromSpeed(text)).toBe(gen)
  })

  it.each([
    ['16', 16],
    ['x4', 4],
    ['0', null],
    ['abc', null],
    [undefined, null],
  ])('pcieWidth(%j) = %s', (text, width) => {
    expect(pcieWidth(text)).toBe(width)
  })

  it('normalises ids to lower-case hex without 0x', () => {
    expect(hexId('0x10DE')).toBe('10de')
    expect(hexId(undefined)).toBeUndefined()
  })
})
