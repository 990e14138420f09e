import type { Accelerator, ProbeNote } from '../../../core/hardware.js'
import type { PciDevice } from './pci-devices.js'
import type { UsbDevice } from './usb-devices.js'

/** USB 3 SuperSpeed; below this the Coral USB Accelerator is limited by the bus. */
const USB3_MBPS = 5000

/** Whether a PCI function is a Coral PCIe/M.2 Edge TPU (each die of a Dual Edge TPU is one). */
export function isCoralPci(dev: PciDevice): boolean {
  return dev.vendorId === '1ac1' && dev.deviceId === '089a'
}

/**
 * Coral USB, PCIe and M.2 Edge TPUs among the USB and PCI devices.
 * `apexNodes` maps a PCI bus id to its `apex_N` device names (from `<device>/apex/` in sysfs).
 */
export function detectCorals(
  usb: readonly UsbDevice[],
  pci: readonly PciDevice[],
  apexNodes: ReadonlyMap<string, readonly string[]>,
): { accelerators: Accelerator[]; notes: ProbeNote[] } {
  const accelerators: Accelerator[] = []
  const notes: ProbeNote[] = []
  for (const dev of usb) {
    const id = `${dev.vendorId}:${dev.productId}`
    // Before the Edge TPU runtime uploads firmware the stick shows as Global Unichip 1a6e:089a;
    // afterwards it re-enumerates as Google 18d1:9302.
    const state = id === '1a6e:089a' ? 'bootloader' : id === '18d1:9302' ? 'ready' : null
    if (state == null) continue
    const devNotes: string[] = []
    if (state === 'bootloader')
      devNotes.push(
        'Firmware not loaded yet: normal until the Edge TPU runtime first opens it (it then shows as 18d1:9302)',
      )
    if (dev.speedMbps != null && dev.speedMbps < USB3_MBPS) {
      devNotes.push(`Runs at USB 2 speed (${dev.speedMbps} Mbit/s): inference will be slower`)
      notes.push({
        area: 'accelerator',
        message: `Coral USB Accelerator on port ${dev.port} runs at USB 2 speed (${dev.speedMbps} Mbit/s)`,
        fix: 'Plug it into a USB 3 port (blue) with a short USB 3 cable',
      })
    }
    accelerators.push({
      kind: 'coral-usb',
      name: 'Coral USB Accelerator',
      id,
      state,
      usbSpeedMbps: dev.speedMbps,
      busId: dev.port,
      driver: null,
      notes: devNotes,
    })
  }
  // The Coral's PCI class is unassigned (0x0000ff) or rewritten by its driver, so match the ids.
  for (const dev of pci) {
    if (!isCoralPci(dev)) continue
    const ready = dev.driver === 'apex'
    const devNotes = ready
      ? (apexNodes.get(dev.busId) ?? []).map((n) => `Device node /dev/${n}`)
      : [`No apex driver bound${dev.driver != null ? ` (bound to ${dev.driver})` : ''}`]
    if (!ready)
      notes.push({
        area: 'accelerator',
        message: `Coral PCIe/M.2 Edge TPU at ${dev.busId} has no apex driver bound`,
        fix: 'Install the gasket-dkms and libedgetpu1-std packages from the Coral apt repository, then reboot',
      })
    accelerators.push({
      kind: 'coral-pcie',
      name: 'Coral PCIe/M.2 Edge TPU',
      id: '1ac1:089a',
      state: ready ? 'ready' : 'no-driver',
      usbSpeedMbps: null,
      busId: dev.busId,
      driver: dev.driver,
      notes: devNotes,
    })
  }
  return { accelerators, notes }
}
