/**
 * Where a lab VM goes, pure: the host whose GPU, free memory and datastore fit, with the
 * reasons for the choice and for every host left out.
 */
import type {
  ClusterInventory,
  InventoryDatastore,
  InventoryGpu,
  InventoryHost,
  InventoryNetwork,
} from './inventory.js'
import type { NicTarget, VmPciDevice, VmSpec, VmUsbDevice } from './vm-spec-xml.js'
import { coralState } from '../../core/host-target.js'

/** What the user pinned with --host / --datastore / --network. */
export interface PlacementChoice {
  readonly host?: string | null
  readonly datastore?: string | null
  readonly network?: string | null
}

export interface Placement {
  readonly host: InventoryHost
  readonly datastore: InventoryDatastore
  readonly network: InventoryNetwork | null
  /** The plan's PCI devices with the host's PCI address filled in for DirectPath. */
  readonly pciDevices: readonly VmPciDevice[]
  /** The plan's USB devices with the port path of the matching device on this host. */
  readonly usbDevices: readonly VmUsbDevice[]
  readonly reasons: readonly string[]
}

export interface PlacementResult {
  readonly placement: Placement | null
  readonly rejected: readonly { readonly host: string; readonly reasons: readonly string[] }[]
}

/** Room kept free on the datastore beyond the disk: logs, NVRAM, a VM swap file if any. */
const DATASTORE_MARGIN_GIB = 2

function gpusInUse(inventory: ClusterInventory, host: InventoryHost): Set<string> {
  const used = new Set<string>()
  for (const vm of inventory.vms) {
    if (vm.hostId !== host.id) continue
    for (const gpu of vm.gpus) if (gpu.busId != null) used.add(gpu.busId)
  }
  return used
}

function matchGpus(
  host: InventoryHost,
  devices: readonly VmPciDevice[],
  inUse: Set<string>,
): { devices: VmPciDevice[]; problems: string[]; notes: string[] } {
  const problems: string[] = []
  const notes: string[] = []
  const taken = new Set(inUse)
  const resolved = devices.map((device): VmPciDevice => {
    const id = `${device.vendorId}:${device.deviceId}`
    if (device.mode === 'vgpu') {
      const profile = device.vgpuProfile ?? ''
      if (!host.vgpuProfiles.includes(profile)) {
        problems.push(
          host.vgpuProfiles.length === 0
            ? `no vGPU profiles (no NVIDIA vGPU host driver, or graphics mode not Shared Direct)`
            : `vGPU profile ${profile} not offered (offers ${host.vgpuProfiles.join(', ')})`,
        )
      } else {
        notes.push(`offers vGPU profile ${profile}`)
      }
      return device
    }
    const candidates = host.gpus.filter((g) => g.pciId === id)
    const free = candidates.filter((g) => !taken.has(g.busId))
    const ready = free.filter((g) => g.passthroughEnabled && g.passthroughActive)
    const pick: InventoryGpu | undefined = ready[0]
    if (pick == null) {
      if (candidates.length === 0) problems.push(`no GPU ${id}`)
      else if (free.length === 0) problems.push(`GPU ${id} is already attached to another VM`)
      else if (free.some((g) => g.passthroughEnabled))
        problems.push(`passthrough for ${id} is enabled but the host has not been rebooted since`)
      else
        problems.push(`passthrough is not enabled for GPU ${id} (Host > Configure > PCI Devices)`)
      return device
    }
    taken.add(pick.busId)
    notes.push(`${pick.deviceName || id} at ${pick.busId} is ready for passthrough`)
    return { ...device, busId: pick.busId }
  })
  return { devices: resolved, problems, notes }
}

function pickDatastore(
  inventory: ClusterInventory,
  host: InventoryHost,
  spec: VmSpec,
  wanted: string | null | undefined,
): { datastore: InventoryDatastore | null; problem: string | null } {
  const mounted = inventory.datastores.filter(
    (d) => host.datastoreIds.includes(d.id) && d.accessible,
  )
  const pool = wanted == null ? mounted : mounted.filter((d) => d.name === wanted)
  if (pool.length === 0) {
    return {
      datastore: null,
      problem:
        wanted == null ? 'no accessible datastore' : `datastore ${wanted} is not mounted here`,
    }
  }
  const needGiB = spec.diskGiB + DATASTORE_MARGIN_GIB
  const fitting = pool.filter((d) => d.freeGiB >= needGiB).sort((a, b) => b.freeGiB - a.freeGiB)
  const best = fitting[0]
  if (best == null) {
    return {
      datastore: null,
      problem: `no datastore with ${needGiB} GiB free (largest has ${Math.floor(Math.max(...pool.map((d) => d.freeGiB)))} GiB)`,
    }
  }
  return { datastore: best, problem: null }
}

/** How a NIC backing names an inventory network (distributed: switch UUID + port group key). */
export function soapNicTarget(network: InventoryNetwork): NicTarget {
  if (network.kind === 'DistributedVirtualPortgroup' && network.switchUuid != null) {
    return {
      kind: 'distributed',
      name: network.name,
      switchUuid: network.switchUuid,
      portgroupKey: network.portgroupKey ?? network.id,
    }
  }
  return { kind: 'standard', name: network.name, id: network.id }
}

function pickNetwork(
  inventory: ClusterInventory,
  host: InventoryHost,
  wanted: string | null | undefined,
): { network: InventoryNetwork | null; problem: string | null } {
  const attached = inventory.networks.filter((n) => host.networkIds.includes(n.id))
  if (wanted != null) {
    const found = attached.filter((n) => n.name === wanted)
    const usable = found.find((n) => !n.uplink && n.kind !== 'OpaqueNetwork')
    if (
      usable != null &&
      usable.kind === 'DistributedVirtualPortgroup' &&
      usable.switchUuid == null
    )
      return {
        network: null,
        problem: `distributed port group ${wanted} has no readable switch UUID`,
      }
    if (usable != null) return { network: usable, problem: null }
    return {
      network: null,
      problem:
        found.length === 0
          ? `network ${wanted} is not on this host`
          : found.some((n) => n.uplink)
            ? `${wanted} is a distributed switch's uplink port group, not one for VMs`
            : `${wanted} is an NSX (opaque) network, which lab apply does not attach`,
    }
  }
  // Without --network: "VM Network" or the first standard port group, then a distributed one.
  const standard = attached.filter((n) => n.kind === 'Network')
  const distributed = attached.filter(
    (n) => n.kind === 'DistributedVirtualPortgroup' && !n.uplink && n.switchUuid != null,
  )
  return {
    network: standard.find((n) => n.name === 'VM Network') ?? standard[0] ?? distributed[0] ?? null,
    problem: null,
  }
}

function usbLabel(u: VmUsbDevice): string {
  return coralState(u.vendorId, u.productId) != null
    ? 'Coral USB Accelerator'
    : `USB ${u.vendorId}:${u.productId}`
}

/**
 * The plan's USB devices on this host: a Coral matches either of its two ids (it changes id when
 * its firmware loads), anything else its exact id. Unknown host USB (null) keeps the plan's path.
 */
function matchUsb(
  host: InventoryHost,
  devices: readonly VmUsbDevice[],
): { devices: VmUsbDevice[]; problems: string[]; notes: string[] } {
  if (devices.length === 0) return { devices: [], problems: [], notes: [] }
  if (host.usbDevices == null)
    return {
      devices: [...devices],
      problems: [],
      notes: ["USB devices of this host could not be read; using the plan's port path"],
    }
  const problems: string[] = []
  const notes: string[] = []
  const resolved = devices.map((want) => {
    const coral = coralState(want.vendorId, want.productId) != null
    const found = host.usbDevices?.find((u) =>
      coral ? u.coral != null : u.vendorId === want.vendorId && u.productId === want.productId,
    )
    if (found == null) {
      problems.push(`no ${usbLabel(want)} plugged into this host`)
      return want
    }
    if (found.inUseBy != null) problems.push(`${usbLabel(want)} is in use by VM ${found.inUseBy}`)
    const note = `${usbLabel(want)} (${found.vendorId}:${found.productId}) at ${found.physicalPath ?? '?'}`
    if (!notes.includes(note)) notes.push(note)
    return { ...want, physicalPath: found.physicalPath ?? want.physicalPath }
  })
  return { devices: resolved, problems: [...new Set(problems)], notes }
}

/** Chooses the host for `spec`, or says for every host why it does not fit. */
export function placeVm(
  inventory: ClusterInventory,
  spec: VmSpec,
  choice: PlacementChoice = {},
): PlacementResult {
  const hosts =
    choice.host == null ? inventory.hosts : inventory.hosts.filter((h) => h.name === choice.host)
  if (choice.host != null && hosts.length === 0) {
    return {
      placement: null,
      rejected: [{ host: choice.host, reasons: ['no host with this name'] }],
    }
  }
  const rejected: { host: string; reasons: string[] }[] = []
  const fits: { placement: Placement; freeAfterMiB: number }[] = []
  for (const host of hosts) {
    const problems: string[] = []
    const reasons: string[] = []
    if (host.connectionState != null && host.connectionState !== 'connected')
      problems.push(`host is ${host.connectionState}`)
    if (host.inMaintenanceMode) problems.push('host is in maintenance mode')
    const freeMiB = (host.memoryMiB ?? 0) - (host.memoryUsedMiB ?? 0)
    if (freeMiB < spec.memoryMiB) {
      problems.push(
        `needs ${Math.ceil(spec.memoryMiB / 1024)} GiB RAM, ${Math.floor(freeMiB / 1024)} GiB free`,
      )
    } else {
      reasons.push(
        `${Math.floor(freeMiB / 1024)} GiB RAM free for ${Math.ceil(spec.memoryMiB / 1024)} GiB`,
      )
    }
    const gpu = matchGpus(host, spec.pciDevices, gpusInUse(inventory, host))
    problems.push(...gpu.problems)
    reasons.push(...gpu.notes)
    const usb = matchUsb(host, spec.usbDevices)
    problems.push(...usb.problems)
    reasons.push(...usb.notes)
    const ds = pickDatastore(inventory, host, spec, choice.datastore)
    if (ds.problem != null) problems.push(ds.problem)
    const net = pickNetwork(inventory, host, choice.network)
    if (net.problem != null) problems.push(net.problem)
    if (problems.length > 0 || ds.datastore == null) {
      rejected.push({ host: host.name, reasons: problems })
      continue
    }
    reasons.push(
      `datastore ${ds.datastore.name} has ${Math.floor(ds.datastore.freeGiB)} GiB free for a ${spec.diskGiB} GiB disk`,
    )
    if (net.network != null)
      reasons.push(
        net.network.kind === 'DistributedVirtualPortgroup'
          ? `network ${net.network.name} (distributed switch ${net.network.switchName ?? net.network.switchUuid ?? '?'})`
          : `network ${net.network.name}`,
      )
    fits.push({
      placement: {
        host,
        datastore: ds.datastore,
        network: net.network,
        pciDevices: gpu.devices,
        usbDevices: usb.devices,
        reasons,
      },
      freeAfterMiB: freeMiB - spec.memoryMiB,
    })
  }
  // Most memory left after placing wins (a lab VM next to others should not starve them);
  // on a tie, the host with fewer GPUs, so bigger GPU hosts stay free for bigger plans.
  fits.sort(
    (a, b) =>
      b.freeAfterMiB - a.freeAfterMiB ||
      a.placement.host.gpus.length - b.placement.host.gpus.length ||
      a.placement.host.name.localeCompare(b.placement.host.name),
  )
  const best = fits[0]
  if (best == null) return { placement: null, rejected }
  const others = fits.length - 1
  const placement: Placement = {
    ...best.placement,
    reasons: [
      ...best.placement.reasons,
      ...(others > 0
        ? [`${others} other host(s) also fit; this one has the most memory left`]
        : []),
    ],
  }
  return { placement, rejected }
}
