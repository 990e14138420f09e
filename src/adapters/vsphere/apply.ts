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
import {
  planClone,
  templateImportHint,
  type CloneMethod,
  type ClonePlan,
  type TemplateFound,
} from './clone-plan.js'
import { bootDisk, configChanges } from './config-changes.js'
import { queryConfigTarget } from './config-target.js'
import { cloneTemplate } from './clone-template.js'
import { copyDiskAndCreate, removeCopy } from './copy-disk.js'
import { copyDiskPaths, parseDatastorePath, type CopyDiskPaths } from './copy-disk-paths.js'
import type { Placement } from './placement.js'
import { soapNicTarget } from './placement.js'
import { retrieveInventory, retrieveObjects } from './property-collector.js'
import { child, children, el, text, type MoRef, type XmlNode } from './soap-envelope.js'
import { taskRef, waitForTask, type TaskProgress, type WaitOptions } from './tasks.js'
import { PLAN_MARKER_KEY, type VmPciDevice, type VmSpec } from './vm-spec-xml.js'
import { hardwareVersionNumber, readVmState, type VmState } from './vm-state.js'
import {
  rollbackError,
  VsphereDuplicateNameError,
  VsphereFaultError,
  VsphereResourceError,
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

interface ExistingVm {
  readonly ref: MoRef
  readonly marker: string | null
  readonly powerState: string
  readonly state: VmState | null
}

interface Found {
  readonly existing: readonly ExistingVm[]
  readonly template: (TemplateFound & { readonly ref: MoRef }) | null
}

/** The last value of `key` in an extraConfig list (the 0.24 simulator appends duplicates). */
export function extraConfigValue(options: readonly XmlNode[], key: string): string | null {
  let value: string | null = null
  for (const option of options) {
    if (text(option, 'key') === key) value = text(option, 'value')
  }
  return value
}

/** One pass over the VM names: VMs already named like the new one, and the template. */
async function findVms(
  client: VsphereClient,
  name: string,
  template: string,
  placement: Placement,
): Promise<Found> {
  const all = await retrieveInventory(client, [{ type: 'VirtualMachine', paths: ['name'] }])
  const vms = all.get('VirtualMachine') ?? []
  const named = vms.filter((v) => v.props.get('name')?.text === name)
  const templates = vms.filter((v) => v.props.get('name')?.text === template)
  const [existing, sources, hosts] = await Promise.all([
    retrieveObjects(
      client,
      named.map((m) => m.obj),
      ['config', 'runtime.powerState'],
    ),
    retrieveObjects(
      client,
      templates.map((m) => m.obj),
      ['config', 'runtime.host', 'runtime.powerState'],
    ),
    retrieveInventory(client, [{ type: 'HostSystem', paths: ['name'] }]),
  ])
  const hostNames = new Map(
    (hosts.get('HostSystem') ?? []).map((h) => [h.obj.value, h.props.get('name')?.text ?? '']),
  )
  const candidates = sources.flatMap((s) => {
    const config = s.props.get('config')
    if (config == null) return []
    const state = readVmState(config)
    const hostId = s.props.get('runtime.host')?.text ?? null
    return [
      {
        ref: s.obj,
        id: s.obj.value,
        name: template,
        isTemplate: state.template,
        hostName: hostId == null ? null : (hostNames.get(hostId) ?? hostId),
        powerState: s.props.get('runtime.powerState')?.text ?? null,
        state,
      },
    ]
  })
  // Several with that name (one per datacenter): a real template first, then one on the target host.
  candidates.sort(
    (a, b) =>
      Number(b.isTemplate) - Number(a.isTemplate) ||
      Number(b.hostName === placement.host.name) - Number(a.hostName === placement.host.name),
  )
  return {
    existing: existing.map((d) => {
      const config = d.props.get('config')
      return {
        ref: d.obj,
        marker:
          config == null
            ? null
            : extraConfigValue(children(config, 'extraConfig'), PLAN_MARKER_KEY),
        powerState: d.props.get('runtime.powerState')?.text ?? 'unknown',
        state: config == null ? null : readVmState(config),
      }
    }),
    template: candidates[0] ?? null,
  }
}

/** What is left to do on an existing VM of this plan (guestinfo is not compared: cloud-init clears it). */
function leftToDo(spec: VmSpec, state: VmState, placement: Placement, planHash: string): string[] {
  return configChanges(spec, state, {
    planHash,
    network: placement.network == null ? null : soapNicTarget(placement.network),
    pciDevices: placement.pciDevices,
    pci: true,
    growDisk: true,
    ignoreGuestinfo: true,
  }).changes.filter((c) => !c.startsWith('remove the vApp'))
}

/** Refusal for an existing VM of the name; null when it is this plan's, complete. */
function existingProblem(
  spec: VmSpec,
  existing: readonly ExistingVm[],
  placement: Placement,
  planHash: string,
  powerOn: boolean,
): { problem: string | null; unchanged: ExistingVm | null } {
  const ours = existing.find((e) => e.marker === planHash)
  if (ours != null) {
    const left =
      ours.state == null
        ? ['its config could not be read']
        : leftToDo(spec, ours.state, placement, planHash)
    if (left.length > 0 || (powerOn && ours.powerState !== 'poweredOn')) {
      const why = left.length > 0 ? left.join(', ') : 'it is powered off'
      return {
        problem:
          `VM ${spec.name} from this plan exists but is incomplete (${why}); an earlier apply was ` +
          'interrupted or the VM was changed: delete it in vSphere and apply again',
        unchanged: null,
      }
    }
    return { problem: null, unchanged: ours }
  }
  const other = existing[0]
  if (other == null) return { problem: null, unchanged: null }
  return {
    problem:
      other.marker == null
        ? `a VM named ${spec.name} already exists and was not made by homelab-ai; choose another name`
        : `VM ${spec.name} was made by homelab-ai from a different plan (${other.marker}); delete it or rename the new VM`,
    unchanged: null,
  }
}

/** vCenter clones; standalone ESXi (`HostAgent`) has no CloneVM_Task and copies the disk instead. */
export function cloneMethod(client: VsphereClient): CloneMethod {
  return client.serviceContent.about.apiType === 'HostAgent' ? 'copy-disk' : 'clone'
}

function templateProblem(
  client: VsphereClient,
  found: Found['template'],
  options: ApplyOptions,
  placement: Placement,
): string | null {
  const method = cloneMethod(client)
  if (found == null) {
    return (
      `template ${options.template} not found on ${client.url}; import Ubuntu's cloud image once: ` +
      templateImportHint(
        options.template,
        placement.datastore.name,
        options.ubuntu ?? '24.04',
        method,
      )
    )
  }
  const disk = bootDisk(found.state)
  if (disk == null)
    return `template ${options.template} has no disk: import Ubuntu's cloud image OVA as the template`
  if (method === 'clone') return null
  if (client.serviceContent.virtualDiskManager == null || client.serviceContent.fileManager == null)
    return `${client.url} offers no VirtualDiskManager or FileManager, so the template's disk cannot be copied`
  if (parseDatastorePath(disk.fileName) == null)
    return `the disk of ${options.template} is not a datastore file (${disk.fileName || 'no file name'}), so it cannot be copied`
  if (found.powerState != null && found.powerState !== 'poweredOff')
    return (
      `${options.template} is ${found.powerState}: ESXi locks a running VM's disk, so it cannot be ` +
      'copied; shut it down first (it is only the source, it need not run)'
    )
  return null
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

async function withSystemIds(
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

async function readState(client: VsphereClient, vm: MoRef): Promise<VmState> {
  const config = await readVmConfig(client, vm)
  if (config == null)
    throw new VsphereFaultError('ManagedObjectNotFound', `VM ${vm.value} has no config`)
  return readVmState(config)
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
    const todo = configChanges(spec, await readState(client, vm), changeOptions)
    if (todo.changes.length > 0) {
      report('reconfigure', `reconfiguring ${spec.name}: ${todo.changes.join('; ')}`)
      const reconfig = await client.invoke('ReconfigVM_Task', vm, `<spec>${todo.xml}</spec>`)
      await waitForTask(
        client,
        taskRef(reconfig),
        `reconfigure ${spec.name}`,
        wait('reconfigure', 'ReconfigVM_Task'),
      )
      const left = configChanges(spec, await readState(client, vm), changeOptions).changes
      if (left.length > 0)
        throw new VsphereFaultError(
          'NotApplied',
          `reconfigure ${spec.name}: vSphere did not apply ${left.join('; ')}`,
        )
    }
    const version = hardwareVersionNumber((await readState(client, vm)).version)
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

/** Reads back what a VM holds, for tests and `lab apply`'s checks. */
export async function readVmConfig(client: VsphereClient, vm: MoRef): Promise<XmlNode | null> {
  const [content] = await retrieveObjects(client, [vm], ['config'])
  return content?.props.get('config') ?? null
}

/** The VirtualPCIPassthrough devices in a VM config, with their backing type. */
export function passthroughDevices(config: XmlNode): { backing: string; node: XmlNode }[] {
  const hardware = child(config, 'hardware')
  return (hardware == null ? [] : children(hardware, 'device'))
    .filter((d) => d.xsiType === 'VirtualPCIPassthrough')
    .map((d) => ({ backing: child(d, 'backing')?.xsiType ?? 'none', node: d }))
}
