/** The lab plan as a POSIX shell script of govc commands (`govc.sh`). */
import type { LabPlan } from './lab-plan-types.js'
import { quoteShell as q } from './quote-shell.js'

function line(words: readonly string[]): string {
  return words.join(' ')
}

/** `govc.sh`: clone, size, EFI, VMX settings, devices, power on. Every user value single-quoted. */
export function renderGovc(plan: LabPlan): string {
  const { vm, placement } = plan
  const out: string[] = [
    '#!/bin/sh',
    `# homelab-ai lab plan: ${plan.stack.id} on one VM. Generated; see README.md before running.`,
    '# Needs govc (0.37 or later; vGPU needs 0.49+) and GOVC_URL, GOVC_USERNAME, GOVC_PASSWORD in the environment.',
    'set -eu',
    ': "${GOVC_URL:?set GOVC_URL to your vCenter or ESXi host}"',
    `vm=${q(vm.name)}`,
    '',
    '# 1. Clone the Ubuntu cloud-image template, powered off.',
    line([
      'govc vm.clone',
      '-vm',
      q(placement.template),
      '-on=false',
      ...(placement.host != null ? ['-host', q(placement.host)] : []),
      '-ds',
      q(placement.datastore),
      '-net',
      q(placement.network),
      '-c',
      String(vm.numCpus),
      '-m',
      String(vm.memoryMiB),
      '"$vm"',
    ]),
    `govc vm.disk.change -vm "$vm" -disk.label 'Hard disk 1' -size ${vm.diskGiB}G`,
    `govc vm.upgrade -vm "$vm" -version ${vm.hardwareVersion.replace('vmx-', '')}`,
    '',
    '# 2. EFI without Secure Boot, full memory reservation, no nested HV, no CPU hot add.',
    'govc device.boot -vm "$vm" -firmware efi -secure=false',
    line([
      'govc vm.change -vm "$vm"',
      `-memory-pin=${String(vm.memoryReservationLockedToMax)}`,
      '-nested-hv-enabled=false',
      '-cpu-hot-add-enabled=false',
    ]),
    '',
    '# 3. Advanced settings (extraConfig): MMIO window and the cloud-init guestinfo keys.',
    ...Object.entries(vm.extraConfig).map(
      ([k, v]) => `govc vm.change -vm "$vm" -e ${q(`${k}=${v}`)}`,
    ),
    '',
  ]
  const devices: string[] = []
  for (const d of vm.pciDevices) {
    if (d.mode === 'passthrough' && d.pciId != null)
      devices.push(`govc device.pci.add -vm "$vm" ${q(d.pciId)}`)
    else if (d.mode === 'vgpu' && d.vgpuProfile != null)
      devices.push(`govc gpu.vm.add -vm "$vm" -profile ${q(d.vgpuProfile)}`)
    else
      devices.push(
        `echo ${q(`govc cannot add a Dynamic DirectPath device: add ${d.vendorId}:${d.deviceId ?? '????'} (${d.name}) in the vSphere Client (Edit Settings > Add New Device > PCI Device), or run powercli.ps1.`)} >&2`,
      )
  }
  if (vm.usbController === 'usb3') {
    devices.push('govc device.usb.add -vm "$vm" -type xhci')
    devices.push(
      `echo ${q('govc cannot attach a host USB device: add the Coral (Edit Settings > Add New Device > Host USB Device), or run powercli.ps1.')} >&2`,
    )
  }
  if (devices.length > 0) out.push('# 4. Devices.', ...devices, '')
  out.push(
    '# 5. Power on: cloud-init installs the stack, reboots once and reports guestinfo.homelab.health.',
  )
  out.push('govc vm.power -on "$vm"')
  out.push('')
  return out.join('\n')
}
