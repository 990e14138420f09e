/** An inventory host as the CLI's `inventory --json` and the web API show it (no managed-object ids). */
import type { InventoryHostView } from '../../core/inventory-host-view.js'
import type { InventoryHost } from './inventory.js'

const round1 = (n: number) => Math.round(n * 10) / 10

/** The host's view; `ready` is its readiness verdict (from the fit summary or hostReadiness). */
export function inventoryHostView(
  h: InventoryHost,
  ready: { readonly readiness: string; readonly notes: readonly string[] },
): InventoryHostView {
  return {
    name: h.name,
    cluster: h.cluster,
    esxVersion: h.esxVersion,
    cpuModel: h.cpuModel,
    cpuCores: h.cpuCores,
    memoryGiB: h.memoryMiB == null ? null : round1(h.memoryMiB / 1024),
    memoryFreeGiB:
      h.memoryMiB == null ? null : round1((h.memoryMiB - (h.memoryUsedMiB ?? 0)) / 1024),
    gpus: h.gpus.map((g) => ({
      name: g.deviceName,
      pciId: g.pciId,
      busId: g.busId,
      vramMiB: g.vramMiB,
      passthroughCapable: g.passthroughCapable,
      passthroughEnabled: g.passthroughEnabled,
      passthroughActive: g.passthroughActive,
    })),
    vgpuProfiles: h.vgpuProfiles,
    graphicsMode: h.graphicsMode,
    usbDevices:
      h.usbDevices?.map((u) => ({
        description: u.description,
        usbId: `${u.vendorId}:${u.productId}`,
        physicalPath: u.physicalPath,
        coral: u.coral,
        inUseBy: u.inUseBy,
      })) ?? null,
    readiness: ready.readiness,
    notes: ready.notes,
  }
}
