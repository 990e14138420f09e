import type { HostTarget } from '../../core/host-target.js'
import { UsageError } from '../../core/errors.js'
import type { VsphereClient } from './client.js'
import { readInventory, type ClusterInventory, type InventoryHost } from './inventory.js'
import { hostTargetFromInventory } from './to-host-target.js'

/**
 * The host a plan is sized for when the user names a vCenter or ESXi server: `--host NAME`, or the
 * connected host (not in maintenance) with the most passthrough-ready GPU memory, then the most
 * free RAM. `lab apply` still places the VM itself, with the same inventory.
 */
export function chooseHostForPlan(inv: ClusterInventory, name: string | undefined): InventoryHost {
  const usable = inv.hosts.filter(
    (h) => h.connectionState !== 'disconnected' && h.connectionState !== 'notResponding',
  )
  if (name != null) {
    const host = inv.hosts.find((h) => h.name === name)
    if (host == null)
      throw new UsageError(
        `no host "${name}" in the inventory; hosts: ${inv.hosts
          .slice(0, 8)
          .map((h) => h.name)
          .join(', ')}${inv.hosts.length > 8 ? ', ...' : ''}`,
      )
    return host
  }
  const candidates = usable.filter((h) => !h.inMaintenanceMode)
  if (candidates.length === 0)
    throw new UsageError('the inventory has no connected host to plan for')
  const gpuMiB = (h: InventoryHost) =>
    h.gpus.filter((g) => g.passthroughEnabled).reduce((s, g) => s + (g.vramMiB ?? 0), 0)
  const freeMiB = (h: InventoryHost) => (h.memoryMiB ?? 0) - (h.memoryUsedMiB ?? 0)
  return [...candidates].sort((a, b) => gpuMiB(b) - gpuMiB(a) || freeMiB(b) - freeMiB(a))[0]!
}

/** Reads the inventory and turns the chosen host into the planner's HostTarget. */
export async function hostTargetFromServer(
  client: VsphereClient,
  hostName: string | undefined,
): Promise<HostTarget> {
  const inv = await readInventory(client)
  return hostTargetFromInventory(inv, chooseHostForPlan(inv, hostName))
}
