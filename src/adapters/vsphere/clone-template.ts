/**
 * Makes the lab VM on vCenter: CloneVM_Task of the template, powered off, to the placement's
 * host, pool, datastore and folder, with the plan in its config spec. apply.ts does the rest.
 */
import type { VsphereClient } from './client.js'
import type { Placement } from './placement.js'
import { el, moRefXml, type MoRef } from './soap-envelope.js'
import { taskRef, waitForTask, type WaitOptions } from './tasks.js'
import type { VmSpec } from './vm-spec-xml.js'
import { VsphereResourceError } from './vsphere-errors.js'

/** CloneVM_Task of the template, powered off, with the plan in its config spec (vCenter). */
export async function cloneTemplate(
  client: VsphereClient,
  spec: VmSpec,
  placement: Placement,
  template: { readonly ref: MoRef; readonly name: string },
  configXml: string,
  wait: WaitOptions,
): Promise<MoRef> {
  const { host } = placement
  if (host.vmFolderId == null || host.resourcePoolId == null) {
    throw new VsphereResourceError(
      `host ${host.name} has no VM folder or resource pool to create the VM in`,
    )
  }
  const cloneSpec =
    '<location>' +
    moRefXml('datastore', { type: 'Datastore', value: placement.datastore.id }) +
    moRefXml('pool', { type: 'ResourcePool', value: host.resourcePoolId }) +
    moRefXml('host', { type: 'HostSystem', value: host.id }) +
    '</location>' +
    el('template', false) +
    `<config>${configXml}</config>` +
    el('powerOn', false)
  const task = await client.invoke(
    'CloneVM_Task',
    template.ref,
    moRefXml('folder', { type: 'Folder', value: host.vmFolderId }) +
      el('name', spec.name) +
      `<spec>${cloneSpec}</spec>`,
  )
  const vm = await waitForTask(
    client,
    taskRef(task),
    `clone ${template.name} to ${spec.name}`,
    wait,
  )
  if (vm == null) throw new VsphereResourceError(`CloneVM_Task for ${spec.name} returned no VM`)
  return vm
}
