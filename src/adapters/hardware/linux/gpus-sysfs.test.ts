import { describe, expect, it } from 'vitest'
import { bytesToMiB, gpuCandidates, isDisplayOnly } from './gpus-sysfs.js'
import type { PciDevice } from './pci-devices.js'

describe('GPU selection', () => {
  it.each([
    ['15ad:0405', true],
    ['1af4:1050', true],
    ['1b36:0100', true],
    ['1234:1111', true],
    ['1414:5353', true],
    ['1a03:2000', true],
    ['10de:2204', false],
    ['1002:744c', false],
    ['8086:46a6', false],
  ])('isDisplayOnly(%s) = %s', (id, displayOnly) => {
    expect(isDisplayOnly(id)).toBe(displayOnly)
  })

  it('keeps class 03 devices that can compute and nothing else', () => {
    const dev = (busId: string, vendorId: string, deviceId: string, classCode: string) =>
      ({ busId, vendorId, deviceId, classCode, driver: null }) satisfies PciDevice
    const pci = [
      dev('0000:00:0f.0', '15ad', '0405', '030000'),
      dev('0000:0b:00.0', '10de', '2204', '030000'),
      dev('0000:0b:00.1', '10de', '1aef', '040300'),
      dev('0000:06:00.0', '10de', '15f8', '030200'),
    ]
    expect(gpuCandidates(pci).map((d) => d.busId)).toEqual(['0000:0b:00.0', '0000:06:00.0'])
  })

  it.each([
    ['25753026560', 24560],
    ['8573157376', 8176],
    ['abc', null],
    ['-1', null],
    ['', null],
    [undefined, null],
  ])('bytesToMiB(%j) = %s', (text, mib) => {
    expect(bytesToMiB(text)).toBe(mib)
  })
})
