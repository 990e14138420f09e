/**
 * The lab plan as an Ansible playbook for community.vmware. User values sit in `vars` tagged
 * `!unsafe`, so Ansible never templates them (a VM named `{{ x }}` stays that name), and the YAML
 * is written by the `yaml` library. community.vmware has no module for DirectPath or host USB
 * devices (issue #347), so those steps call govc with an argv list, never a shell line.
 */
import { Document, Scalar } from 'yaml'
import type { LabPlan } from './lab-plan-types.js'

function unsafe(value: string): Scalar {
  const s = new Scalar(value)
  s.tag = '!unsafe'
  return s
}

const CONNECTION_NOTE =
  'community.vmware reads VMWARE_HOST, VMWARE_USER, VMWARE_PASSWORD and VMWARE_VALIDATE_CERTS from the environment.'

/** `playbook.yml`: clone, configure, devices, power on. */
export function renderAnsible(plan: LabPlan): string {
  const { vm, placement } = plan
  const target = {
    name: '{{ vm_name }}',
    datacenter: '{{ vm_datacenter }}',
  }
  const tasks: Record<string, unknown>[] = [
    {
      name: 'Clone the Ubuntu cloud-image template and set CPU, memory, EFI and advanced settings',
      'community.vmware.vmware_guest': {
        ...target,
        folder: '/{{ vm_datacenter }}/vm',
        template: '{{ vm_template }}',
        ...(placement.host != null ? { esxi_hostname: '{{ vm_host }}' } : {}),
        datastore: '{{ vm_datastore }}',
        state: 'poweredoff',
        hardware: {
          num_cpus: vm.numCpus,
          memory_mb: vm.memoryMiB,
          memory_reservation_lock: vm.memoryReservationLockedToMax,
          boot_firmware: vm.firmware,
          secure_boot: false,
          nested_virt: false,
          hotadd_cpu: false,
          version: Number(vm.hardwareVersion.replace('vmx-', '')),
        },
        disk: [{ size_gb: vm.diskGiB, type: 'thin', datastore: '{{ vm_datastore }}' }],
        networks: [{ name: '{{ vm_network }}' }],
        advanced_settings: Object.entries(vm.extraConfig).map(([key, value]) => ({
          key,
          value: unsafe(value),
        })),
      },
    },
  ]
  for (const d of vm.pciDevices) {
    if (d.mode === 'vgpu')
      tasks.push({
        name: `Add vGPU profile ${d.vgpuProfile ?? ''}`,
        'community.vmware.vmware_guest_vgpu': {
          ...target,
          ...(placement.host != null ? { esxi_hostname: '{{ vm_host }}' } : {}),
          vgpu: unsafe(d.vgpuProfile ?? ''),
          state: 'present',
        },
      })
    else if (d.mode === 'passthrough' && d.pciId != null)
      tasks.push({
        name: `Add PCI passthrough device ${d.pciId} (no community.vmware module: govc)`,
        'ansible.builtin.command': {
          argv: ['govc', 'device.pci.add', '-vm', '{{ vm_name }}', unsafe(d.pciId)],
        },
        environment: {
          GOVC_URL: '{{ lookup("env", "VMWARE_HOST") }}',
          GOVC_USERNAME: '{{ lookup("env", "VMWARE_USER") }}',
          GOVC_PASSWORD: '{{ lookup("env", "VMWARE_PASSWORD") }}',
        },
      })
    else
      tasks.push({
        name: 'Dynamic DirectPath has no Ansible or govc command',
        'ansible.builtin.debug': {
          msg: `Add ${d.vendorId}:${d.deviceId ?? '????'} (${d.name}) as a Dynamic DirectPath device in the vSphere Client, or run powercli.ps1.`,
        },
      })
  }
  if (vm.usbController === 'usb3')
    tasks.push(
      {
        name: 'Add a USB 3 (xHCI) controller',
        'community.vmware.vmware_guest_controller': {
          ...target,
          controllers: [{ type: 'usb3', state: 'present' }],
        },
      },
      {
        name: 'Host USB devices have no community.vmware module',
        'ansible.builtin.debug': {
          msg: 'Attach the Coral USB Accelerator (Edit Settings > Add New Device > Host USB Device), or run powercli.ps1.',
        },
      },
    )
  tasks.push({
    name: 'Power on: cloud-init installs the stack, reboots once and reports guestinfo.homelab.health',
    'community.vmware.vmware_guest_powerstate': { ...target, state: 'powered-on' },
  })
  const play = {
    name: `homelab-ai lab VM (${plan.stack.id})`,
    hosts: 'localhost',
    gather_facts: false,
    vars: {
      vm_name: unsafe(vm.name),
      vm_datacenter: 'ha-datacenter',
      vm_template: unsafe(placement.template),
      ...(placement.host != null ? { vm_host: unsafe(placement.host) } : {}),
      vm_datastore: unsafe(placement.datastore),
      vm_network: unsafe(placement.network),
    },
    tasks,
  }
  const doc = new Document([play])
  doc.commentBefore = ` homelab-ai lab plan: ${plan.stack.id}. Generated; see README.md.\n ${CONNECTION_NOTE}`
  // Single quotes match the repository's Prettier style, so the golden file passes `prettier --check`.
  return doc.toString({ lineWidth: 0, minContentWidth: 0, singleQuote: true })
}
