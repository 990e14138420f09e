/**
 * The lab plan for Terraform's hashicorp/vsphere provider: `main.tf` and `variables.tf`. The
 * provider has DirectPath (`pci_device_id`, host-pinned) but no vGPU, Dynamic DirectPath or host
 * USB arguments; those are left to govc/PowerCLI and said so in the file.
 */
import type { LabPlan } from './lab-plan-types.js'
import { hclKey, quoteHcl as q } from './quote-hcl.js'

/** The two Terraform files. */
export interface TerraformFiles {
  readonly mainTf: string
  readonly variablesTf: string
}

function variable(
  name: string,
  description: string,
  def: string | null,
  sensitive = false,
): string {
  return [
    `variable "${name}" {`,
    `  type        = string`,
    `  description = ${q(description)}`,
    ...(def != null ? [`  default     = ${q(def)}`] : []),
    ...(sensitive ? ['  sensitive   = true'] : []),
    '}',
    '',
  ].join('\n')
}

/** `main.tf` + `variables.tf`; every user value is an escaped HCL string. */
export function renderTerraform(plan: LabPlan): TerraformFiles {
  const { vm, placement } = plan
  const pci = vm.pciDevices.filter((d) => d.mode === 'passthrough' && d.pciId != null)
  const unsupported = vm.pciDevices.filter((d) => d.mode !== 'passthrough')
  const extra = Object.entries(vm.extraConfig).map(([k, v]) => `    ${hclKey(k)} = ${q(v)}`)
  const mainTf = [
    `# homelab-ai lab plan: ${plan.stack.id}. Generated; see README.md before applying.`,
    'terraform {',
    '  required_providers {',
    '    vsphere = {',
    '      source  = "hashicorp/vsphere"',
    '      version = ">= 2.4.0"',
    '    }',
    '  }',
    '}',
    '',
    'provider "vsphere" {',
    '  vsphere_server = var.vsphere_server',
    '  user           = var.vsphere_user',
    '  password       = var.vsphere_password',
    '}',
    '',
    'data "vsphere_datacenter" "dc" {',
    '  name = var.datacenter',
    '}',
    '',
    'data "vsphere_host" "host" {',
    '  name          = var.esxi_host',
    '  datacenter_id = data.vsphere_datacenter.dc.id',
    '}',
    '',
    'data "vsphere_datastore" "ds" {',
    '  name          = var.datastore',
    '  datacenter_id = data.vsphere_datacenter.dc.id',
    '}',
    '',
    'data "vsphere_network" "net" {',
    '  name          = var.network',
    '  datacenter_id = data.vsphere_datacenter.dc.id',
    '}',
    '',
    'data "vsphere_virtual_machine" "template" {',
    '  name          = var.template',
    '  datacenter_id = data.vsphere_datacenter.dc.id',
    '}',
    '',
    'resource "vsphere_virtual_machine" "lab" {',
    '  name             = var.vm_name',
    '  resource_pool_id = data.vsphere_host.host.resource_pool_id',
    '  host_system_id   = data.vsphere_host.host.id',
    '  datastore_id     = data.vsphere_datastore.ds.id',
    `  num_cpus         = ${vm.numCpus}`,
    `  memory           = ${vm.memoryMiB}`,
    ...(vm.memoryReservationLockedToMax
      ? [
          `  memory_reservation               = ${vm.memoryMiB}`,
          '  memory_reservation_locked_to_max = true',
        ]
      : []),
    `  guest_id                = ${q(vm.guestId)}`,
    `  firmware                = ${q(vm.firmware)}`,
    '  efi_secure_boot_enabled = false',
    `  hardware_version        = ${vm.hardwareVersion.replace('vmx-', '')}`,
    '  nested_hv_enabled       = false',
    '  cpu_hot_add_enabled     = false',
    ...(pci.length > 0
      ? [`  pci_device_id = [${pci.map((d) => q(d.pciId ?? '')).join(', ')}]`]
      : []),
    ...unsupported.map(
      (d) =>
        `  # The provider cannot add ${d.mode === 'vgpu' ? `vGPU ${d.vgpuProfile ?? ''}` : `Dynamic DirectPath ${d.vendorId}:${d.deviceId ?? ''}`}: run the matching govc/PowerCLI step after apply.`,
    ),
    ...(vm.usbController != null
      ? [
          '  # The provider cannot attach a host USB device: add the Coral with powercli.ps1 after apply.',
        ]
      : []),
    '',
    '  extra_config = {',
    ...extra,
    '  }',
    '',
    '  network_interface {',
    '    network_id   = data.vsphere_network.net.id',
    '    adapter_type = data.vsphere_virtual_machine.template.network_interface_types[0]',
    '  }',
    '',
    '  disk {',
    '    label            = "disk0"',
    `    size             = ${vm.diskGiB}`,
    '    thin_provisioned = true',
    '  }',
    '',
    '  clone {',
    '    template_uuid = data.vsphere_virtual_machine.template.id',
    '  }',
    '}',
    '',
  ].join('\n')
  const variablesTf = [
    variable('vsphere_server', 'vCenter or ESXi host name', null),
    variable('vsphere_user', 'vSphere user', null),
    variable(
      'vsphere_password',
      'vSphere password (set TF_VAR_vsphere_password; never commit it)',
      null,
      true,
    ),
    variable('datacenter', 'Datacenter (ha-datacenter on a standalone ESXi host)', 'ha-datacenter'),
    variable('esxi_host', 'ESXi host that holds the GPU', placement.host),
    variable('datastore', 'Datastore for the VM', placement.datastore),
    variable('network', 'Port group for the VM NIC', placement.network),
    variable('template', 'Ubuntu cloud-image template to clone', placement.template),
    variable('vm_name', 'Name of the lab VM', vm.name),
  ].join('\n')
  return { mainTf, variablesTf }
}
