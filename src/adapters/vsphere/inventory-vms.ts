/** The inventory's VMs, pure: size, power state, host and the GPUs they hold. */
import type { ObjectContent } from './property-collector.js'
import { child, int, shortToHex, text, type XmlNode } from './soap-envelope.js'

export type VmGpuKind = 'passthrough' | 'dynamic-passthrough' | 'vgpu'

export interface InventoryVmGpu {
  readonly kind: VmGpuKind
  /** `10de:2204` for passthrough; null for vGPU. */
  readonly pciId: string | null
  /** The host PCI address a DirectPath device holds; null for dynamic and vGPU. */
  readonly busId: string | null
  readonly vgpuProfile: string | null
}

export interface InventoryVm {
  readonly id: string
  readonly name: string
  /** `poweredOn`, `poweredOff` or `suspended`. */
  readonly powerState: string
  readonly hostId: string | null
  readonly numCpus: number | null
  readonly memoryMiB: number | null
  readonly template: boolean
  readonly gpus: readonly InventoryVmGpu[]
}

/** Read only for VMs on hosts that have a GPU: the device list is most of an inventory's bytes. */
export const VM_DEVICE_PATH = 'config.hardware.device'

function vmGpus(devices: XmlNode | undefined): InventoryVmGpu[] {
  return (devices?.children ?? []).flatMap((device): InventoryVmGpu[] => {
    if (device.xsiType !== 'VirtualPCIPassthrough') return []
    const backing = child(device, 'backing')
    if (backing == null)
      return [{ kind: 'passthrough', pciId: null, busId: null, vgpuProfile: null }]
    const backingType = backing.xsiType ?? ''
    switch (backingType) {
      case 'VirtualPCIPassthroughVmiopBackingInfo':
        return [{ kind: 'vgpu', pciId: null, busId: null, vgpuProfile: text(backing, 'vgpu') }]
      case 'VirtualPCIPassthroughDynamicBackingInfo': {
        const allowed = child(backing, 'allowedDevice')
        const vendor = allowed == null ? null : int(allowed, 'vendorId')
        const dev = allowed == null ? null : int(allowed, 'deviceId')
        const pciId =
          vendor == null || dev == null ? null : `${shortToHex(vendor)}:${shortToHex(dev)}`
        return [{ kind: 'dynamic-passthrough', pciId, busId: null, vgpuProfile: null }]
      }
      default: {
        const vendor = int(backing, 'vendorId')
        const dev = text(backing, 'deviceId')
        const pciId =
          vendor == null || dev == null
            ? null
            : `${shortToHex(vendor)}:${dev.toLowerCase().padStart(4, '0')}`
        const busId = text(backing, 'id')
        return [
          {
            kind: 'passthrough',
            pciId,
            busId: busId == null ? null : busId.toLowerCase(),
            vgpuProfile: null,
          },
        ]
      }
    }
  })
}

/** The VMs among RetrievePropertiesEx results; GPUs only where the device list was read. */
export function inventoryVms(of: (type: string) => readonly ObjectContent[]): InventoryVm[] {
  return of('VirtualMachine').map((v): InventoryVm => {
    const p = (path: string) => v.props.get(path)
    const num = (path: string) => {
      const value = p(path)?.text
      return value == null || value === '' ? null : Number(value)
    }
    return {
      id: v.obj.value,
      name: p('name')?.text ?? v.obj.value,
      powerState: p('runtime.powerState')?.text ?? 'unknown',
      hostId: p('runtime.host')?.text ?? null,
      numCpus: num('summary.config.numCpu'),
      memoryMiB: num('summary.config.memorySizeMB'),
      template: p('summary.config.template')?.text === 'true',
      gpus: vmGpus(p(VM_DEVICE_PATH)),
    }
  })
}
