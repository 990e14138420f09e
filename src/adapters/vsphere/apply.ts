/**
 * Builds the lab VM from the Ubuntu cloud-image template, then one ReconfigVM_Task for what was
 * not applied yet (the disk growth at least) and PowerOnVM_Task. The VM is made:
 * - on vCenter by CloneVM_Task (powered off, with a config spec carrying the plan), then
 *   UpgradeVM_Task when the template's hardware is older;
 * - on standalone ESXi, which has no CloneVM_Task, by copying the template's VMDK and
 *   CreateVM_Task on the copy (copy-disk.ts).
 * A failure destroys the VM and removes the copied disk: no half-built VM or file is left behind.
 * Applying the same plan again is a no-op; any other VM with the name is a clear refusal. The
 * check is by name plus the `homelab-ai.plan` extraConfig marker holding the plan hash.
 */
import type { VsphereClient } from './client.js'
import { cloneMethod, planClone, type ClonePlan } from './clone-plan.js'
import { bootDisk, configChanges } from './config-changes.js'
import { cloneTemplate } from './clone-template.js'
import { copyDiskAndCreate, removeCopy } from './copy-disk.js'
import { copyDiskPaths, type CopyDiskPaths } from './copy-disk-paths.js'
import { existingProblem, findVms, templateProblem } from './existing-vm.js'
import { withSystemIds } from './passthrough-system-ids.js'
import type { Placement } from './placement.js'
import { soapNicTarget } from './placement.js'
import { el, type MoRef } from './soap-envelope.js'
import { taskRef, waitForTask, type TaskProgress, type WaitOptions } from './tasks.js'
import { readVmConfigState } from './vm-config.js'
import type { VmSpec } from './vm-spec-xml.js'
import { hardwareVersionNumber } from './vm-state.js'
import {
  rollbackError,
  VsphereDuplicateNameError,
  VsphereFaultError,
  VsphereTemplateError,
} from './vsphere-errors.js'

export type ApplyStep =
  'check' | 'clone' | 'copy-disk' | 'create' | 'upgrade' | 'reconfigure' | 'power-on' | 'cleanup'

/** A progress line: which step, and the running task's percent when vSphere reports one. */
export interface ApplyEvent {
  readonly step: ApplyStep
  readonly message: string
  readonly percent: number | null
}

export interface ApplyOptions {
  /** The template to clone (the plan's `placement.template`, `ubuntu-24.04-cloudimg`). */
  readonly template: string
  /** Ubuntu release of the template, for the import hint when it is missing. */
  readonly ubuntu?: string
  readonly powerOn?: boolean
  readonly onProgress?: (event: ApplyEvent) => void
  readonly wait?: Omit<WaitOptions, 'onProgress'>
}

export interface ApplyResult {
  /** `unchanged`: a VM from this very plan already exists, complete. */
  readonly status: 'created' | 'unchanged'
  readonly vmId: string
  readonly name: string
  readonly host: string
  readonly datastore: string
  readonly template: string
}

/** What a dry run can say before anything changes. */
export interface ApplyPreview {
  /** The clone, or null when it cannot happen (see `problem`). */
  readonly clone: ClonePlan | null
  /** Why `--yes` would refuse (missing template, a running source VM on ESXi, a VM of that name); null: it would go ahead. */
  readonly problem: string | null
  /** A VM of this plan already exists and is complete: applying changes nothing. */
  readonly unchanged: boolean
}

/** The plan's VM with the host's USB port paths (placement found the devices there). */
function placedSpec(spec: VmSpec, placement: Placement): VmSpec {
  return { ...spec, usbDevices: placement.usbDevices }
}

/** The dry run: what would be cloned from where to where, or why `--yes` would refuse. */
export async function previewApply(
  client: VsphereClient,
  planned: VmSpec,
  placement: Placement,
  planHash: string,
  options: ApplyOptions,
): Promise<ApplyPreview> {
  const spec = placedSpec(planned, placement)
  const found = await findVms(client, spec.name, options.template, placement)
  const existing = existingProblem(
    spec,
    found.existing,
    placement,
    planHash,
    options.powerOn ?? true,
  )
  const clone =
    found.template == null
      ? null
      : planClone(
          spec,
          placement,
          found.template,
          planHash,
          placement.pciDevices,
          cloneMethod(client),
        ).plan
  return {
    clone,
    problem: existing.problem ?? templateProblem(client, found.template, options, placement),
    unchanged: existing.unchanged != null,
  }
}

/** Makes the plan's VM from the template at `placement` and (by default) powers it on. */
export async function applyVm(
  client: VsphereClient,
  planned: VmSpec,
  placement: Placement,
  planHash: string,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const spec = placedSpec(planned, placement)
  const report = (step: ApplyStep, message: string, percent: number | null = null) =>
    options.onProgress?.({ step, message, percent })
  const powerOn = options.powerOn ?? true
  const summary = {
    name: spec.name,
    host: placement.host.name,
    datastore: placement.datastore.name,
    template: options.template,
  }

  report('check', `looking for a VM named ${spec.name} and the template ${options.template}`)
  const found = await findVms(client, spec.name, options.template, placement)
  const existing = existingProblem(spec, found.existing, placement, planHash, powerOn)
  if (existing.unchanged != null)
    return { status: 'unchanged', vmId: existing.unchanged.ref.value, ...summary }
  if (existing.problem != null) throw new VsphereDuplicateNameError(existing.problem)
  const missing = templateProblem(client, found.template, options, placement)
  if (missing != null || found.template == null) throw new VsphereTemplateError(missing ?? '')
  const template = found.template

  const method = cloneMethod(client)
  const { host } = placement
  const devices = await withSystemIds(client, placement, placement.pciDevices)
  const { plan, config } = planClone(
    spec,
    { ...placement, pciDevices: devices },
    template,
    planHash,
    devices,
    method,
  )
  const wait = (step: ApplyStep, label: string) => ({
    ...options.wait,
    onProgress: (p: TaskProgress) => report(step, `${label}: ${p.state}`, p.percent),
  })

  let vm: MoRef
  let copied: CopyDiskPaths | null = null
  const disk = bootDisk(template.state)
  if (method === 'copy-disk' && disk != null) {
    copied = copyDiskPaths(disk.fileName, spec.name, placement.datastore.name)
    vm = await copyDiskAndCreate({
      client,
      spec,
      placement,
      planHash,
      paths: copied,
      disk,
      report,
      wait,
      cleanupWait: options.wait,
    })
  } else {
    report(
      'clone',
      `cloning ${template.name} to ${spec.name} on ${host.name}, datastore ${placement.datastore.name}`,
    )
    vm = await cloneTemplate(
      client,
      spec,
      placement,
      template,
      config.xml,
      wait('clone', 'CloneVM_Task'),
    )
  }

  try {
    if (plan.upgrade != null) {
      report(
        'upgrade',
        `upgrading the virtual hardware ${plan.upgrade.from ?? '?'} → ${plan.upgrade.to}`,
      )
      const upgrade = await client.invoke('UpgradeVM_Task', vm, el('version', spec.hardwareVersion))
      await waitForTask(
        client,
        taskRef(upgrade),
        `upgrade ${spec.name}`,
        wait('upgrade', 'UpgradeVM_Task'),
      )
    }
    const changeOptions = {
      planHash,
      network: placement.network == null ? null : soapNicTarget(placement.network),
      pciDevices: devices,
      pci: true,
      growDisk: true,
      ignoreGuestinfo: false,
    }
    const todo = configChanges(spec, await readVmConfigState(client, vm), changeOptions)
    if (todo.changes.length > 0) {
      report('reconfigure', `reconfiguring ${spec.name}: ${todo.changes.join('; ')}`)
      const reconfig = await client.invoke('ReconfigVM_Task', vm, `<spec>${todo.xml}</spec>`)
      await waitForTask(
        client,
        taskRef(reconfig),
        `reconfigure ${spec.name}`,
        wait('reconfigure', 'ReconfigVM_Task'),
      )
      const left = configChanges(spec, await readVmConfigState(client, vm), changeOptions).changes
      if (left.length > 0)
        throw new VsphereFaultError(
          'NotApplied',
          `reconfigure ${spec.name}: vSphere did not apply ${left.join('; ')}`,
        )
    }
    const version = hardwareVersionNumber((await readVmConfigState(client, vm)).version)
    const wanted = hardwareVersionNumber(spec.hardwareVersion)
    if (plan.upgrade != null && version != null && wanted != null && version < wanted)
      throw new VsphereFaultError(
        'NotApplied',
        `upgrade ${spec.name}: the hardware is vmx-${version}, not ${spec.hardwareVersion}`,
      )
    if (powerOn) {
      report('power-on', `powering on ${spec.name}`)
      const on = await client.invoke('PowerOnVM_Task', vm, '')
      await waitForTask(
        client,
        taskRef(on),
        `power on ${spec.name}`,
        wait('power-on', 'PowerOnVM_Task'),
      )
    }
  } catch (err) {
    report(
      'cleanup',
      `removing the half-built ${spec.name}${copied == null ? '' : ` and its folder ${copied.folder}`}`,
    )
    try {
      const destroy = await client.invoke('Destroy_Task', vm, '')
      await waitForTask(client, taskRef(destroy), `destroy ${spec.name}`, options.wait)
    } catch (cleanupError) {
      throw rollbackError(err, cleanupError, `the half-built VM ${spec.name}`)
    }
    // Destroy_Task deletes the VM's disks; what it left of the copy (the folder) goes too.
    if (copied != null) {
      try {
        await removeCopy(client, copied, options.wait)
      } catch (cleanupError) {
        throw rollbackError(err, cleanupError, `the folder ${copied.folder}`)
      }
    }
    throw err
  }
  return { status: 'created', vmId: vm.value, ...summary }
}
