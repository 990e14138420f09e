/**
 * The whole lab as plain data: datacenters, clusters, hosts with their GPUs, datastores,
 * networks and VMs. `readInventory` does the IO; `inventoryFromObjects` is pure and is what the
 * recorded-response tests feed.
 */
import type { ServiceContent, VsphereClient } from './client.js'
import {
  retrieveInventory,
  retrieveObjects,
  type ObjectContent,
  type PropertyRequest,
} from './property-collector.js'
import { coralState, type CoralState } from '../../core/host-target.js'
import { queryBrowser, type UsbTarget } from './config-target.js'
import { bool, child, int, shortToHex, text, type MoRef, type XmlNode } from './soap-envelope.js'
import { VsphereConnectionError } from './vsphere-errors.js'

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

export interface InventoryDatastore {
  readonly id: string
  readonly name: string
  readonly capacityGiB: number
  readonly freeGiB: number
  /** VMFS, NFS, NFS41, vsan, vvol, OTHER (the simulator says OTHER). */
  readonly type: string
  readonly accessible: boolean
}

export interface InventoryNetwork {
  readonly id: string
  readonly name: string
  /** `Network` (standard port group), `DistributedVirtualPortgroup` or `OpaqueNetwork`. */
  readonly kind: string
  /** Distributed port groups: the key and switch a NIC backing names (null otherwise). */
  readonly portgroupKey: string | null
  readonly switchUuid: string | null
  readonly switchName: string | null
  /** A distributed switch's uplink port group: carries the host's NICs, never a VM's. */
  readonly uplink: boolean
}

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

/** Everything `homelab-ai inventory` shows and the lab planner places against. */
export interface ClusterInventory {
  readonly server: {
    readonly fullName: string
    readonly apiType: string
    readonly apiVersion: string
  }
  readonly datacenters: readonly {
    readonly id: string
    readonly name: string
    readonly vmFolderId: string | null
  }[]
  readonly clusters: readonly {
    readonly id: string
    readonly name: string
    readonly datacenter: string | null
    readonly hostIds: readonly string[]
  }[]
  readonly hosts: readonly InventoryHost[]
  readonly datastores: readonly InventoryDatastore[]
  readonly networks: readonly InventoryNetwork[]
  readonly vms: readonly InventoryVm[]
}

const HOST_PATHS = [
  'name',
  'parent',
  'summary.config.product',
  'summary.hardware',
  'summary.quickStats.overallMemoryUsage',
  'runtime.connectionState',
  'runtime.inMaintenanceMode',
  'hardware.pciDevice',
  'config.pciPassthruInfo',
  'config.sharedPassthruGpuTypes',
  'config.graphicsInfo',
  'config.graphicsConfig',
  'datastore',
  'network',
]
const COMPUTE_PATHS = ['name', 'parent', 'resourcePool', 'host', 'environmentBrowser']
const SWITCH_PATHS = ['name', 'uuid', 'config.uplinkPortgroup']

/** The reads one inventory makes: one PropertyCollector round trip per type. */
export const INVENTORY_REQUESTS: readonly PropertyRequest[] = [
  { type: 'Folder', paths: ['parent'] },
  { type: 'Datacenter', paths: ['name', 'vmFolder'] },
  { type: 'ClusterComputeResource', paths: COMPUTE_PATHS },
  { type: 'ComputeResource', paths: COMPUTE_PATHS },
  { type: 'HostSystem', paths: HOST_PATHS },
  { type: 'Datastore', paths: ['name', 'summary'] },
  { type: 'Network', paths: ['name'] },
  {
    type: 'DistributedVirtualPortgroup',
    paths: ['name', 'key', 'config.distributedVirtualSwitch'],
  },
  // vCenter's switches are VmwareDistributedVirtualSwitch; the simulator's the base type.
  { type: 'VmwareDistributedVirtualSwitch', paths: SWITCH_PATHS },
  { type: 'DistributedVirtualSwitch', paths: SWITCH_PATHS },
  { type: 'OpaqueNetwork', paths: ['name'] },
  {
    type: 'VirtualMachine',
    paths: [
      'name',
      'runtime.powerState',
      'runtime.host',
      'summary.config.numCpu',
      'summary.config.memorySizeMB',
      'summary.config.template',
    ],
  },
]

/** Read only for VMs on hosts that have a GPU: the device list is most of an inventory's bytes. */
const VM_DEVICE_PATH = 'config.hardware.device'

const GPU_VENDORS: Readonly<Record<string, InventoryGpuVendor>> = {
  '10de': 'nvidia',
  '1002': 'amd',
  '8086': 'intel',
}
const MIB = 1024 * 1024

/** QueryConfigTarget calls in flight at once: one per host, so a 100-host vCenter needs a few waves. */
const USB_CONCURRENCY = 8

/**
 * Each connected host's USB devices, through its compute resource's EnvironmentBrowser (the only
 * API that lists them). A host whose read fails gets null; a dropped connection fails it all.
 */
async function readHostUsb(
  client: VsphereClient,
  objects: ReadonlyMap<string, readonly ObjectContent[]>,
): Promise<Map<string, UsbTarget[] | null>> {
  const computes = new Map(
    [
      ...(objects.get('ClusterComputeResource') ?? []),
      ...(objects.get('ComputeResource') ?? []),
    ].map((c) => [c.obj.value, c]),
  )
  const hosts = (objects.get('HostSystem') ?? []).filter(
    (h) => (h.props.get('runtime.connectionState')?.text ?? 'connected') === 'connected',
  )
  const result = new Map<string, UsbTarget[] | null>()
  let next = 0
  const worker = async () => {
    while (next < hosts.length) {
      const host = hosts[next++]!
      const compute = computes.get(host.props.get('parent')?.text ?? '')
      const browser = compute?.props.get('environmentBrowser')?.text
      if (compute == null || browser == null || browser === '') {
        result.set(host.obj.value, null)
        continue
      }
      try {
        const target = await queryBrowser(
          client,
          { type: 'EnvironmentBrowser', value: browser },
          host.obj,
        )
        result.set(host.obj.value, [...target.usb])
      } catch (error) {
        if (error instanceof VsphereConnectionError) throw error
        // One host that cannot answer (no privilege, an old agent) must not hide the others.
        result.set(host.obj.value, null)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(USB_CONCURRENCY, hosts.length) }, worker))
  return result
}

/** What to read besides the PropertyCollector's objects. */
export interface InventoryOptions {
  /** Ask every host for its USB devices (one QueryConfigTarget each); default true. */
  readonly usb?: boolean
}

/** Reads the whole inventory of an ESXi host or vCenter. */
export async function readInventory(
  client: VsphereClient,
  options: InventoryOptions = {},
): Promise<ClusterInventory> {
  const objects = await retrieveInventory(client, INVENTORY_REQUESTS)
  const usbPromise =
    options.usb === false
      ? Promise.resolve(new Map<string, UsbTarget[] | null>())
      : readHostUsb(client, objects)
  // A VM can hold a passthrough GPU or a vGPU only on a host that has one (a powered-off VM
  // keeps its registered host), so the heavy device lists are read for those VMs alone.
  const gpuHosts = new Set(
    (objects.get('HostSystem') ?? [])
      .filter((h) => hostGpus(h.props.get('hardware.pciDevice'), undefined, undefined).length > 0)
      .map((h) => h.obj.value),
  )
  const vms = objects.get('VirtualMachine') ?? []
  const candidates = vms.filter((v) => gpuHosts.has(v.props.get('runtime.host')?.text ?? ''))
  const [devices, usb] = await Promise.all([
    retrieveObjects(
      client,
      candidates.map((v) => v.obj),
      [VM_DEVICE_PATH],
    ),
    usbPromise,
  ])
  const devicesById = new Map(devices.map((d) => [d.obj.value, d.props.get(VM_DEVICE_PATH)]))
  const merged = new Map(objects)
  merged.set(
    'VirtualMachine',
    vms.map((v) => {
      const list = devicesById.get(v.obj.value)
      if (list == null) return v
      return { obj: v.obj, props: new Map([...v.props, [VM_DEVICE_PATH, list]]) }
    }),
  )
  return inventoryFromObjects(merged, client.serviceContent.about, usb)
}

/** A ConfigTarget USB entry as the inventory shows it. */
export function inventoryUsb(u: UsbTarget): InventoryUsbDevice {
  return { ...u, coral: coralState(u.vendorId, u.productId) }
}

export { shortToHex }

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

function refs(val: XmlNode | undefined): string[] {
  return (val?.children ?? []).map((c) => c.text)
}

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

/** Assembles the inventory from RetrievePropertiesEx results keyed by object type. */
export function inventoryFromObjects(
  objects: ReadonlyMap<string, readonly ObjectContent[]>,
  about: ServiceContent['about'],
  usb: ReadonlyMap<string, readonly UsbTarget[] | null> = new Map(),
): ClusterInventory {
  const of = (type: string) => objects.get(type) ?? []
  const parents = new Map<string, string>()
  const names = new Map<string, string>()
  for (const [, list] of objects) {
    for (const o of list) {
      const parent = o.props.get('parent')
      if (parent != null) parents.set(o.obj.value, parent.text)
      const name = o.props.get('name')
      if (name != null) names.set(o.obj.value, name.text)
    }
  }
  const datacenters = of('Datacenter').map((o) => ({
    id: o.obj.value,
    name: o.props.get('name')?.text ?? o.obj.value,
    vmFolderId: o.props.get('vmFolder')?.text ?? null,
  }))
  const dcById = new Map(datacenters.map((d) => [d.id, d]))
  // Folders can nest; walk up until a datacenter (bounded, in case of a cycle in bad data).
  const datacenterOf = (id: string): (typeof datacenters)[number] | null => {
    let current: string | undefined = id
    for (let i = 0; i < 64 && current != null; i++) {
      const dc = dcById.get(current)
      if (dc != null) return dc
      current = parents.get(current)
    }
    return null
  }
  const computes = [...of('ClusterComputeResource'), ...of('ComputeResource')]
  const computeById = new Map(computes.map((c) => [c.obj.value, c]))
  const clusters = of('ClusterComputeResource').map((c) => ({
    id: c.obj.value,
    name: c.props.get('name')?.text ?? c.obj.value,
    datacenter: datacenterOf(c.obj.value)?.name ?? null,
    hostIds: refs(c.props.get('host')),
  }))

  const hosts = of('HostSystem').map((h): InventoryHost => {
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
      datastoreIds: refs(p('datastore')),
      networkIds: refs(p('network')),
      usbDevices: usb.get(h.obj.value)?.map(inventoryUsb) ?? null,
    }
  })

  const datastores = of('Datastore').map((d): InventoryDatastore => {
    const summary = d.props.get('summary')
    const capacity = summary == null ? 0 : (int(summary, 'capacity') ?? 0)
    const free = summary == null ? 0 : (int(summary, 'freeSpace') ?? 0)
    return {
      id: d.obj.value,
      name: d.props.get('name')?.text ?? d.obj.value,
      capacityGiB: capacity / 1024 ** 3,
      freeGiB: free / 1024 ** 3,
      type: summary == null ? 'unknown' : (text(summary, 'type') ?? 'unknown'),
      accessible: summary == null ? false : bool(summary, 'accessible') !== false,
    }
  })

  const switches = new Map(
    [...of('VmwareDistributedVirtualSwitch'), ...of('DistributedVirtualSwitch')].map((s) => [
      s.obj.value,
      {
        name: s.props.get('name')?.text ?? s.obj.value,
        uuid: s.props.get('uuid')?.text ?? null,
        uplinks: new Set(refs(s.props.get('config.uplinkPortgroup'))),
      },
    ]),
  )
  const networks = ['Network', 'DistributedVirtualPortgroup', 'OpaqueNetwork'].flatMap((kind) =>
    of(kind).map((n): InventoryNetwork => {
      const dvs = switches.get(n.props.get('config.distributedVirtualSwitch')?.text ?? '')
      const distributed = kind === 'DistributedVirtualPortgroup'
      return {
        id: n.obj.value,
        name: n.props.get('name')?.text ?? n.obj.value,
        kind,
        portgroupKey: distributed ? (n.props.get('key')?.text ?? n.obj.value) : null,
        switchUuid: distributed ? (dvs?.uuid ?? null) : null,
        switchName: distributed ? (dvs?.name ?? null) : null,
        uplink: dvs?.uplinks.has(n.obj.value) ?? false,
      }
    }),
  )

  const vms = of('VirtualMachine').map((v): InventoryVm => {
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

  return {
    server: { fullName: about.fullName, apiType: about.apiType, apiVersion: about.apiVersion },
    datacenters,
    clusters,
    hosts,
    datastores,
    networks,
    vms,
  }
}

/** The MoRef of an inventory id, for calls (`host-21` → HostSystem:host-21). */
export function refOf(type: string, id: string): MoRef {
  return { type, value: id }
}

/** Looks a name up from an id (host, datastore, network). */
export function nameOf(inventory: ClusterInventory, id: string): string {
  return (
    inventory.hosts.find((h) => h.id === id)?.name ??
    inventory.datastores.find((d) => d.id === id)?.name ??
    inventory.networks.find((n) => n.id === id)?.name ??
    id
  )
}
