import type { Virtualization } from '../../../core/hardware.js'
import type { PciDevice } from './pci-devices.js'
import { exists, listDir, readText, readValue } from './read-tree.js'

/** The raw signals; gathered by readVirtualizationFacts, judged by classifyVirtualization. */
export interface VirtualizationFacts {
  /** DMI fields by name (`sys_vendor`, `product_name`, ...); absent when unreadable. */
  readonly dmi: Readonly<Record<string, string | undefined>>
  readonly hypervisorType: string | null
  readonly hypervisorFlag: boolean | null
  readonly dockerenv: boolean
  readonly containerenv: boolean
  /** `container=` from PID 1's environment (root-only on most hosts). */
  readonly pid1Container: string | null
  readonly kernelRelease: string | null
  readonly pciVendors: readonly string[]
  readonly openVmTools: boolean
}

/** DMI fields read, in systemd's order of trust. */
export const DMI_FIELDS = [
  'product_name',
  'sys_vendor',
  'board_vendor',
  'bios_vendor',
  'product_version',
] as const

// Prefixes of DMI values → systemd-detect-virt id (after systemd's detect_vm_dmi table).
const DMI_VENDORS: ReadonlyArray<readonly [string, string]> = [
  ['KVM', 'kvm'],
  ['OpenStack', 'kvm'],
  ['KubeVirt', 'kvm'],
  ['Amazon EC2', 'amazon'],
  ['QEMU', 'qemu'],
  ['VMware', 'vmware'],
  ['VMW', 'vmware'],
  ['innotek GmbH', 'oracle'],
  ['VirtualBox', 'oracle'],
  ['Xen', 'xen'],
  ['Bochs', 'bochs'],
  ['Parallels', 'parallels'],
  ['BHYVE', 'bhyve'],
  ['Hyper-V', 'microsoft'],
  ['Apple Virtualization', 'apple'],
  ['Google Compute Engine', 'google'],
]

function dmiVerdict(dmi: VirtualizationFacts['dmi']): { kind: string; evidence: string } | null {
  for (const field of DMI_FIELDS) {
    const value = dmi[field]
    if (value == null || value === '') continue
    const hit = DMI_VENDORS.find(([prefix]) => value.startsWith(prefix))
    if (hit != null) return { kind: hit[1], evidence: `DMI ${field} = ${value}` }
  }
  // Microsoft also makes laptops (Surface); only its "Virtual Machine" product is a Hyper-V guest.
  if (dmi.sys_vendor === 'Microsoft Corporation' && dmi.product_name === 'Virtual Machine')
    return { kind: 'microsoft', evidence: 'DMI Microsoft Corporation / Virtual Machine' }
  return null
}

function containerVerdict(f: VirtualizationFacts): { kind: string; evidence: string } | null {
  if (f.pid1Container != null && f.pid1Container !== '')
    return { kind: f.pid1Container, evidence: `/proc/1/environ container=${f.pid1Container}` }
  if (f.dockerenv) return { kind: 'docker', evidence: '/.dockerenv exists' }
  if (f.containerenv) return { kind: 'podman', evidence: '/run/.containerenv exists' }
  if (f.kernelRelease != null && /microsoft/i.test(f.kernelRelease))
    return { kind: 'wsl', evidence: `kernel release ${f.kernelRelease} (WSL)` }
  return null
}

/**
 * Judges the signals with systemd-detect-virt's precedence: a container wins over the VM it runs
 * in, DMI wins over the CPU flag (ESXi VMs with `hypervisor.cpuid.v0 = FALSE` hide the flag).
 */
export function classifyVirtualization(f: VirtualizationFacts): Virtualization {
  const evidence: string[] = []
  let vmKind: string | null = null
  const dmi = dmiVerdict(f.dmi)
  if (dmi != null) {
    vmKind = dmi.kind
    evidence.push(dmi.evidence)
  }
  if (vmKind == null && f.hypervisorType != null && f.hypervisorType !== '') {
    vmKind = f.hypervisorType === 'xen' ? 'xen' : 'vm-other'
    evidence.push(`/sys/hypervisor/type = ${f.hypervisorType}`)
  }
  const vmwarePci = f.pciVendors.includes('15ad')
  if (vmwarePci) {
    evidence.push('PCI devices from VMware (vendor 15ad)')
    vmKind ??= 'vmware'
  }
  if (f.hypervisorFlag === true) {
    evidence.push('CPU flag hypervisor is set')
    // The flag says "some hypervisor"; CPUID's vendor leaf would say which, but files cannot.
    vmKind ??= 'vm-other'
  } else if (f.hypervisorFlag === false && vmKind != null) {
    evidence.push('CPU flag hypervisor is hidden (hypervisor.cpuid.v0 = FALSE or similar)')
  }
  const container = containerVerdict(f)
  if (container != null) evidence.push(container.evidence)
  if (f.openVmTools) evidence.push('open-vm-tools (vmtoolsd) is installed or running')
  const containerKind = container?.kind ?? null
  return {
    kind: containerKind ?? vmKind ?? 'none',
    role: containerKind != null ? 'container' : vmKind != null ? 'vm' : 'bare-metal',
    vmKind,
    containerKind,
    isVmwareGuest: vmKind === 'vmware',
    hypervisorFlag: f.hypervisorFlag,
    openVmTools: f.openVmTools,
    evidence,
  }
}

async function readPid1Container(root: string): Promise<string | null> {
  const env = await readText(root, 'proc/1/environ')
  const entry = env?.split('\0').find((e) => e.startsWith('container='))
  return entry != null ? entry.slice('container='.length) : null
}

/** Whether open-vm-tools is installed (the binary) or running (a `vmtoolsd` process). */
export async function hasOpenVmTools(root: string, lookForProcess: boolean): Promise<boolean> {
  if ((await exists(root, 'usr/bin/vmtoolsd')) || (await exists(root, 'usr/sbin/vmtoolsd')))
    return true
  if (!lookForProcess) return false
  // Scanning every process costs a read each; only done inside a VMware VM.
  const pids = (await listDir(root, 'proc')).filter((n) => /^\d+$/.test(n))
  const comms = await Promise.all(pids.map((pid) => readValue(root, `proc/${pid}/comm`)))
  return comms.includes('vmtoolsd')
}

/** Reads the virtualization signals under `root` (DMI, /sys/hypervisor, container markers). */
export async function readVirtualizationFacts(
  root: string,
  hypervisorFlag: boolean | null,
  pci: readonly PciDevice[],
): Promise<VirtualizationFacts> {
  const [dmiValues, hypervisorType, dockerenv, containerenv, pid1Container, kernelRelease] =
    await Promise.all([
      Promise.all(DMI_FIELDS.map((f) => readValue(root, `sys/class/dmi/id/${f}`))),
      readValue(root, 'sys/hypervisor/type'),
      exists(root, '.dockerenv'),
      exists(root, 'run/.containerenv'),
      readPid1Container(root),
      readValue(root, 'proc/sys/kernel/osrelease'),
    ])
  const dmi = Object.fromEntries(DMI_FIELDS.map((f, i) => [f, dmiValues[i]]))
  const pciVendors = [...new Set(pci.map((d) => d.vendorId))]
  const looksVmware =
    pciVendors.includes('15ad') || DMI_FIELDS.some((f) => /^VMware/.test(dmi[f] ?? ''))
  return {
    dmi,
    hypervisorType: hypervisorType ?? null,
    hypervisorFlag,
    dockerenv,
    containerenv,
    pid1Container,
    kernelRelease: kernelRelease ?? null,
    pciVendors,
    openVmTools: await hasOpenVmTools(root, looksVmware),
  }
}
