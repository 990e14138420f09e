import type { Virtualization } from '../../../core/hardware.js'
import { asText, field } from '../tools/read-unknown.js'

/**
 * Win32_ComputerSystem Manufacturer/Model prefixes of the common hypervisors, mapped to
 * systemd-detect-virt's ids (the same ones the Linux probe uses). These are the SMBIOS system
 * strings each hypervisor sets; Windows copies them into Win32_ComputerSystem.
 */
const HYPERVISORS: readonly (readonly [RegExp, string])[] = [
  [/^VMware/i, 'vmware'],
  [/^Microsoft Corporation Virtual Machine/i, 'microsoft'],
  [/^QEMU/i, 'qemu'],
  [/KVM/, 'kvm'],
  [/^innotek GmbH|VirtualBox/i, 'oracle'],
  [/^Xen/i, 'xen'],
  [/^Parallels/i, 'parallels'],
  [/^Amazon EC2/i, 'amazon'],
  [/^Google Compute Engine|^Google/i, 'google'],
]

/**
 * Whether this Windows runs in a VM, from Win32_ComputerSystem alone.
 * HypervisorPresent is recorded but not trusted: Windows 11 with VBS or WSL 2 runs on Hyper-V
 * even on bare metal, so it is true there too.
 */
export function virtualizationFromCim(system: unknown): Virtualization {
  const manufacturer = asText(field(system, 'Manufacturer'))
  const model = asText(field(system, 'Model'))
  const hypervisorPresent = field(system, 'HypervisorPresent')
  const hypervisorFlag = typeof hypervisorPresent === 'boolean' ? hypervisorPresent : null
  const evidence = [
    `Win32_ComputerSystem Manufacturer = ${manufacturer ?? '(none)'}, Model = ${model ?? '(none)'}`,
  ]
  if (manufacturer == null && model == null) {
    return {
      kind: 'unknown',
      role: 'unknown',
      vmKind: null,
      containerKind: null,
      isVmwareGuest: false,
      hypervisorFlag,
      openVmTools: null,
      evidence: [],
    }
  }
  const text = `${manufacturer ?? ''} ${model ?? ''}`
  const kind = HYPERVISORS.find(([pattern]) => pattern.test(text))?.[1] ?? null
  return {
    kind: kind ?? 'none',
    role: kind == null ? 'bare-metal' : 'vm',
    vmKind: kind,
    containerKind: null,
    isVmwareGuest: kind === 'vmware',
    hypervisorFlag,
    // VMware Tools is a Windows service, not open-vm-tools; the CIM script does not ask for it.
    openVmTools: null,
    evidence,
  }
}
