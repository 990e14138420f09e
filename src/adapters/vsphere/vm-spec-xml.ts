/**
 * A lab VM as a vim25 `VirtualMachineConfigSpec`, pure. Rules it keeps (see docs/vsphere.md):
 * - fields in WSDL order (real ESXi may reject another order; the simulator does not care);
 * - every new device gets its own negative key (duplicate keys are refused by vCenter);
 * - DirectPath `deviceId` is 4 hex digits and `vendorId` the signed xsd:short;
 * - every extraConfig value carries `xsi:type="xsd:string"` (without it the value is dropped);
 * - a VM with a PCI device has its memory reserved and no nested HV, no CPU hot-add.
 */
import { UsageError } from '../../core/errors.js'
import { signedShort } from '../../core/vm-hardware.js'
import { el, moRefXml, typedEl, xmlEscape } from './soap-envelope.js'

export type PciMode = 'passthrough' | 'dynamic-passthrough' | 'vgpu'

/** A PCI device for the VM; ids are 4-digit lower-case hex (`10de`, `2204`). */
export interface VmPciDevice {
  readonly mode: PciMode
  readonly vendorId: string
  readonly deviceId: string
  readonly vgpuProfile?: string | null
  /** DirectPath only: the host's PCI address and system id (from QueryConfigTarget). */
  readonly busId?: string | null
  readonly systemId?: string | null
}

/** A host USB device (Coral TPU) passed through by its port path. */
export interface VmUsbDevice {
  readonly vendorId: string
  readonly productId: string
  /** `1/0/1` from QueryConfigTarget().usb[].physicalPath: ESXi autoconnect follows the port. */
  readonly physicalPath: string | null
  readonly description?: string
}

/** What to create: the lab plan's VM. */
export interface VmSpec {
  readonly name: string
  readonly numCpus: number
  readonly memoryMiB: number
  readonly diskGiB: number
  readonly firmware: 'efi' | 'bios'
  readonly secureBoot: boolean
  readonly memoryReservationLockedToMax: boolean
  readonly nestedHV: boolean
  readonly cpuHotAdd: boolean
  /** `vmx-19`. */
  readonly hardwareVersion: string
  readonly guestId: string
  readonly extraConfig: Readonly<Record<string, string>>
  readonly pciDevices: readonly VmPciDevice[]
  readonly usbDevices: readonly VmUsbDevice[]
  readonly usbController: 'xhci' | 'ehci' | null
}

/**
 * The port group a NIC joins: a standard one by name (and MoRef id when known), or a distributed
 * one by its switch UUID and port group key (vSphere ignores a distributed port group's name).
 */
export type NicTarget =
  | { readonly kind: 'standard'; readonly name: string; readonly id?: string | null }
  | {
      readonly kind: 'distributed'
      readonly name: string
      readonly switchUuid: string
      readonly portgroupKey: string
    }

/** A disk file that already exists (the copy of the template's on standalone ESXi): used as is. */
export interface ExistingDisk {
  /** `[datastore1] ai-lab/ai-lab.vmdk`. */
  readonly fileName: string
  readonly capacityKiB: number
  /** The source VM's disk controller (`VirtualLsiLogicController`, ...): the copy boots from the same kind. */
  readonly controllerType: string | null
}

/** Where the VM's files, NIC and installer go. */
export interface VmLocation {
  readonly datastore: string
  readonly network: NicTarget | null
  /** `[datastore] iso/ubuntu.iso`; null for an empty client-device drive. */
  readonly isoPath?: string | null
  /** Boot from this disk instead of creating an empty one (its folder holds the .vmx too). */
  readonly existingDisk?: ExistingDisk | null
}

/** SCSI controllers a boot disk may sit on; they all take `sharedBus`. */
const SCSI_CONTROLLERS = new Set([
  'ParaVirtualSCSIController',
  'VirtualLsiLogicController',
  'VirtualLsiLogicSASController',
  'VirtualBusLogicController',
])

/** The disk controller device: the source's kind when it is one we can add, else paravirtual SCSI. */
function diskControllerXml(type: string | null, key: number): string {
  if (type === 'VirtualNVMEController' || type === 'VirtualAHCIController')
    return typedEl('device', type, el('key', key) + el('busNumber', 0))
  const scsi = type != null && SCSI_CONTROLLERS.has(type) ? type : 'ParaVirtualSCSIController'
  return typedEl('device', scsi, el('key', key) + el('busNumber', 0) + el('sharedBus', 'noSharing'))
}

/** The extraConfig key that marks VMs made by homelab-ai, with the plan hash as value. */
export const PLAN_MARKER_KEY = 'homelab-ai.plan'

/** Device keys: the simulator's IDE controller 200 holds the CD-ROM (real ESXi adds it too). */
const IDE_CONTROLLER_KEY = 200

/** Hands out -100, -101, ... so no two new devices share a key. */
export function deviceKeys(start = -100): () => number {
  let next = start
  return () => next--
}

/** One `<extraConfig>` entry; the value is typed xsd:string or vSphere drops it. */
export function optionValue(key: string, value: string): string {
  return typedEl(
    'extraConfig',
    'OptionValue',
    el('key', key) + `<value xsi:type="xsd:string">${xmlEscape(value)}</value>`,
  )
}

/** A `<deviceChange>` that adds a device (`create` makes its disk file). */
export function addDevice(deviceXml: string, fileOperation?: 'create'): string {
  return deviceChange('add', deviceXml, fileOperation)
}

/** A `<deviceChange>` with any operation; `edit` keeps the device's key. */
export function deviceChange(
  operation: 'add' | 'edit' | 'remove',
  deviceXml: string,
  fileOperation?: 'create',
): string {
  return (
    '<deviceChange>' +
    el('operation', operation) +
    (fileOperation == null ? '' : el('fileOperation', fileOperation)) +
    deviceXml +
    '</deviceChange>'
  )
}

/** `<connectable>`: connected at power-on, the guest may disconnect it. */
export function connectInfo(startConnected: boolean): string {
  return `<connectable>${el('startConnected', startConnected)}${el('allowGuestControl', true)}${el('connected', false)}</connectable>`
}

/** The `<deviceChange>` entries that add the VM's PCI devices. */
export function pciDeviceChanges(devices: readonly VmPciDevice[], nextKey: () => number): string {
  return devices
    .map((d) => {
      let backing: string
      switch (d.mode) {
        case 'passthrough':
          if (d.busId == null || d.systemId == null) {
            throw new UsageError(
              `DirectPath device ${d.vendorId}:${d.deviceId} needs the host's PCI address and system id`,
            )
          }
          backing = typedEl(
            'backing',
            'VirtualPCIPassthroughDeviceBackingInfo',
            el('deviceName', '') +
              el('id', d.busId) +
              el('deviceId', d.deviceId.toLowerCase()) +
              el('systemId', d.systemId) +
              el('vendorId', signedShort(d.vendorId)),
          )
          break
        case 'dynamic-passthrough':
          backing = typedEl(
            'backing',
            'VirtualPCIPassthroughDynamicBackingInfo',
            el('deviceName', '') +
              `<allowedDevice>${el('vendorId', signedShort(d.vendorId))}${el('deviceId', signedShort(d.deviceId))}</allowedDevice>`,
          )
          break
        case 'vgpu':
          if (d.vgpuProfile == null || d.vgpuProfile === '') {
            throw new UsageError(`vGPU device ${d.vendorId}:${d.deviceId} has no vGPU profile`)
          }
          backing = typedEl(
            'backing',
            'VirtualPCIPassthroughVmiopBackingInfo',
            el('vgpu', d.vgpuProfile),
          )
          break
      }
      return addDevice(typedEl('device', 'VirtualPCIPassthrough', el('key', nextKey()) + backing))
    })
    .join('')
}

/** The USB controller device: xHCI (USB 3, what the Coral needs for its speed) or EHCI. */
export function usbControllerXml(type: 'xhci' | 'ehci', key: number): string {
  return type === 'ehci'
    ? typedEl(
        'device',
        'VirtualUSBController',
        el('key', key) + el('busNumber', 0) + el('ehciEnabled', true),
      )
    : typedEl('device', 'VirtualUSBXHCIController', el('key', key) + el('busNumber', 0))
}

/** `1/0/1` or `path:1/0/1` (both spellings are seen) → `1/0/1`. */
export function usbPortPath(physicalPath: string): string {
  return physicalPath.replace(/^path:/, '').split(/\s+/)[0] ?? ''
}

/**
 * The host ports the VM's USB devices sit on, one per port: the Coral shows up under two ids
 * (before and after its firmware loads) on the same port, and one autoconnect covers both.
 */
export function usbPorts(devices: readonly VmUsbDevice[]): string[] {
  const ports: string[] = []
  for (const usb of devices) {
    if (usb.physicalPath == null) {
      throw new UsageError(
        `USB device ${usb.vendorId}:${usb.productId} has no port path on the host; plug it in and re-run the inventory`,
      )
    }
    const port = usbPortPath(usb.physicalPath)
    if (!ports.includes(port)) ports.push(port)
  }
  return ports
}

/** A host USB device (autoconnect by port path) on controller `controllerKey`. */
export function usbDeviceXml(port: string, key: number, controllerKey: number): string {
  const backing = typedEl(
    'backing',
    'VirtualUSBUSBBackingInfo',
    el('deviceName', `path:${port} version:2`),
  )
  return typedEl(
    'device',
    'VirtualUSB',
    el('key', key) + backing + connectInfo(true) + el('controllerKey', controllerKey),
  )
}

function usbChanges(spec: VmSpec, nextKey: () => number): string {
  if (spec.usbController == null && spec.usbDevices.length === 0) return ''
  const controllerKey = nextKey()
  const devices = usbPorts(spec.usbDevices).map((port) =>
    addDevice(usbDeviceXml(port, nextKey(), controllerKey)),
  )
  return addDevice(usbControllerXml(spec.usbController ?? 'xhci', controllerKey)) + devices.join('')
}

/**
 * The NIC backing for a port group. A distributed one is named by switch UUID and port group key
 * (`VirtualEthernetCardDistributedVirtualPortBackingInfo`); a standard one by name, plus its MoRef.
 */
export function nicBackingXml(target: NicTarget): string {
  if (target.kind === 'distributed') {
    return typedEl(
      'backing',
      'VirtualEthernetCardDistributedVirtualPortBackingInfo',
      `<port>${el('switchUuid', target.switchUuid)}${el('portgroupKey', target.portgroupKey)}</port>`,
    )
  }
  return typedEl(
    'backing',
    'VirtualEthernetCardNetworkBackingInfo',
    el('deviceName', target.name) +
      (target.id == null ? '' : moRefXml('network', { type: 'Network', value: target.id })),
  )
}

/** Checks the rules a passthrough VM must follow; returns the problems (empty when fine). */
export function specProblems(spec: VmSpec): string[] {
  const problems: string[] = []
  if (!/^vmx-\d+$/.test(spec.hardwareVersion))
    problems.push(`hardware version must look like vmx-19, not "${spec.hardwareVersion}"`)
  if (spec.secureBoot && spec.firmware !== 'efi') problems.push('Secure Boot needs EFI firmware')
  if (spec.pciDevices.length > 0) {
    if (spec.firmware !== 'efi')
      problems.push('a GPU VM needs EFI firmware (large BARs do not map under BIOS)')
    if (!spec.memoryReservationLockedToMax)
      problems.push('a VM with a PCI device must reserve all its memory')
    if (spec.nestedHV)
      problems.push('nested HV is not supported together with a PCI passthrough device')
    if (spec.cpuHotAdd) problems.push('CPU hot-add must be off for a PCI passthrough VM')
    if (spec.pciDevices.length > 16) problems.push('at most 16 PCI devices per VM')
  }
  if (spec.numCpus < 1 || spec.memoryMiB < 4 || spec.diskGiB <= 0)
    problems.push('CPU, memory and disk must be positive')
  return problems
}

/**
 * The `<config>` body for CreateVM_Task: everything but the PCI devices, which the reconfigure
 * after it adds. The plan marker is set from the start so a half-built VM is always recognisable
 * as ours. With `location.existingDisk` (standalone ESXi) the VM boots from that disk.
 */
export function createSpecXml(spec: VmSpec, location: VmLocation, planHash: string): string {
  const problems = specProblems(spec)
  if (problems.length > 0) throw new UsageError(`VM ${spec.name}: ${problems.join('; ')}`)
  const nextKey = deviceKeys()
  const scsiKey = nextKey()
  const ds = `[${location.datastore}]`
  const existing = location.existingDisk ?? null
  // An existing disk keeps its provisioning and size (the reconfigure after grows it); a new one is thin.
  const disk = typedEl(
    'device',
    'VirtualDisk',
    el('key', nextKey()) +
      typedEl(
        'backing',
        'VirtualDiskFlatVer2BackingInfo',
        el('fileName', existing?.fileName ?? `${ds} ${spec.name}/${spec.name}.vmdk`) +
          el('diskMode', 'persistent') +
          (existing == null ? el('thinProvisioned', true) : ''),
      ) +
      el('controllerKey', scsiKey) +
      el('unitNumber', 0) +
      el('capacityInKB', existing?.capacityKiB ?? Math.round(spec.diskGiB * 1024 * 1024)),
  )
  const scsi = diskControllerXml(existing?.controllerType ?? null, scsiKey)
  const cdBacking =
    location.isoPath == null
      ? typedEl(
          'backing',
          'VirtualCdromRemotePassthroughBackingInfo',
          el('deviceName', '') + el('exclusive', false),
        )
      : typedEl('backing', 'VirtualCdromIsoBackingInfo', el('fileName', location.isoPath))
  const cdrom = typedEl(
    'device',
    'VirtualCdrom',
    el('key', nextKey()) +
      cdBacking +
      connectInfo(location.isoPath != null) +
      el('controllerKey', IDE_CONTROLLER_KEY) +
      el('unitNumber', 0),
  )
  const nic =
    location.network == null
      ? ''
      : addDevice(
          typedEl(
            'device',
            'VirtualVmxnet3',
            el('key', nextKey()) +
              nicBackingXml(location.network) +
              connectInfo(true) +
              el('addressType', 'generated'),
          ),
        )
  const extra = { ...spec.extraConfig, [PLAN_MARKER_KEY]: planHash }
  return (
    el('name', spec.name) +
    el('version', spec.hardwareVersion) +
    el('guestId', spec.guestId) +
    // With an existing disk its folder exists already; a bare `[ds]` would get a second, renamed one.
    `<files>${el('vmPathName', existing == null ? ds : `${ds} ${spec.name}/${spec.name}.vmx`)}</files>` +
    el('numCPUs', spec.numCpus) +
    el('numCoresPerSocket', spec.numCpus) +
    el('memoryMB', spec.memoryMiB) +
    el('cpuHotAddEnabled', spec.cpuHotAdd) +
    addDevice(scsi) +
    addDevice(disk, existing == null ? 'create' : undefined) +
    addDevice(cdrom) +
    nic +
    usbChanges(spec, nextKey) +
    Object.entries(extra)
      .map(([k, v]) => optionValue(k, v))
      .join('') +
    `<bootOptions>${el('efiSecureBootEnabled', spec.secureBoot)}</bootOptions>` +
    el('firmware', spec.firmware) +
    el('memoryReservationLockedToMax', spec.memoryReservationLockedToMax) +
    el('nestedHVEnabled', spec.nestedHV)
  )
}

/** The `<spec>` body for the ReconfigVM_Task that attaches the GPUs; keys continue below create's. */
export function attachPciSpecXml(devices: readonly VmPciDevice[]): string {
  return pciDeviceChanges(devices, deviceKeys(-200))
}
