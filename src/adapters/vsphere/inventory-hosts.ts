/** The inventory's hosts, pure: hardware, ESXi version, place in the lab and devices. */
import {
  hostGpus,
  inventoryUsb,
  parsePciDevices,
  type InventoryGpu,
  type InventoryUsbDevice,
  type PciDeviceInfo,
} from './host-devices.js'
import type { UsbTarget } from './config-target.js'
import { refIds, type ObjectContent } from './property-collector.js'
import { int, text } from './soap-envelope.js'

export interface InventoryHost {
  readonly id: string
  readonly name: string
  readonly datacenter: string | null
  /** Null for a standalone host. */
  readonly cluster: string | null
  /** The host's ComputeResource or ClusterComputeResource and its root pool, for CreateVM. */
  readonly computeResourceId: string | null
  readonly resourcePoolId: string | null
  readonly vmFolderId: string | null
  readonly esxVersion: string | null
  readonly esxBuild: string | null
  readonly productName: string | null
  readonly cpuModel: string | null
  readonly cpuCores: number | null
  readonly cpuThreads: number | null
  readonly memoryMiB: number | null
  /** What running VMs and the hypervisor use now (quickStats). */
  readonly memoryUsedMiB: number | null
  readonly connectionState: string | null
  readonly inMaintenanceMode: boolean
  readonly pciDevices: readonly PciDeviceInfo[]
  readonly gpus: readonly InventoryGpu[]
  /** vGPU profiles the host offers (config.sharedPassthruGpuTypes), e.g. `grid_a100-20c`. */
  readonly vgpuProfiles: readonly string[]
  /** config.graphicsConfig.hostDefaultGraphicsType: `shared` or `sharedDirect` (vGPU needs the latter). */
  readonly graphicsMode: string | null
  readonly datastoreIds: readonly string[]
  readonly networkIds: readonly string[]
  /** Host USB devices; null when they could not be read (host disconnected, no compute resource). */
  readonly usbDevices: readonly InventoryUsbDevice[] | null
}

const MIB = 1024 * 1024

/** Where a host sits: its datacenter's name and VM folder. */
interface HostDatacenter {
  readonly name: string
  readonly vmFolderId: string | null
}

/** The hosts among RetrievePropertiesEx results, with compute resource, datacenter and USB devices. */
export function inventoryHosts(
  of: (type: string) => readonly ObjectContent[],
  datacenterOf: (id: string) => HostDatacenter | null,
  usb: ReadonlyMap<string, readonly UsbTarget[] | null>,
): InventoryHost[] {
  const computes = [...of('ClusterComputeResource'), ...of('ComputeResource')]
  const computeById = new Map(computes.map((c) => [c.obj.value, c]))
  return of('HostSystem').map((h): InventoryHost => {
    const p = (path: string) => h.props.get(path)
    const parentId = p('parent')?.text ?? null
    const compute = parentId == null ? undefined : computeById.get(parentId)
    const product = p('summary.config.product')
    const hw = p('summary.hardware')
    const memoryBytes = hw == null ? null : int(hw, 'memorySize')
    const usage = p('summary.quickStats.overallMemoryUsage')
    const dc = datacenterOf(h.obj.value)
    return {
      id: h.obj.value,
      name: p('name')?.text ?? h.obj.value,
      datacenter: dc?.name ?? null,
      cluster:
        compute?.obj.type === 'ClusterComputeResource'
          ? (compute.props.get('name')?.text ?? null)
          : null,
      computeResourceId: compute?.obj.value ?? null,
      resourcePoolId: compute?.props.get('resourcePool')?.text ?? null,
      vmFolderId: dc?.vmFolderId ?? null,
      esxVersion: product == null ? null : text(product, 'version'),
      esxBuild: product == null ? null : text(product, 'build'),
      productName: product == null ? null : text(product, 'fullName'),
      cpuModel: hw == null ? null : text(hw, 'cpuModel'),
      cpuCores: hw == null ? null : int(hw, 'numCpuCores'),
      cpuThreads: hw == null ? null : int(hw, 'numCpuThreads'),
      memoryMiB: memoryBytes == null ? null : Math.floor(memoryBytes / MIB),
      memoryUsedMiB: usage == null || usage.text === '' ? null : Number(usage.text),
      connectionState: p('runtime.connectionState')?.text ?? null,
      inMaintenanceMode: p('runtime.inMaintenanceMode')?.text === 'true',
      pciDevices: parsePciDevices(p('hardware.pciDevice')),
      gpus: hostGpus(
        p('hardware.pciDevice'),
        p('config.pciPassthruInfo'),
        p('config.graphicsInfo'),
      ),
      vgpuProfiles: (p('config.sharedPassthruGpuTypes')?.children ?? []).map((c) => c.text),
      graphicsMode: (() => {
        const config = p('config.graphicsConfig')
        return config == null ? null : text(config, 'hostDefaultGraphicsType')
      })(),
      datastoreIds: refIds(p('datastore')),
      networkIds: refIds(p('network')),
      usbDevices: usb.get(h.obj.value)?.map(inventoryUsb) ?? null,
    }
  })
}
