/**
 * The vSphere answers of the Lab page, pure: the inventory as the page shows it, and what a
 * dry run or an apply did. Inventory ids (`host-12`) stay on the server; the page works by name.
 */
import type { ApplyPreview, ApplyResult } from '../adapters/vsphere/apply.js'
import { hostReadiness } from '../adapters/vsphere/host-fit.js'
import type { ClusterInventory } from '../adapters/vsphere/inventory.js'
import type { PlacementResult } from '../adapters/vsphere/placement.js'
import { inventoryHostView } from '../adapters/vsphere/to-host-view.js'
import type { VmSpec } from '../adapters/vsphere/vm-spec-xml.js'
import type { LabApplyResponse, VsphereInventoryResponse } from './api-types.js'

const round1 = (n: number) => Math.round(n * 10) / 10

/** The inventory for the page: hosts with their GPUs and readiness, datastores, networks, VMs. */
export function inventoryResponse(url: string, inv: ClusterInventory): VsphereInventoryResponse {
  const hostName = new Map(inv.hosts.map((h) => [h.id, h.name]))
  return {
    url,
    server: { fullName: inv.server.fullName, apiType: inv.server.apiType },
    hosts: inv.hosts.map((h) => inventoryHostView(h, hostReadiness(h))),
    datastores: inv.datastores.map((d) => ({
      name: d.name,
      capacityGiB: round1(d.capacityGiB),
      freeGiB: round1(d.freeGiB),
      type: d.type,
    })),
    networks: inv.networks.map((n) => n.name),
    distributedPortgroups: inv.networks
      .filter((n) => n.kind === 'DistributedVirtualPortgroup')
      .map((n) => ({
        name: n.name,
        key: n.portgroupKey ?? n.id,
        switchName: n.switchName,
        switchUuid: n.switchUuid,
        uplink: n.uplink,
      })),
    vms: inv.vms
      .filter((v) => !v.template)
      .map((v) => ({
        name: v.name,
        powerState: v.powerState,
        host: v.hostId == null ? null : (hostName.get(v.hostId) ?? null),
        gpus: v.gpus.length,
      })),
  }
}

/** A dry run's or an apply's answer; the PCI devices are the placed ones (host addresses filled). */
export function applyResponse(
  spec: VmSpec,
  planHash: string,
  placed: PlacementResult,
  warnings: readonly string[],
  result: ApplyResult | null,
  progress: readonly string[],
  clone: { readonly template: string; readonly preview: ApplyPreview | null },
): LabApplyResponse {
  const p = placed.placement
  return {
    mode: result == null ? 'dry-run' : 'applied',
    planHash,
    template: clone.template,
    clone: clone.preview?.clone ?? null,
    problem: clone.preview?.problem ?? null,
    vm: {
      name: spec.name,
      numCpus: spec.numCpus,
      memoryMiB: spec.memoryMiB,
      diskGiB: spec.diskGiB,
      firmware: spec.firmware,
      secureBoot: spec.secureBoot,
      memoryReservationLockedToMax: spec.memoryReservationLockedToMax,
      hardwareVersion: spec.hardwareVersion,
      guestId: spec.guestId,
      extraConfig: spec.extraConfig,
      pciDevices: (p?.pciDevices ?? spec.pciDevices).map((d) => ({
        mode: d.mode,
        vendorId: d.vendorId,
        deviceId: d.deviceId,
        vgpuProfile: d.vgpuProfile ?? null,
        busId: d.busId ?? null,
      })),
      usbDevices: (p?.usbDevices ?? spec.usbDevices).map((u) => ({
        vendorId: u.vendorId,
        productId: u.productId,
      })),
    },
    placement:
      p == null
        ? null
        : {
            host: p.host.name,
            datastore: p.datastore.name,
            network: p.network?.name ?? null,
            reasons: p.reasons,
          },
    rejected: placed.rejected,
    warnings,
    result:
      result == null
        ? null
        : {
            status: result.status,
            vmId: result.vmId,
            name: result.name,
            host: result.host,
            datastore: result.datastore,
          },
    progress,
  }
}
