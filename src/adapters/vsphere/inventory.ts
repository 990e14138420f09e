/**
 * The whole lab as plain data: datacenters, clusters, hosts with their GPUs, datastores,
 * networks and VMs. `readInventory` does the IO; `inventoryFromObjects` is pure and is what the
 * recorded-response tests feed.
 */
import type { ServiceContent, VsphereClient } from './client.js'
import type { UsbTarget } from './config-target.js'
import { inventoryDatastores, type InventoryDatastore } from './inventory-datastores.js'
import { inventoryHosts, type InventoryHost } from './inventory-hosts.js'
import { inventoryNetworks, type InventoryNetwork } from './inventory-networks.js'
import { inventoryVms, VM_DEVICE_PATH, type InventoryVm } from './inventory-vms.js'
import { hostGpus } from './host-devices.js'
import {
  refIds,
  retrieveInventory,
  retrieveObjects,
  type ObjectContent,
  type PropertyRequest,
} from './property-collector.js'
import { readHostUsb } from './read-host-usb.js'
import type { MoRef } from './soap-envelope.js'

// The parts of an inventory live in files named after them; importers keep importing from here.
export type {
  InventoryGpu,
  InventoryGpuVendor,
  InventoryUsbDevice,
  PciDeviceInfo,
} from './host-devices.js'
export type { InventoryDatastore } from './inventory-datastores.js'
export type { InventoryHost } from './inventory-hosts.js'
export type { InventoryNetwork } from './inventory-networks.js'
export type { InventoryVm, InventoryVmGpu, VmGpuKind } from './inventory-vms.js'

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

/** Assembles the inventory from RetrievePropertiesEx results keyed by object type. */
export function inventoryFromObjects(
  objects: ReadonlyMap<string, readonly ObjectContent[]>,
  about: ServiceContent['about'],
  usb: ReadonlyMap<string, readonly UsbTarget[] | null> = new Map(),
): ClusterInventory {
  const of = (type: string) => objects.get(type) ?? []
  const parents = new Map<string, string>()
  for (const [, list] of objects) {
    for (const o of list) {
      const parent = o.props.get('parent')
      if (parent != null) parents.set(o.obj.value, parent.text)
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
  const clusters = of('ClusterComputeResource').map((c) => ({
    id: c.obj.value,
    name: c.props.get('name')?.text ?? c.obj.value,
    datacenter: datacenterOf(c.obj.value)?.name ?? null,
    hostIds: refIds(c.props.get('host')),
  }))

  return {
    server: { fullName: about.fullName, apiType: about.apiType, apiVersion: about.apiVersion },
    datacenters,
    clusters,
    hosts: inventoryHosts(of, datacenterOf, usb),
    datastores: inventoryDatastores(of),
    networks: inventoryNetworks(of),
    vms: inventoryVms(of),
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
