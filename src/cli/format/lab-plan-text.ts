/** The lab plan as text for the terminal: the VM, its devices, why, and what is wrong. */
import type { LabPlan } from '../../core/lab-plan-types.js'

/** A readable summary; `written` lists the export files when `--out` was given. */
export function formatLabPlan(plan: LabPlan, written: readonly string[]): string {
  const { vm, placement } = plan
  const lines = [
    `Lab plan: ${plan.stack.name}${plan.model != null ? ` serving ${plan.model.id}` : ''}`,
    '',
    `  VM          ${vm.name}`,
    `  vCPUs       ${vm.numCpus}`,
    `  memory      ${vm.memoryMiB / 1024} GiB${vm.memoryReservationLockedToMax ? ' (all reserved)' : ''}`,
    `  disk        ${vm.diskGiB} GiB thin`,
    `  hardware    ${vm.hardwareVersion}, EFI, Secure Boot off, nested HV off, CPU hot add off`,
    `  placement   host ${placement.host ?? '(any)'}, datastore ${placement.datastore}, network ${placement.network}`,
    `  template    ${placement.template}`,
  ]
  for (const d of vm.pciDevices)
    lines.push(
      `  GPU         ${d.mode}: ${d.name}${d.pciId != null ? ` (${d.pciId})` : ''}${d.vgpuProfile != null ? ` profile ${d.vgpuProfile}` : ''}`,
    )
  for (const u of vm.usbDevices) lines.push(`  USB         ${u.vendorId}:${u.productId} ${u.name}`)
  const vmx = Object.entries(vm.extraConfig).filter(([k]) => !k.startsWith('guestinfo.'))
  for (const [k, v] of vmx) lines.push(`  extraConfig ${k} = ${v}`)
  lines.push(
    `  guest       Ubuntu ${plan.guest.request.ubuntu}, user ${plan.guest.request.user}, cloud-init via guestinfo (${plan.guest.encoding})`,
  )
  lines.push('', 'Why:')
  for (const r of plan.reasons) lines.push(`  ${r.setting} = ${r.value}: ${r.why}`)
  if (plan.warnings.length > 0) {
    lines.push('', 'Warnings:')
    for (const w of plan.warnings) lines.push(`  ! ${w}`)
  }
  if (written.length > 0) {
    lines.push('', 'Wrote:')
    for (const f of written) lines.push(`  ${f}`)
  } else
    lines.push(
      '',
      'Add --out DIR to write user-data, govc.sh, powercli.ps1, main.tf and playbook.yml.',
    )
  return lines.join('\n')
}
