/**
 * Reads a lab plan (`plan.json`, or a folder holding one) and turns its VM into the VmSpec that
 * vm-spec-xml builds, plus the plan hash that marks the VM as made from this very plan.
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { InputFileError } from '../../core/errors.js'
import type { LabPlan, LabVm } from '../../core/lab-plan-types.js'
import type { VmSpec } from './vm-spec-xml.js'

/** The VM of a lab plan as a VmSpec. */
export function vmSpecFromLab(vm: LabVm): VmSpec {
  return {
    name: vm.name,
    numCpus: vm.numCpus,
    memoryMiB: vm.memoryMiB,
    diskGiB: vm.diskGiB,
    firmware: vm.firmware,
    secureBoot: vm.secureBoot,
    memoryReservationLockedToMax: vm.memoryReservationLockedToMax,
    nestedHV: vm.nestedHV,
    cpuHotAdd: vm.cpuHotAdd,
    hardwareVersion: vm.hardwareVersion,
    guestId: vm.guestId,
    extraConfig: vm.extraConfig,
    pciDevices: vm.pciDevices.map((d) => ({
      mode: d.mode === 'dynamic' ? 'dynamic-passthrough' : d.mode,
      vendorId: d.vendorId,
      // A vGPU whose board is unknown still has a profile; the id is only informative then.
      deviceId: d.deviceId ?? '0000',
      vgpuProfile: d.vgpuProfile ?? null,
      busId: d.pciId,
    })),
    usbDevices: vm.usbDevices.map((u) => ({
      vendorId: u.vendorId,
      productId: u.productId,
      physicalPath: u.physicalPath,
      description: u.name,
    })),
    usbController: vm.usbController === 'usb3' || vm.usbDevices.length > 0 ? 'xhci' : null,
  }
}

/** `sha256:` + 16 hex of the VM and guest parts of the plan: what decides "the same plan". */
export function planHash(plan: LabPlan): string {
  const digest = createHash('sha256')
    .update(JSON.stringify({ vm: plan.vm, guest: plan.guest }))
    .digest('hex')
  return `sha256:${digest.slice(0, 16)}`
}

/** Reads `path` (a plan.json, or a folder with plan.json in it). */
export async function readLabPlanFile(path: string): Promise<LabPlan> {
  let file = path
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'plan.json')
  } catch (error) {
    throw new InputFileError(
      `cannot read the lab plan ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    const why =
      error instanceof SyntaxError
        ? 'not valid JSON'
        : ((error as NodeJS.ErrnoException).code ?? 'error')
    throw new InputFileError(
      `cannot read the lab plan ${file} (${why}); write one with: homelab-ai lab plan --json > plan.json`,
    )
  }
  const plan = json as Partial<LabPlan>
  const vm = plan.vm as Partial<LabVm> | undefined
  if (
    plan.schemaVersion !== 1 ||
    vm == null ||
    typeof vm.name !== 'string' ||
    !Array.isArray(vm.pciDevices) ||
    plan.guest == null
  ) {
    throw new InputFileError(
      `${file} is not a homelab-ai lab plan (schemaVersion 1 with vm and guest)`,
    )
  }
  return plan as LabPlan
}
