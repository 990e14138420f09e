import type { VsphereClient } from './client.js'
import { queryConfigTarget } from './config-target.js'
import type { Placement } from './placement.js'
import type { VmPciDevice } from './vm-spec-xml.js'
import { VsphereResourceError } from './vsphere-errors.js'

/**
 * The plan's PCI devices with the host's systemId on each DirectPath one, from QueryConfigTarget;
 * a device the host does not offer for DirectPath is a clear error before anything is made.
 */
export async function withSystemIds(
  client: VsphereClient,
  placement: Placement,
  devices: readonly VmPciDevice[],
): Promise<VmPciDevice[]> {
  if (!devices.some((d) => d.mode === 'passthrough')) return [...devices]
  const host = placement.host
  if (host.computeResourceId == null)
    throw new VsphereResourceError(`host ${host.name} has no compute resource`)
  const target = await queryConfigTarget(
    client,
    {
      type: host.cluster == null ? 'ComputeResource' : 'ClusterComputeResource',
      value: host.computeResourceId,
    },
    { type: 'HostSystem', value: host.id },
  )
  return devices.map((d) => {
    if (d.mode !== 'passthrough') return d
    const found = target.passthrough.find((p) => p.busId === d.busId)
    if (found == null) {
      throw new VsphereResourceError(
        `host ${host.name} does not offer ${d.vendorId}:${d.deviceId} at ${d.busId ?? '?'} for DirectPath ` +
          '(not in QueryConfigTarget: enable passthrough and reboot the host, or use dynamic passthrough)',
      )
    }
    return { ...d, systemId: found.systemId }
  })
}
