/**
 * Before `lab apply` changes anything: the VMs already named like the new one, the template to
 * make it from, and why applying would refuse. A VM of this plan is recognised by the
 * `homelab-ai.plan` extraConfig marker holding the plan hash.
 */
import type { VsphereClient } from './client.js'
import { cloneMethod, templateImportHint, type TemplateFound } from './clone-plan.js'
import { bootDisk, configChanges } from './config-changes.js'
import { parseDatastorePath } from './copy-disk-paths.js'
import type { Placement } from './placement.js'
import { soapNicTarget } from './placement.js'
import { retrieveInventory, retrieveObjects } from './property-collector.js'
import { children, text, type MoRef, type XmlNode } from './soap-envelope.js'
import { PLAN_MARKER_KEY, type VmSpec } from './vm-spec-xml.js'
import { readVmState, type VmState } from './vm-state.js'

/** A VM that already has the new VM's name. */
export interface ExistingVm {
  readonly ref: MoRef
  readonly marker: string | null
  readonly powerState: string
  readonly state: VmState | null
}

/** What `findVms` found: the VMs of that name and the best template candidate. */
export interface Found {
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
export async function findVms(
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
export function existingProblem(
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

/** Why the template cannot be used (missing, no disk, not copyable on ESXi); null when it can. */
export function templateProblem(
  client: VsphereClient,
  found: Found['template'],
  options: { readonly template: string; readonly ubuntu?: string },
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
