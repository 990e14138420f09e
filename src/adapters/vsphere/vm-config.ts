/** Reading back what a VM holds: after each apply step, and in the simulator tests. */
import type { VsphereClient } from './client.js'
import { retrieveObjects } from './property-collector.js'
import { child, children, type MoRef, type XmlNode } from './soap-envelope.js'
import { readVmState, type VmState } from './vm-state.js'
import { VsphereFaultError } from './vsphere-errors.js'

/** Reads back what a VM holds, for tests and `lab apply`'s checks. */
export async function readVmConfig(client: VsphereClient, vm: MoRef): Promise<XmlNode | null> {
  const [content] = await retrieveObjects(client, [vm], ['config'])
  return content?.props.get('config') ?? null
}

/** The VM's state as `configChanges` compares it; a VM without a config is a fault. */
export async function readVmConfigState(client: VsphereClient, vm: MoRef): Promise<VmState> {
  const config = await readVmConfig(client, vm)
  if (config == null)
    throw new VsphereFaultError('ManagedObjectNotFound', `VM ${vm.value} has no config`)
  return readVmState(config)
}

/** The VirtualPCIPassthrough devices in a VM config, with their backing type. */
export function passthroughDevices(config: XmlNode): { backing: string; node: XmlNode }[] {
  const hardware = child(config, 'hardware')
  return (hardware == null ? [] : children(hardware, 'device'))
    .filter((d) => d.xsiType === 'VirtualPCIPassthrough')
    .map((d) => ({ backing: child(d, 'backing')?.xsiType ?? 'none', node: d }))
}
