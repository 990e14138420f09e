/**
 * What `lab apply` will do to make the VM from the Ubuntu cloud-image template, as plain data:
 * built by src/adapters/vsphere/clone-plan.ts, printed by the CLI and sent to the Lab page
 * (src/server/api-types.ts). Types only, so the web build can name them.
 */

/**
 * `clone`: vCenter's CloneVM_Task. `copy-disk`: standalone ESXi has no CloneVM_Task, so the
 * template's VMDK is copied and CreateVM_Task boots from the copy.
 */
export type CloneMethod = 'clone' | 'copy-disk'

/** The clone: source, target and the changes, in the order they are made. */
export interface ClonePlan {
  readonly method: CloneMethod
  readonly template: string
  readonly templateId: string
  readonly templateIsTemplate: boolean
  readonly templateHost: string | null
  readonly templateVersion: string | null
  readonly templateDiskGiB: number | null
  readonly host: string
  readonly datastore: string
  readonly network: string | null
  /** copy-disk: the template's VMDK (`[ds1] ubuntu/ubuntu.vmdk`) and its copy (`[ds2] NAME/NAME.vmdk`). */
  readonly sourceDisk: string | null
  readonly targetDisk: string | null
  /** What the clone's config spec (copy-disk: the CreateVM_Task spec) changes from the template. */
  readonly cloneChanges: readonly string[]
  /** UpgradeVM_Task after the clone, when the template's hardware is older than the plan's. */
  readonly upgrade: { readonly from: string | null; readonly to: string } | null
  /** Disk growth, and PCI devices that must wait for the hardware upgrade. */
  readonly afterClone: readonly string[]
  readonly notes: readonly string[]
}
