/**
 * What a VM (or a template) holds, read from its `config` property, pure: hardware, firmware,
 * advanced settings and the devices `lab apply` cares about. The template is read with it before
 * the clone, and the clone after it, to find what vSphere did not apply.
 */
import { bool, child, children, int, shortToHex, text, type XmlNode } from './soap-envelope.js'
import { usbPortPath, type NicTarget, type PciMode } from './vm-spec-xml.js'

/** A virtual disk, with what an edit of it must send back. */
export interface VmDisk {
  readonly key: number
  /** `deviceInfo`: an edit sends it back (the 0.24 simulator crashes on an edit without it). */
  readonly label: string
  readonly summary: string
  readonly controllerKey: number | null
  /** The controller's type (`ParaVirtualSCSIController`, ...): a VM made on a copy of the disk boots from the same kind. */
  readonly controllerType: string | null
  readonly unitNumber: number | null
  readonly capacityKiB: number
  readonly backingType: string
  readonly fileName: string
  readonly diskMode: string
}

/** A NIC and the port group it is on (null: a backing we do not model, e.g. NSX). */
export interface VmNic {
  readonly key: number
  readonly label: string
  readonly summary: string
  /** `VirtualVmxnet3`, `VirtualE1000`, ... */
  readonly type: string
  readonly controllerKey: number | null
  readonly unitNumber: number | null
  readonly addressType: string | null
  readonly macAddress: string | null
  readonly network: NicTarget | null
}

/** A PCI passthrough device, identified as the plan names it. */
export interface VmPciState {
  readonly mode: PciMode
  /** `10de:2204`; null for a vGPU. */
  readonly pciId: string | null
  readonly busId: string | null
  readonly vgpuProfile: string | null
}

/** The parts of a VM config `lab apply` compares with the plan. */
export interface VmState {
  readonly name: string
  readonly template: boolean
  /** `vmx-19`. */
  readonly version: string | null
  readonly guestId: string | null
  readonly numCpus: number | null
  readonly numCoresPerSocket: number | null
  readonly memoryMiB: number | null
  readonly cpuHotAdd: boolean
  readonly firmware: string
  readonly secureBoot: boolean
  readonly memoryReservationLockedToMax: boolean
  readonly nestedHV: boolean
  /** Last value per key (the 0.24 simulator appends duplicate keys). */
  readonly extraConfig: ReadonlyMap<string, string>
  /** A vApp (OVF) config: the Ubuntu OVA has one, and its OVF datasource would answer first. */
  readonly hasVApp: boolean
  readonly disks: readonly VmDisk[]
  readonly nics: readonly VmNic[]
  readonly usbControllers: readonly { readonly key: number; readonly type: 'xhci' | 'ehci' }[]
  /** Host USB ports the VM autoconnects (`1/0/1`). */
  readonly usbPorts: readonly string[]
  readonly pciDevices: readonly VmPciState[]
}

const ETHERNET_TYPES = new Set([
  'VirtualVmxnet3',
  'VirtualVmxnet3Vrdma',
  'VirtualVmxnet2',
  'VirtualVmxnet',
  'VirtualE1000',
  'VirtualE1000e',
  'VirtualPCNet32',
  'VirtualSriovEthernetCard',
])

function nicNetwork(backing: XmlNode | undefined): NicTarget | null {
  if (backing == null) return null
  switch (backing.xsiType) {
    case 'VirtualEthernetCardNetworkBackingInfo':
      return {
        kind: 'standard',
        name: text(backing, 'deviceName') ?? '',
        id: child(backing, 'network')?.text ?? null,
      }
    case 'VirtualEthernetCardDistributedVirtualPortBackingInfo': {
      const port = child(backing, 'port')
      return {
        kind: 'distributed',
        name: '',
        switchUuid: port == null ? '' : (text(port, 'switchUuid') ?? ''),
        portgroupKey: port == null ? '' : (text(port, 'portgroupKey') ?? ''),
      }
    }
    case null:
    default:
      return null
  }
}

function pciState(device: XmlNode): VmPciState {
  const backing = child(device, 'backing')
  switch (backing?.xsiType) {
    case 'VirtualPCIPassthroughVmiopBackingInfo':
      return { mode: 'vgpu', pciId: null, busId: null, vgpuProfile: text(backing, 'vgpu') }
    case 'VirtualPCIPassthroughDynamicBackingInfo': {
      const allowed = child(backing, 'allowedDevice')
      const vendor = allowed == null ? null : int(allowed, 'vendorId')
      const dev = allowed == null ? null : int(allowed, 'deviceId')
      return {
        mode: 'dynamic-passthrough',
        pciId: vendor == null || dev == null ? null : `${shortToHex(vendor)}:${shortToHex(dev)}`,
        busId: null,
        vgpuProfile: null,
      }
    }
    case null:
    case undefined:
    default: {
      const vendor = backing == null ? null : int(backing, 'vendorId')
      const dev = backing == null ? null : text(backing, 'deviceId')
      return {
        mode: 'passthrough',
        pciId:
          vendor == null || dev == null
            ? null
            : `${shortToHex(vendor)}:${dev.toLowerCase().padStart(4, '0')}`,
        busId: backing == null ? null : (text(backing, 'id')?.toLowerCase() ?? null),
        vgpuProfile: null,
      }
    }
  }
}

/** Reads a `VirtualMachineConfigInfo`. */
export function readVmState(config: XmlNode): VmState {
  const hardware = child(config, 'hardware')
  const devices = hardware == null ? [] : children(hardware, 'device')
  const extraConfig = new Map<string, string>()
  for (const option of children(config, 'extraConfig')) {
    const key = text(option, 'key')
    if (key != null) extraConfig.set(key, text(option, 'value') ?? '')
  }
  const boot = child(config, 'bootOptions')
  const disks: VmDisk[] = []
  const nics: VmNic[] = []
  const usbControllers: { key: number; type: 'xhci' | 'ehci' }[] = []
  const usbPorts: string[] = []
  const pciDevices: VmPciState[] = []
  const typeOfKey = new Map(devices.map((d) => [int(d, 'key'), d.xsiType ?? '']))
  for (const d of devices) {
    const key = int(d, 'key') ?? 0
    const type = d.xsiType ?? ''
    const backing = child(d, 'backing')
    const info = child(d, 'deviceInfo')
    const label = info == null ? '' : (text(info, 'label') ?? '')
    const summary = info == null ? '' : (text(info, 'summary') ?? '')
    if (type === 'VirtualDisk') {
      disks.push({
        key,
        label,
        summary,
        controllerKey: int(d, 'controllerKey'),
        controllerType: typeOfKey.get(int(d, 'controllerKey')) ?? null,
        unitNumber: int(d, 'unitNumber'),
        capacityKiB: int(d, 'capacityInKB') ?? 0,
        backingType: backing?.xsiType ?? 'VirtualDiskFlatVer2BackingInfo',
        fileName: backing == null ? '' : (text(backing, 'fileName') ?? ''),
        diskMode: backing == null ? 'persistent' : (text(backing, 'diskMode') ?? 'persistent'),
      })
    } else if (ETHERNET_TYPES.has(type)) {
      nics.push({
        key,
        label,
        summary,
        type,
        controllerKey: int(d, 'controllerKey'),
        unitNumber: int(d, 'unitNumber'),
        addressType: text(d, 'addressType'),
        macAddress: text(d, 'macAddress'),
        network: nicNetwork(backing),
      })
    } else if (type === 'VirtualUSBXHCIController' || type === 'VirtualUSBController') {
      usbControllers.push({ key, type: type === 'VirtualUSBXHCIController' ? 'xhci' : 'ehci' })
    } else if (type === 'VirtualUSB' && backing?.xsiType === 'VirtualUSBUSBBackingInfo') {
      const name = text(backing, 'deviceName') ?? ''
      const path = /(?:^|\s)path:(\S+)/.exec(name)?.[1]
      if (path != null) usbPorts.push(usbPortPath(path))
    } else if (type === 'VirtualPCIPassthrough') {
      pciDevices.push(pciState(d))
    }
  }
  return {
    name: text(config, 'name') ?? '',
    template: bool(config, 'template') === true,
    version: text(config, 'version'),
    guestId: text(config, 'guestId'),
    numCpus: hardware == null ? null : int(hardware, 'numCPU'),
    numCoresPerSocket: hardware == null ? null : int(hardware, 'numCoresPerSocket'),
    memoryMiB: hardware == null ? null : int(hardware, 'memoryMB'),
    cpuHotAdd: bool(config, 'cpuHotAddEnabled') === true,
    firmware: text(config, 'firmware') ?? 'bios',
    secureBoot: boot != null && bool(boot, 'efiSecureBootEnabled') === true,
    memoryReservationLockedToMax: bool(config, 'memoryReservationLockedToMax') === true,
    nestedHV: bool(config, 'nestedHVEnabled') === true,
    extraConfig,
    hasVApp: child(config, 'vAppConfig') != null,
    disks,
    nics,
    usbControllers,
    usbPorts,
    pciDevices,
  }
}

/** `vmx-19` → 19; null when unreadable. */
export function hardwareVersionNumber(version: string | null): number | null {
  const match = version == null ? null : /^vmx-(\d+)$/.exec(version)
  return match == null ? null : Number(match[1])
}
