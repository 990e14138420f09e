import { describe, expect, it } from 'vitest'
import type { VirtualizationFacts } from './virtualization.js'
import { classifyVirtualization } from './virtualization.js'

const none: VirtualizationFacts = {
  dmi: {},
  hypervisorType: null,
  hypervisorFlag: false,
  dockerenv: false,
  containerenv: false,
  pid1Container: null,
  kernelRelease: '6.8.0-45-generic',
  pciVendors: [],
  openVmTools: false,
}

describe('classifyVirtualization', () => {
  it.each<[string, Partial<VirtualizationFacts>, Record<string, unknown>]>([
    [
      'bare metal',
      { dmi: { sys_vendor: 'ASUS' } },
      { kind: 'none', role: 'bare-metal', vmKind: null },
    ],
    [
      'ESXi VM with hypervisor.cpuid.v0 = FALSE',
      { dmi: { sys_vendor: 'VMware, Inc.', product_name: 'VMware20,1' }, hypervisorFlag: false },
      { kind: 'vmware', role: 'vm', isVmwareGuest: true, hypervisorFlag: false },
    ],
    [
      'VMware PCI devices alone',
      { pciVendors: ['15ad', '10de'] },
      { kind: 'vmware', isVmwareGuest: true },
    ],
    [
      'Docker in a KVM guest without DMI (this machine)',
      { hypervisorFlag: true, dockerenv: true },
      { kind: 'docker', role: 'container', vmKind: 'vm-other', containerKind: 'docker' },
    ],
    [
      'Proxmox guest',
      {
        dmi: { sys_vendor: 'QEMU', product_name: 'Standard PC (Q35 + ICH9, 2009)' },
        hypervisorFlag: true,
      },
      { kind: 'qemu' },
    ],
    [
      'Hyper-V guest',
      { dmi: { sys_vendor: 'Microsoft Corporation', product_name: 'Virtual Machine' } },
      { kind: 'microsoft' },
    ],
    [
      'Surface laptop',
      { dmi: { sys_vendor: 'Microsoft Corporation', product_name: 'Surface Laptop 5' } },
      { kind: 'none' },
    ],
    [
      'VirtualBox',
      { dmi: { sys_vendor: 'innotek GmbH', product_name: 'VirtualBox' } },
      { kind: 'oracle' },
    ],
    ['EC2', { dmi: { sys_vendor: 'Amazon EC2', product_name: 't3.large' } }, { kind: 'amazon' }],
    ['Xen PV', { hypervisorType: 'xen' }, { kind: 'xen' }],
    ['Podman', { containerenv: true }, { kind: 'podman', role: 'container', vmKind: null }],
    ['LXC from PID 1', { pid1Container: 'lxc', dockerenv: true }, { kind: 'lxc' }],
    [
      'WSL2',
      { kernelRelease: '5.15.153.1-microsoft-standard-WSL2', hypervisorFlag: true },
      { kind: 'wsl', vmKind: 'vm-other' },
    ],
    ['arm board', { hypervisorFlag: null }, { kind: 'none', hypervisorFlag: null }],
  ])('%s', (_, facts, expected) => {
    expect(classifyVirtualization({ ...none, ...facts })).toMatchObject(expected)
  })

  it('says what the verdict rests on', () => {
    const v = classifyVirtualization({
      ...none,
      dmi: { sys_vendor: 'VMware, Inc.' },
      pciVendors: ['15ad'],
      openVmTools: true,
    })
    expect(v.evidence).toEqual([
      'DMI sys_vendor = VMware, Inc.',
      'PCI devices from VMware (vendor 15ad)',
      'CPU flag hypervisor is hidden (hypervisor.cpuid.v0 = FALSE or similar)',
      'open-vm-tools (vmtoolsd) is installed or running',
    ])
    expect(v.openVmTools).toBe(true)
  })
})
