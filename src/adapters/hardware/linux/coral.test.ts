import { describe, expect, it } from 'vitest'
import { detectCorals } from './coral.js'
import type { PciDevice } from './pci-devices.js'
import type { UsbDevice } from './usb-devices.js'

const usb = (port: string, vendorId: string, productId: string, speedMbps: number | null) =>
  ({ port, vendorId, productId, speedMbps, manufacturer: null, product: null }) satisfies UsbDevice
const pci = (busId: string, driver: string | null) =>
  ({ busId, vendorId: '1ac1', deviceId: '089a', classCode: '0000ff', driver }) satisfies PciDevice

describe('detectCorals', () => {
  it('reads the USB state from the id and warns about USB 2', () => {
    const { accelerators, notes } = detectCorals(
      [
        usb('1-1', '1a6e', '089a', 480),
        usb('2-1', '18d1', '9302', 5000),
        usb('2-2', '0781', '5583', 5000),
      ],
      [],
      new Map(),
    )
    expect(accelerators.map((a) => [a.id, a.state, a.usbSpeedMbps, a.notes.length])).toEqual([
      ['1a6e:089a', 'bootloader', 480, 2],
      ['18d1:9302', 'ready', 5000, 0],
    ])
    expect(notes).toHaveLength(1)
    expect(notes[0]?.message).toContain('USB 2 speed')
  })

  it('matches PCIe Corals by id and tells how to fix a missing driver', () => {
    const { accelerators, notes } = detectCorals(
      [],
      [pci('0000:01:00.0', 'apex'), pci('0000:02:00.0', null), pci('0000:03:00.0', 'vfio-pci')],
      new Map([['0000:01:00.0', ['apex_0']]]),
    )
    expect(accelerators.map((a) => [a.busId, a.state, a.notes])).toEqual([
      ['0000:01:00.0', 'ready', ['Device node /dev/apex_0']],
      ['0000:02:00.0', 'no-driver', ['No apex driver bound']],
      ['0000:03:00.0', 'no-driver', ['No apex driver bound (bound to vfio-pci)']],
    ])
    expect(notes.map((n) => n.fix)).toEqual([
      expect.stringContaining('gasket-dkms'),
      expect.stringContaining('gasket-dkms'),
    ])
  })
})
