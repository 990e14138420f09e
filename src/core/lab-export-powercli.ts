/** The lab plan as a PowerCLI script (`powercli.ps1`) that builds one VirtualMachineConfigSpec. */
import type { LabPciDevice, LabPlan } from './lab-plan-types.js'
import { quotePowerShell as q } from './quote-powershell.js'
import { signedShort } from './vm-hardware.js'

function pciLines(d: LabPciDevice, key: number): string[] {
  const add = [
    `$device = New-Object VMware.Vim.VirtualPCIPassthrough`,
    `$device.Key = ${key}`,
    `$device.Backing = $backing`,
    `$change = New-Object VMware.Vim.VirtualDeviceConfigSpec`,
    `$change.Operation = 'add'`,
    `$change.Device = $device`,
    `$changes += $change`,
  ]
  if (d.mode === 'vgpu')
    return [
      `$backing = New-Object VMware.Vim.VirtualPCIPassthroughVmiopBackingInfo`,
      `$backing.Vgpu = ${q(d.vgpuProfile ?? '')}`,
      ...add,
    ]
  if (d.mode === 'dynamic')
    return [
      `$allowed = New-Object VMware.Vim.VirtualPCIPassthroughAllowedDevice`,
      `$allowed.VendorId = ${signedShort(d.vendorId)}`,
      `$allowed.DeviceId = ${Number.parseInt(d.deviceId ?? '0', 16)}`,
      `$backing = New-Object VMware.Vim.VirtualPCIPassthroughDynamicBackingInfo`,
      `$backing.AllowedDevice = @($allowed)`,
      `$backing.DeviceName = ''`,
      ...add,
    ]
  return [
    `$pci = $configTarget.PciPassthrough | Where-Object { $_.PciDevice.Id -eq ${q(d.pciId ?? '')} }`,
    `if ($null -eq $pci) { throw ${q(`PCI device ${d.pciId ?? '?'} is not available for passthrough on this host`)} }`,
    `$backing = New-Object VMware.Vim.VirtualPCIPassthroughDeviceBackingInfo`,
    `$backing.Id = $pci.PciDevice.Id`,
    // The API wants the device id as unsigned hex text; decimal makes power-on fail.
    `$backing.DeviceId = ${q(d.deviceId ?? '')}`,
    `$backing.SystemId = $pci.SystemId`,
    `$backing.VendorId = $pci.PciDevice.VendorId`,
    `$backing.DeviceName = $pci.PciDevice.DeviceName`,
    ...add,
  ]
}

function usbLines(plan: LabPlan): string[] {
  if (plan.vm.usbController !== 'usb3') return []
  const ids = plan.vm.usbDevices.map((u) => q(`${u.vendorId}:${u.productId}`)).join(', ')
  return [
    '# USB 3 controller plus the Coral, connected by port path so its id change does not detach it.',
    `$xhci = New-Object VMware.Vim.VirtualUSBXHCIController`,
    `$xhci.Key = -300`,
    `$change = New-Object VMware.Vim.VirtualDeviceConfigSpec`,
    `$change.Operation = 'add'`,
    `$change.Device = $xhci`,
    `$changes += $change`,
    `$coralIds = @(${ids})`,
    `$usb = $configTarget.Usb | Where-Object { $coralIds -contains ('{0:x4}:{1:x4}' -f $_.Vendor, $_.Product) } | Select-Object -First 1`,
    `if ($null -eq $usb) { throw 'No Coral USB Accelerator on this host: plug it in and run again' }`,
    `$usbDevice = New-Object VMware.Vim.VirtualUSB`,
    `$usbDevice.Key = -301`,
    `$usbDevice.ControllerKey = -300`,
    `$usbDevice.Backing = New-Object VMware.Vim.VirtualUSBUSBBackingInfo`,
    `$usbDevice.Backing.DeviceName = $usb.PhysicalPath`,
    `$usbDevice.Connectable = New-Object VMware.Vim.VirtualDeviceConnectInfo`,
    `$usbDevice.Connectable.StartConnected = $true`,
    `$change = New-Object VMware.Vim.VirtualDeviceConfigSpec`,
    `$change.Operation = 'add'`,
    `$change.Device = $usbDevice`,
    `$changes += $change`,
  ]
}

/** `powercli.ps1`: New-VM from the template, then one ReconfigVM with every setting and device. */
export function renderPowerCli(plan: LabPlan): string {
  const { vm, placement } = plan
  const hostParam =
    placement.host != null
      ? `[string] $VMHost = ${q(placement.host)}`
      : '[Parameter(Mandatory = $true)] [string] $VMHost'
  const lines = [
    `# homelab-ai lab plan: ${plan.stack.id}. Generated; see README.md before running.`,
    '#Requires -Modules VMware.VimAutomation.Core',
    'param(',
    '  [Parameter(Mandatory = $true)] [string] $Server,',
    `  ${hostParam}`,
    ')',
    "$ErrorActionPreference = 'Stop'",
    'Connect-VIServer -Server $Server | Out-Null',
    '',
    `$vmName = ${q(vm.name)}`,
    '$vmHostObj = Get-VMHost -Name $VMHost',
    `$template = Get-Template -Name ${q(placement.template)}`,
    `$datastore = Get-Datastore -Name ${q(placement.datastore)}`,
    '$vm = New-VM -Name $vmName -Template $template -VMHost $vmHostObj -Datastore $datastore -DiskStorageFormat Thin',
    `$vm = Set-VM -VM $vm -NumCpu ${vm.numCpus} -MemoryMB ${vm.memoryMiB} -Confirm:$false`,
    `Get-HardDisk -VM $vm | Select-Object -First 1 | Set-HardDisk -CapacityGB ${vm.diskGiB} -Confirm:$false | Out-Null`,
    `Get-NetworkAdapter -VM $vm | Select-Object -First 1 | Set-NetworkAdapter -NetworkName ${q(placement.network)} -Confirm:$false | Out-Null`,
    `$vm = Set-VM -VM $vm -HardwareVersion ${q(vm.hardwareVersion)} -Confirm:$false`,
    '',
    '$spec = New-Object VMware.Vim.VirtualMachineConfigSpec',
    "$spec.Firmware = 'efi'",
    '$spec.BootOptions = New-Object VMware.Vim.VirtualMachineBootOptions',
    '$spec.BootOptions.EfiSecureBootEnabled = $false',
    `$spec.MemoryReservationLockedToMax = $${String(vm.memoryReservationLockedToMax)}`,
    '$spec.NestedHVEnabled = $false',
    '$spec.CpuHotAddEnabled = $false',
    '$extra = @()',
    ...Object.entries(vm.extraConfig).map(
      ([k, v]) =>
        `$extra += New-Object VMware.Vim.OptionValue -Property @{ Key = ${q(k)}; Value = ${q(v)} }`,
    ),
    '$spec.ExtraConfig = $extra',
    '$changes = @()',
    '$configTarget = (Get-View $vm.ExtensionData.EnvironmentBrowser).QueryConfigTarget($vmHostObj.ExtensionData.MoRef)',
    ...vm.pciDevices.flatMap((d, i) => pciLines(d, -100 - i)),
    ...usbLines(plan),
    'if ($changes.Count -gt 0) { $spec.DeviceChange = $changes }',
    '$vm.ExtensionData.ReconfigVM($spec)',
    '',
    '# Power on: cloud-init installs the stack, reboots once and reports guestinfo.homelab.health.',
    'Start-VM -VM $vm | Out-Null',
    'Write-Host "Started $vmName"',
    '',
  ]
  return lines.join('\n')
}
