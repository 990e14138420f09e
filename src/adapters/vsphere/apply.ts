/**
 * Builds the lab VM: CreateVM_Task, ReconfigVM_Task (GPUs), PowerOnVM_Task, with progress.
 * - A failure part-way destroys what this run created: no half-built VM is left behind.
 * - Applying the same plan again is a no-op; any other VM with the name is a clear refusal.
 *   The check is by name plus the `homelab-ai.plan` extraConfig marker holding the plan hash.
 */
import type { VsphereClient } from './client.js'
import { queryConfigTarget } from './config-target.js'
import type { Placement } from './placement.js'
import { retrieveInventory, retrieveObjects } from './property-collector.js'
import { child, children, moRefXml, text, type MoRef, type XmlNode } from './soap-envelope.js'
import { taskRef, waitForTask, type TaskProgress, type WaitOptions } from './tasks.js'
import {
  attachPciSpecXml,
  createSpecXml,
  PLAN_MARKER_KEY,
  type VmPciDevice,
  type VmSpec,
} from './vm-spec-xml.js'
import {
  VsphereConnectionError,
  VsphereDuplicateNameError,
  VsphereResourceError,
} from './vsphere-errors.js'

export type ApplyStep = 'check' | 'create' | 'attach-gpus' | 'power-on' | 'cleanup'

/** A progress line: which step, and the running task's percent when vSphere reports one. */
export interface ApplyEvent {
  readonly step: ApplyStep
  readonly message: string
  readonly percent: number | null
}

export interface ApplyOptions {
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
}

interface ExistingVm {
  readonly ref: MoRef
  readonly marker: string | null
  readonly powerState: string
  readonly pciDevices: number
}

/** The last value of `key` in an extraConfig list (the 0.24 simulator appends duplicates). */
export function extraConfigValue(options: readonly XmlNode[], key: string): string | null {
  let value: string | null = null
  for (const option of options) {
    if (text(option, 'key') === key) value = text(option, 'value')
  }
  return value
}

async function findByName(client: VsphereClient, name: string): Promise<ExistingVm[]> {
  const all = await retrieveInventory(client, [{ type: 'VirtualMachine', paths: ['name'] }])
  const matches = (all.get('VirtualMachine') ?? []).filter(
    (v) => v.props.get('name')?.text === name,
  )
  const details = await retrieveObjects(
    client,
    matches.map((m) => m.obj),
    ['config.extraConfig', 'runtime.powerState', 'config.hardware.device'],
  )
  return details.map((d) => ({
    ref: d.obj,
    marker: extraConfigValue(d.props.get('config.extraConfig')?.children ?? [], PLAN_MARKER_KEY),
    powerState: d.props.get('runtime.powerState')?.text ?? 'unknown',
    pciDevices: (d.props.get('config.hardware.device')?.children ?? []).filter(
      (dev) => dev.xsiType === 'VirtualPCIPassthrough',
    ).length,
  }))
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

/** Creates (and by default powers on) the VM of `spec` at `placement`. */
export async function applyVm(
  client: VsphereClient,
  spec: VmSpec,
  placement: Placement,
  planHash: string,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const report = (step: ApplyStep, message: string, percent: number | null = null) =>
    options.onProgress?.({ step, message, percent })
  const powerOn = options.powerOn ?? true
  const summary = {
    name: spec.name,
    host: placement.host.name,
    datastore: placement.datastore.name,
  }

  report('check', `looking for an existing VM named ${spec.name}`)
  const existing = await findByName(client, spec.name)
  const ours = existing.find((vm) => vm.marker === planHash)
  if (ours != null) {
    const complete =
      ours.pciDevices >= spec.pciDevices.length && (!powerOn || ours.powerState === 'poweredOn')
    if (!complete) {
      throw new VsphereDuplicateNameError(
        `VM ${spec.name} from this plan exists but is incomplete (an earlier apply was interrupted); ` +
          'delete it in vSphere and apply again',
      )
    }
    return { status: 'unchanged', vmId: ours.ref.value, ...summary }
  }
  if (existing.length > 0) {
    const other = existing[0]!
    throw new VsphereDuplicateNameError(
      other.marker == null
        ? `a VM named ${spec.name} already exists and was not made by homelab-ai; choose another name`
        : `VM ${spec.name} was made by homelab-ai from a different plan (${other.marker}); delete it or rename the new VM`,
    )
  }

  const devices = await withSystemIds(client, placement, placement.pciDevices)
  const { host } = placement
  if (host.vmFolderId == null || host.resourcePoolId == null) {
    throw new VsphereResourceError(
      `host ${host.name} has no VM folder or resource pool to create the VM in`,
    )
  }
  const configXml = createSpecXml(
    spec,
    { datastore: placement.datastore.name, network: placement.network?.name ?? null },
    planHash,
  )
  const wait = (step: ApplyStep, label: string) => ({
    ...options.wait,
    onProgress: (p: TaskProgress) => report(step, `${label}: ${p.state}`, p.percent),
  })

  report('create', `creating ${spec.name} on ${host.name}, datastore ${placement.datastore.name}`)
  const created = await client.invoke(
    'CreateVM_Task',
    { type: 'Folder', value: host.vmFolderId },
    `<config>${configXml}</config>` +
      moRefXml('pool', { type: 'ResourcePool', value: host.resourcePoolId }) +
      moRefXml('host', { type: 'HostSystem', value: host.id }),
  )
  const vm = await waitForTask(
    client,
    taskRef(created),
    `create ${spec.name}`,
    wait('create', 'CreateVM_Task'),
  )
  if (vm == null) throw new VsphereResourceError(`CreateVM_Task for ${spec.name} returned no VM`)

  try {
    if (devices.length > 0) {
      report('attach-gpus', `attaching ${devices.length} PCI device(s)`)
      const task = await client.invoke(
        'ReconfigVM_Task',
        vm,
        `<spec>${attachPciSpecXml(devices)}</spec>`,
      )
      await waitForTask(
        client,
        taskRef(task),
        `attach GPUs to ${spec.name}`,
        wait('attach-gpus', 'ReconfigVM_Task'),
      )
    }
    if (powerOn) {
      report('power-on', `powering on ${spec.name}`)
      const task = await client.invoke('PowerOnVM_Task', vm, '')
      await waitForTask(
        client,
        taskRef(task),
        `power on ${spec.name}`,
        wait('power-on', 'PowerOnVM_Task'),
      )
    }
  } catch (err) {
    report('cleanup', `removing the half-built ${spec.name}`)
    try {
      const task = await client.invoke('Destroy_Task', vm, '')
      await waitForTask(client, taskRef(task), `destroy ${spec.name}`, options.wait)
    } catch (cleanupError) {
      const why = cleanupError instanceof Error ? cleanupError.message : String(cleanupError)
      const message = `${(err as Error).message}; removing the half-built VM ${spec.name} also failed (${why}): delete it in vSphere`
      if (err instanceof VsphereConnectionError || cleanupError instanceof VsphereConnectionError) {
        throw new VsphereConnectionError(message, { cause: err })
      }
      throw new VsphereResourceError(message, { cause: err })
    }
    throw err
  }
  return { status: 'created', vmId: vm.value, ...summary }
}

/** Reads back what a created VM holds, for tests and `lab apply`'s final summary. */
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
