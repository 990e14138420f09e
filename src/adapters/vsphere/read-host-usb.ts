import type { VsphereClient } from './client.js'
import { queryBrowser, type UsbTarget } from './config-target.js'
import type { ObjectContent } from './property-collector.js'
import { VsphereConnectionError } from './vsphere-errors.js'

/** QueryConfigTarget calls in flight at once: one per host, so a 100-host vCenter needs a few waves. */
const USB_CONCURRENCY = 8

/**
 * Each connected host's USB devices, through its compute resource's EnvironmentBrowser (the only
 * API that lists them). A host whose read fails gets null; a dropped connection fails it all.
 */
export async function readHostUsb(
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
