/**
 * An inventory host as the lab planner's `HostTarget` (src/core/host-target.ts), so a plan can be
 * made for a real host exactly as for a hand-written host file.
 */
import {
  HOST_TARGET_SCHEMA_VERSION,
  type HostTarget,
  type HostUsbDevice,
} from '../../core/host-target.js'
import type { ClusterInventory, InventoryHost } from './inventory.js'

/** Converts one host; its USB devices come from the inventory's QueryConfigTarget (none when unread). */
export function hostTargetFromInventory(
  inventory: ClusterInventory,
  host: InventoryHost,
): HostTarget {
  const usb: HostUsbDevice[] = (host.usbDevices ?? []).map((u) => ({
    vendorId: u.vendorId,
    productId: u.productId,
    description: u.description,
    physicalPath: u.physicalPath,
  }))
  const holders = new Map<string, string>()
  for (const vm of inventory.vms) {
    if (vm.hostId !== host.id) continue
    for (const gpu of vm.gpus) if (gpu.busId != null) holders.set(gpu.busId, vm.name)
  }
  const cores = host.cpuCores ?? 1
  return {
    kind: 'vsphere-host',
    schemaVersion: HOST_TARGET_SCHEMA_VERSION,
    name: host.name,
    // The planner needs a version; an unreadable one is treated as the oldest the planner knows.
    esxiVersion: host.esxVersion ?? '6.5.0',
    cpu: { model: host.cpuModel, cores, threads: host.cpuThreads ?? cores, sockets: null },
    memoryGiB: Math.max(1, Math.round(((host.memoryMiB ?? 1024) / 1024) * 10) / 10),
    gpus: host.gpus.map((g) => ({
      pciId: g.busId,
      vendorId: g.vendorId,
      deviceId: g.deviceId,
      name: g.deviceName,
      vramMiB: g.vramMiB,
      passthroughCapable: g.passthroughCapable,
      passthroughEnabled: g.passthroughEnabled,
      passthroughActive: g.passthroughActive,
      assignedToVm: holders.get(g.busId) ?? null,
    })),
    vgpuProfiles: host.vgpuProfiles,
    usbDevices: usb,
    datastores: inventory.datastores
      .filter((d) => host.datastoreIds.includes(d.id))
      .map((d) => ({ name: d.name, capacityGiB: d.capacityGiB, freeGiB: d.freeGiB })),
    networks: inventory.networks.filter((n) => host.networkIds.includes(n.id)).map((n) => n.name),
    // vSphere does not expose the BIOS "Above 4G decoding" switch.
    above4gDecoding: null,
  }
}
