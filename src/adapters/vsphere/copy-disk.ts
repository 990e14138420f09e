/**
 * Makes the lab VM on standalone ESXi, which has no CloneVM_Task: MakeDirectory for the VM's
 * folder, CopyVirtualDisk_Task of the template's VMDK into it (thin), then CreateVM_Task with the
 * plan's spec booting from the copy. apply.ts then reconfigures and powers it on, as after a clone.
 * - Only what this run made is removed on a failure: a folder that is already there is refused,
 *   never overwritten or deleted (it may hold another VM's files).
 * - The datacenter arguments are left out: ESXi needs none for a datastore path.
 */
import type { VsphereClient } from './client.js'
import type { CopyDiskPaths } from './copy-disk-paths.js'
import type { Placement } from './placement.js'
import { soapNicTarget } from './placement.js'
import { el, moRefXml, typedEl, type MoRef } from './soap-envelope.js'
import { taskRef, waitForTask, type WaitOptions } from './tasks.js'
import { createSpecXml, type VmSpec } from './vm-spec-xml.js'
import type { VmDisk } from './vm-state.js'
import { rollbackError, VsphereFaultError, VsphereResourceError } from './vsphere-errors.js'

/** What the copy steps need from apply.ts. */
export interface CopyDiskContext {
  readonly client: VsphereClient
  readonly spec: VmSpec
  readonly placement: Placement
  readonly planHash: string
  readonly paths: CopyDiskPaths
  /** The template's boot disk: its size and controller carry over to the new VM. */
  readonly disk: VmDisk
  readonly report: (step: 'copy-disk' | 'create' | 'cleanup', message: string) => void
  readonly wait: (step: 'copy-disk' | 'create', label: string) => WaitOptions
  readonly cleanupWait?: WaitOptions
}

function manager(client: VsphereClient, which: 'fileManager' | 'virtualDiskManager'): MoRef {
  const ref = client.serviceContent[which]
  if (ref == null)
    throw new VsphereResourceError(`${client.url} offers no ${which}: it cannot copy a VM's disk`)
  return ref
}

function isFault(err: unknown, faultType: string): boolean {
  return err instanceof VsphereFaultError && err.faultType === faultType
}

/** Makes `[ds] NAME`; refuses when it exists (files left from an earlier VM are not ours to touch). */
async function makeVmFolder(client: VsphereClient, folder: string): Promise<void> {
  try {
    await client.invoke(
      'MakeDirectory',
      manager(client, 'fileManager'),
      el('name', folder) + el('createParentDirectories', false),
    )
  } catch (err) {
    if (!isFault(err, 'FileAlreadyExists')) throw err
    throw new VsphereResourceError(
      `the datastore folder ${folder} already exists, though no VM of that name does ` +
        '(left from a deleted or unregistered VM?): remove or rename it in the datastore browser, or rename the VM',
    )
  }
}

/** Deletes a datastore file or folder; one already gone is fine (Destroy_Task deletes a VM's disks). */
async function deleteIfThere(
  client: VsphereClient,
  method: 'DeleteVirtualDisk_Task' | 'DeleteDatastoreFile_Task',
  name: string,
  wait: WaitOptions | undefined,
): Promise<void> {
  const target = manager(
    client,
    method === 'DeleteVirtualDisk_Task' ? 'virtualDiskManager' : 'fileManager',
  )
  try {
    const task = await client.invoke(method, target, el('name', name))
    await waitForTask(client, taskRef(task), `delete ${name}`, wait)
  } catch (err) {
    if (!isFault(err, 'FileNotFound')) throw err
  }
}

/** Removes the copied disk (descriptor and extent) and the folder this run made for it. */
export async function removeCopy(
  client: VsphereClient,
  paths: CopyDiskPaths,
  wait?: WaitOptions,
): Promise<void> {
  await deleteIfThere(client, 'DeleteVirtualDisk_Task', paths.disk, wait)
  await deleteIfThere(client, 'DeleteDatastoreFile_Task', paths.folder, wait)
}

/** Copies the template's disk and creates the VM on the copy; on a failure removes the copy again. */
export async function copyDiskAndCreate(ctx: CopyDiskContext): Promise<MoRef> {
  const { client, spec, placement, paths } = ctx
  const { host } = placement
  if (host.vmFolderId == null || host.resourcePoolId == null)
    throw new VsphereResourceError(
      `host ${host.name} has no VM folder or resource pool to create the VM in`,
    )
  // Checked before anything is made, so a refusal leaves nothing to clean up.
  manager(client, 'virtualDiskManager')
  await makeVmFolder(client, paths.folder)
  try {
    ctx.report('copy-disk', `copying ${paths.source} to ${paths.disk} (thin)`)
    // Without destSpec ESXi makes a preallocated (thick) copy; the adapter type only labels the
    // descriptor, the VM's own controller decides how the guest sees the disk.
    const copy = await client.invoke(
      'CopyVirtualDisk_Task',
      manager(client, 'virtualDiskManager'),
      el('sourceName', paths.source) +
        el('destName', paths.disk) +
        typedEl(
          'destSpec',
          'VirtualDiskSpec',
          el('diskType', 'thin') + el('adapterType', 'lsiLogic'),
        ) +
        el('force', false),
    )
    await waitForTask(
      client,
      taskRef(copy),
      `copy ${paths.source} to ${paths.disk}`,
      ctx.wait('copy-disk', 'CopyVirtualDisk_Task'),
    )
    ctx.report('create', `creating ${spec.name} on ${host.name} with the disk ${paths.disk}`)
    const config = createSpecXml(
      spec,
      {
        datastore: placement.datastore.name,
        network: placement.network == null ? null : soapNicTarget(placement.network),
        existingDisk: {
          fileName: paths.disk,
          capacityKiB: ctx.disk.capacityKiB,
          controllerType: ctx.disk.controllerType,
        },
      },
      ctx.planHash,
    )
    const created = await client.invoke(
      'CreateVM_Task',
      { type: 'Folder', value: host.vmFolderId },
      `<config>${config}</config>` +
        moRefXml('pool', { type: 'ResourcePool', value: host.resourcePoolId }) +
        moRefXml('host', { type: 'HostSystem', value: host.id }),
    )
    const vm = await waitForTask(
      client,
      taskRef(created),
      `create ${spec.name}`,
      ctx.wait('create', 'CreateVM_Task'),
    )
    if (vm == null) throw new VsphereResourceError(`CreateVM_Task for ${spec.name} returned no VM`)
    return vm
  } catch (err) {
    ctx.report('cleanup', `removing the copied disk ${paths.disk} and the folder ${paths.folder}`)
    try {
      await removeCopy(client, paths, ctx.cleanupWait)
    } catch (cleanupError) {
      throw rollbackError(err, cleanupError, `the folder ${paths.folder}`)
    }
    throw err
  }
}
