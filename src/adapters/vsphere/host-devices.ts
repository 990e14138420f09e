/**
 * A host's devices as the inventory shows them, pure: its PCI functions, the GPUs among them with
 * what passthrough and vGPU allow, and the USB devices a VM can take.
 */
import { coralState, type CoralState } from '../../core/host-target.js'
import type { UsbTarget } from './config-target.js'
import { bool, int, shortToHex, text, type XmlNode } from './soap-envelope.js'

/** A PCI function as the host reports it; ids are lower-case 4-digit hex. */
export interface PciDeviceInfo {
  /** `0000:3b:00.0`. */
  readonly busId: string
  readonly vendorId: string
  readonly deviceId: string
  /** `10de:2204`. */
  readonly pciId: string
  /** PCI class and subclass, `0300` = VGA controller. */
  readonly classId: string
  readonly vendorName: string
  readonly deviceName: string
}

export type InventoryGpuVendor = 'nvidia' | 'amd' | 'intel'

/** A display-class device from NVIDIA, AMD or Intel, with what passthrough and vGPU allow. */
export interface InventoryGpu extends PciDeviceInfo {
  readonly vendor: InventoryGpuVendor
  /** From config.graphicsInfo when the host reports it (needs the vendor's host driver). */
  readonly vramMiB: number | null
  readonly passthroughCapable: boolean
  readonly passthroughEnabled: boolean
  /** Enabled and live: turning passthrough on takes effect only after a host reboot. */
  readonly passthroughActive: boolean
  /** `basic` | `shared` | `direct` | `sharedDirect`, from config.graphicsInfo; null when unknown. */
  readonly graphicsType: string | null
}

/** A host USB device a VM can take (`QueryConfigTarget(host).usb[]`); ids are 4-digit hex. */
export interface InventoryUsbDevice {
  readonly description: string
  readonly vendorId: string
  readonly productId: string
  /** The port's autoconnect path as the host reports it (`path:1/0/1`); null when not given. */
  readonly physicalPath: string | null
  /** A Google Coral USB Accelerator, before or after its firmware load; null for anything else. */
  readonly coral: CoralState | null
  /** The VM using it now, if any (its MoRef id). */
  readonly inUseBy: string | null
}

const GPU_VENDORS: Readonly<Record<string, InventoryGpuVendor>> = {
  '10de': 'nvidia',
  '1002': 'amd',
  '8086': 'intel',
}

/** A ConfigTarget USB entry as the inventory shows it. */
export function inventoryUsb(u: UsbTarget): InventoryUsbDevice {
  return { ...u, coral: coralState(u.vendorId, u.productId) }
}

/** Parses `hardware.pciDevice` (an ArrayOfHostPciDevice). */
export function parsePciDevices(val: XmlNode | undefined): PciDeviceInfo[] {
  return (val?.children ?? []).map((d) => {
    const vendorId = shortToHex(int(d, 'vendorId') ?? 0)
    const deviceId = shortToHex(int(d, 'deviceId') ?? 0)
    return {
      busId: (text(d, 'id') ?? '').toLowerCase(),
      vendorId,
      deviceId,
      pciId: `${vendorId}:${deviceId}`,
      classId: shortToHex(int(d, 'classId') ?? 0),
      vendorName: text(d, 'vendorName') ?? '',
      deviceName: text(d, 'deviceName') ?? '',
    }
  })
}

interface PassthruState {
  readonly capable: boolean
  readonly enabled: boolean
  readonly active: boolean
}

/** GPUs on a host from its PCI list, passthrough list and graphics info (any may be empty). */
export function hostGpus(
  pciVal: XmlNode | undefined,
  passthruVal: XmlNode | undefined,
  graphicsVal: XmlNode | undefined,
): InventoryGpu[] {
  const passthru = new Map<string, PassthruState>()
  for (const p of passthruVal?.children ?? []) {
    passthru.set((text(p, 'id') ?? '').toLowerCase(), {
      capable: bool(p, 'passthruCapable') ?? false,
      enabled: bool(p, 'passthruEnabled') ?? false,
      active: bool(p, 'passthruActive') ?? false,
    })
  }
  const graphics = new Map<string, { vramMiB: number | null; type: string | null }>()
  for (const g of graphicsVal?.children ?? []) {
    const kb = int(g, 'memorySizeInKB')
    graphics.set((text(g, 'pciId') ?? '').toLowerCase(), {
      vramMiB: kb == null || kb <= 0 ? null : Math.round(kb / 1024),
      type: text(g, 'graphicsType'),
    })
  }
  return parsePciDevices(pciVal).flatMap((device) => {
    const vendor = GPU_VENDORS[device.vendorId]
    // Class 0x03 is "display controller" (VGA 0300, 3D 0302); the card's audio function is 0403.
    if (vendor == null || !device.classId.startsWith('03')) return []
    const state = passthru.get(device.busId)
    const info = graphics.get(device.busId)
    return [
      {
        ...device,
        vendor,
        vramMiB: info?.vramMiB ?? null,
        passthroughCapable: state?.capable ?? false,
        passthroughEnabled: state?.enabled ?? false,
        passthroughActive: state?.active ?? false,
        graphicsType: info?.type ?? null,
      },
    ]
  })
}
