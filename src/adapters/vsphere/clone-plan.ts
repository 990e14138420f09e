/**
 * What `lab apply` will clone from where to where, pure: the template (an Ubuntu cloud image),
 * the target host, datastore, pool and network, the config spec the clone carries, and what
 * follows it (hardware upgrade, disk growth). The dry run prints it; apply.ts carries it out.
 * Two ways to make the VM:
 * - `clone` (vCenter): CloneVM_Task with the config spec;
 * - `copy-disk` (standalone ESXi, which has no CloneVM_Task): CopyVirtualDisk_Task of the
 *   template's VMDK into the new VM's folder, then CreateVM_Task with the plan on that copy.
 */
import type { VsphereClient } from './client.js'
import { configChanges, bootDisk, type ConfigChanges } from './config-changes.js'
import type { Placement } from './placement.js'
import { soapNicTarget } from './placement.js'
import { copyDiskPaths } from './copy-disk-paths.js'
import { hardwareVersionNumber, type VmState } from './vm-state.js'
import type { VmPciDevice, VmSpec } from './vm-spec-xml.js'

/** The template found on the server. */
export interface TemplateFound {
  readonly id: string
  readonly name: string
  /** False for a plain (powered-off) VM used as the source. */
  readonly isTemplate: boolean
  readonly hostName: string | null
  /** `poweredOff`, ...; ESXi cannot copy the disk of a running VM (it is locked). */
  readonly powerState: string | null
  readonly state: VmState
}

import type { CloneMethod, ClonePlan } from '../../core/clone-plan-types.js'
export type { CloneMethod, ClonePlan } from '../../core/clone-plan-types.js'

/** vCenter clones; standalone ESXi (`HostAgent`) has no CloneVM_Task and copies the disk instead. */
export function cloneMethod(client: VsphereClient): CloneMethod {
  return client.serviceContent.about.apiType === 'HostAgent' ? 'copy-disk' : 'clone'
}

/** Dynamic DirectPath needs hardware version 17 (vSphere 7.0) or later. */
const DYNAMIC_MIN_VERSION = 17
const KIB_PER_GIB = 1024 * 1024

/**
 * Where to get the template when it is missing: Ubuntu's cloud image OVA, as the exported README
 * says. Standalone ESXi cannot mark templates (MarkAsTemplate is vCenter only, govmomi#1152), so
 * there the imported VM stays a plain powered-off VM, which `copy-disk` takes as it is.
 */
export function templateImportHint(
  template: string,
  datastore: string,
  ubuntu: string,
  method: CloneMethod = 'clone',
): string {
  return (
    `govc import.ova -ds ${datastore} -name ${template} ` +
    `https://cloud-images.ubuntu.com/releases/${ubuntu}/release/ubuntu-${ubuntu}-server-cloudimg-amd64.ova` +
    (method === 'clone' ? ` && govc vm.markastemplate ${template}` : '')
  )
}

/** `ubuntu-22.04-cloudimg` → `22.04`; other names → 24.04 (the planner's default). */
export function ubuntuOfTemplate(template: string): string {
  return /(\d{2}\.\d{2})/.exec(template)?.[1] ?? '24.04'
}

/** Whether the plan's PCI devices need a newer virtual hardware than the template has. */
function needsUpgrade(spec: VmSpec, template: VmState): boolean {
  const have = hardwareVersionNumber(template.version)
  const want = hardwareVersionNumber(spec.hardwareVersion)
  return have != null && want != null && have < want
}

/** The clone's config spec and the reconfigure after it, for a template and a placement. */
export function planClone(
  spec: VmSpec,
  placement: Placement,
  template: TemplateFound,
  planHash: string,
  devices: readonly VmPciDevice[] = placement.pciDevices,
  method: CloneMethod = 'clone',
): { plan: ClonePlan; config: ConfigChanges } {
  if (method === 'copy-disk') return planCopyDisk(spec, placement, template, planHash, devices)
  const upgrade = needsUpgrade(spec, template.state)
  // PCI devices are added only once the hardware is new enough for them; Dynamic DirectPath on
  // an older template would make the whole clone fail.
  const pciInClone =
    !upgrade ||
    !devices.some((d) => d.mode === 'dynamic-passthrough') ||
    (hardwareVersionNumber(template.state.version) ?? 0) >= DYNAMIC_MIN_VERSION
  const network = placement.network == null ? null : soapNicTarget(placement.network)
  const config = configChanges(spec, template.state, {
    planHash,
    network,
    pciDevices: devices,
    pci: pciInClone,
    growDisk: false,
    ignoreGuestinfo: false,
  })
  const disk = bootDisk(template.state)
  const afterClone: string[] = []
  const notes: string[] = []
  if (disk != null && disk.capacityKiB < spec.diskGiB * KIB_PER_GIB)
    afterClone.push(
      `grow the disk ${Math.round((disk.capacityKiB / KIB_PER_GIB) * 10) / 10} → ${spec.diskGiB} GiB (cloud-init grows the partition at first boot)`,
    )
  else if (disk != null)
    notes.push(
      `the template's disk (${Math.round(disk.capacityKiB / KIB_PER_GIB)} GiB) is not smaller than the plan's ${spec.diskGiB} GiB; kept`,
    )
  if (!pciInClone)
    afterClone.push(...devices.map((d) => `add ${d.mode} ${d.vendorId}:${d.deviceId}`))
  const have = hardwareVersionNumber(template.state.version)
  const want = hardwareVersionNumber(spec.hardwareVersion)
  if (have != null && want != null && have > want)
    notes.push(
      `the template's ${template.state.version ?? '?'} is newer than the plan's ${spec.hardwareVersion}; kept`,
    )
  if (!template.isTemplate)
    notes.push(`${template.name} is a VM, not a template: mark it with govc vm.markastemplate`)
  return {
    config,
    plan: {
      method,
      template: template.name,
      templateId: template.id,
      templateIsTemplate: template.isTemplate,
      templateHost: template.hostName,
      templateVersion: template.state.version,
      templateDiskGiB: disk == null ? null : Math.round((disk.capacityKiB / KIB_PER_GIB) * 10) / 10,
      host: placement.host.name,
      datastore: placement.datastore.name,
      network: placement.network?.name ?? null,
      sourceDisk: null,
      targetDisk: null,
      cloneChanges: config.changes,
      upgrade: upgrade ? { from: template.state.version, to: spec.hardwareVersion } : null,
      afterClone,
      notes,
    },
  }
}

function diskGiB(capacityKiB: number): number {
  return Math.round((capacityKiB / KIB_PER_GIB) * 10) / 10
}

/**
 * The standalone ESXi way: the VM is created at the plan's hardware version on a copy of the
 * template's disk, so there is no upgrade; the PCI devices and the disk growth follow in the
 * reconfigure, as after a clone.
 */
function planCopyDisk(
  spec: VmSpec,
  placement: Placement,
  template: TemplateFound,
  planHash: string,
  devices: readonly VmPciDevice[],
): { plan: ClonePlan; config: ConfigChanges } {
  const network = placement.network == null ? null : soapNicTarget(placement.network)
  // A created VM has no vApp properties, so there is nothing of the OVA's to remove.
  const config = configChanges(
    spec,
    { ...template.state, hasVApp: false },
    { planHash, network, pciDevices: devices, pci: false, growDisk: false, ignoreGuestinfo: false },
  )
  const disk = bootDisk(template.state)
  const paths =
    disk == null ? null : copyDiskPaths(disk.fileName, spec.name, placement.datastore.name)
  const afterCreate: string[] = []
  const notes: string[] = []
  if (disk != null && disk.capacityKiB < spec.diskGiB * KIB_PER_GIB)
    afterCreate.push(
      `grow the disk ${diskGiB(disk.capacityKiB)} → ${spec.diskGiB} GiB (cloud-init grows the partition at first boot)`,
    )
  else if (disk != null)
    notes.push(
      `the template's disk (${Math.round(disk.capacityKiB / KIB_PER_GIB)} GiB) is not smaller than the plan's ${spec.diskGiB} GiB; kept`,
    )
  afterCreate.push(...devices.map((d) => `add ${d.mode} ${d.vendorId}:${d.deviceId}`))
  if (paths != null)
    notes.unshift(
      `standalone ESXi has no CloneVM_Task: CopyVirtualDisk_Task copies ${paths.source} (thin) to ` +
        `${paths.disk}, then CreateVM_Task makes ${spec.name} on the copy`,
    )
  if (template.state.disks.length > 1)
    notes.push(
      `${template.name} has ${template.state.disks.length} disks; only the first is copied`,
    )
  return {
    config,
    plan: {
      method: 'copy-disk',
      template: template.name,
      templateId: template.id,
      templateIsTemplate: template.isTemplate,
      templateHost: template.hostName,
      templateVersion: template.state.version,
      templateDiskGiB: disk == null ? null : diskGiB(disk.capacityKiB),
      host: placement.host.name,
      datastore: placement.datastore.name,
      network: placement.network?.name ?? null,
      sourceDisk: paths?.source ?? null,
      targetDisk: paths?.disk ?? null,
      cloneChanges: config.changes,
      upgrade: null,
      afterClone: afterCreate,
      notes,
    },
  }
}
