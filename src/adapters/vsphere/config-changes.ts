/**
 * The difference between what a lab plan asks for and what a VM holds, as one
 * `VirtualMachineConfigSpec`, pure. The same function makes:
 * - the clone's config spec (template → plan: everything the template lacks);
 * - the reconfigure after the clone (what vSphere did not apply, and the disk growth);
 * - the check that an existing VM of this plan is complete (no change left).
 * Fields come out in WSDL order; new devices get negative keys; edits keep the device's key.
 */
import { el, typedEl } from './soap-envelope.js'
import {
  addDevice,
  connectInfo,
  deviceChange,
  nicBackingXml,
  optionValue,
  pciDeviceChanges,
  PLAN_MARKER_KEY,
  usbControllerXml,
  usbDeviceXml,
  usbPorts,
  type NicTarget,
  type VmPciDevice,
  type VmSpec,
} from './vm-spec-xml.js'
import type { VmDisk, VmNic, VmPciState, VmState } from './vm-state.js'

export interface ChangeOptions {
  readonly planHash: string
  /** The NIC's port group; null leaves the NICs alone. */
  readonly network: NicTarget | null
  /** The plan's PCI devices as placed (DirectPath ones with the host's address and system id). */
  readonly pciDevices: readonly VmPciDevice[]
  /** Add missing PCI devices (false while the hardware version is still too old for them). */
  readonly pci: boolean
  /** Grow the first disk (false in a clone spec: the clone's own disk is grown afterwards). */
  readonly growDisk: boolean
  /** Skip `guestinfo.*`: cloud-init clears `guestinfo.userdata` once it has read it. */
  readonly ignoreGuestinfo: boolean
  /** Keys for new devices; defaults to -100, -101, ... */
  readonly nextKey?: () => number
}

export interface ConfigChanges {
  /** One line per change, for progress and the dry run (`numCPUs 2 → 8`). */
  readonly changes: readonly string[]
  /** The `VirtualMachineConfigSpec` body; empty when nothing changes. */
  readonly xml: string
}

const KIB_PER_GIB = 1024 * 1024

function keys(start = -100): () => number {
  let next = start
  return () => next--
}

/** The disk the OS boots from: the first one (the Ubuntu cloud image has exactly one). */
export function bootDisk(state: VmState): VmDisk | null {
  return state.disks[0] ?? null
}

function sameNetwork(have: NicTarget | null, want: NicTarget): boolean {
  if (have == null || have.kind !== want.kind) return false
  if (have.kind === 'distributed' && want.kind === 'distributed')
    return have.switchUuid === want.switchUuid && have.portgroupKey === want.portgroupKey
  if (want.kind === 'standard' && have.kind === 'standard')
    return (want.id != null && have.id === want.id) || have.name === want.name
  return false
}

function networkLabel(target: NicTarget | null): string {
  if (target == null) return 'nothing'
  return target.kind === 'distributed'
    ? `distributed port group ${target.name || target.portgroupKey}`
    : target.name
}

/** The device's own description, sent back unchanged with an edit. */
function deviceInfo(device: { label: string; summary: string }): string {
  return `<deviceInfo>${el('label', device.label)}${el('summary', device.summary)}</deviceInfo>`
}

function diskEditXml(disk: VmDisk, capacityKiB: number): string {
  return typedEl(
    'device',
    'VirtualDisk',
    el('key', disk.key) +
      deviceInfo(disk) +
      typedEl(
        'backing',
        disk.backingType,
        el('fileName', disk.fileName) + el('diskMode', disk.diskMode),
      ) +
      (disk.controllerKey == null ? '' : el('controllerKey', disk.controllerKey)) +
      (disk.unitNumber == null ? '' : el('unitNumber', disk.unitNumber)) +
      el('capacityInKB', capacityKiB),
  )
}

function nicEditXml(nic: VmNic, target: NicTarget): string {
  return typedEl(
    'device',
    nic.type,
    el('key', nic.key) +
      deviceInfo(nic) +
      nicBackingXml(target) +
      connectInfo(true) +
      (nic.controllerKey == null ? '' : el('controllerKey', nic.controllerKey)) +
      (nic.unitNumber == null ? '' : el('unitNumber', nic.unitNumber)) +
      (nic.addressType == null ? '' : el('addressType', nic.addressType)) +
      (nic.macAddress == null ? '' : el('macAddress', nic.macAddress)),
  )
}

function matches(want: VmPciDevice, have: VmPciState): boolean {
  if (want.mode !== have.mode) return false
  switch (want.mode) {
    case 'vgpu':
      return have.vgpuProfile === want.vgpuProfile
    case 'dynamic-passthrough':
      return have.pciId === `${want.vendorId}:${want.deviceId}`
    case 'passthrough':
      return want.busId == null
        ? have.pciId === `${want.vendorId}:${want.deviceId}`
        : have.busId === want.busId
  }
}

/** The PCI devices of `want` that `have` does not hold yet (each held device counts once). */
export function missingPci(
  want: readonly VmPciDevice[],
  have: readonly VmPciState[],
): VmPciDevice[] {
  const free = [...have]
  return want.filter((w) => {
    const i = free.findIndex((h) => matches(w, h))
    if (i === -1) return true
    free.splice(i, 1)
    return false
  })
}

function pciLabel(d: VmPciDevice): string {
  return d.mode === 'vgpu'
    ? `vGPU ${d.vgpuProfile ?? '?'}`
    : `${d.mode === 'passthrough' ? 'DirectPath' : 'Dynamic DirectPath'} ${d.vendorId}:${d.deviceId}`
}

/** What turns `state` into the plan's VM; see the file comment for the three uses. */
export function configChanges(spec: VmSpec, state: VmState, options: ChangeOptions): ConfigChanges {
  const changes: string[] = []
  const nextKey = options.nextKey ?? keys()
  const scalar = (
    label: string,
    have: string | number | boolean | null,
    want: string | number | boolean,
  ) => {
    if (have === want) return false
    changes.push(`${label} ${String(have ?? 'unset')} → ${String(want)}`)
    return true
  }
  let head = ''
  if (scalar('guestId', state.guestId, spec.guestId)) head += el('guestId', spec.guestId)
  if (scalar('numCPUs', state.numCpus, spec.numCpus)) head += el('numCPUs', spec.numCpus)
  // One socket with all the cores: what the plan sized and what licences count.
  if (scalar('numCoresPerSocket', state.numCoresPerSocket, spec.numCpus))
    head += el('numCoresPerSocket', spec.numCpus)
  if (scalar('memoryMB', state.memoryMiB, spec.memoryMiB)) head += el('memoryMB', spec.memoryMiB)
  if (scalar('cpuHotAddEnabled', state.cpuHotAdd, spec.cpuHotAdd))
    head += el('cpuHotAddEnabled', spec.cpuHotAdd)

  let devices = ''
  const disk = bootDisk(state)
  const wantKiB = Math.round(spec.diskGiB * KIB_PER_GIB)
  if (options.growDisk && disk != null && disk.capacityKiB < wantKiB) {
    changes.push(
      `disk ${Math.round((disk.capacityKiB / KIB_PER_GIB) * 10) / 10} → ${spec.diskGiB} GiB`,
    )
    devices += deviceChange('edit', diskEditXml(disk, wantKiB))
  }
  if (options.network != null) {
    const nic = state.nics[0]
    if (nic == null) {
      changes.push(`add a vmxnet3 NIC on ${networkLabel(options.network)}`)
      devices += addDevice(
        typedEl(
          'device',
          'VirtualVmxnet3',
          el('key', nextKey()) +
            nicBackingXml(options.network) +
            connectInfo(true) +
            el('addressType', 'generated'),
        ),
      )
    } else if (!sameNetwork(nic.network, options.network)) {
      changes.push(`NIC from ${networkLabel(nic.network)} to ${networkLabel(options.network)}`)
      devices += deviceChange('edit', nicEditXml(nic, options.network))
    }
  }
  const wantPorts = usbPorts(spec.usbDevices)
  const missingPorts = wantPorts.filter((p) => !state.usbPorts.includes(p))
  const wantController = spec.usbController ?? (wantPorts.length > 0 ? 'xhci' : null)
  if (wantController != null) {
    let controller = state.usbControllers.find((c) => c.type === wantController)?.key
    if (controller == null) {
      controller = nextKey()
      changes.push(`add a USB ${wantController === 'xhci' ? '3 (xHCI)' : '2 (EHCI)'} controller`)
      devices += addDevice(usbControllerXml(wantController, controller))
    }
    for (const port of missingPorts) {
      changes.push(`add the host USB device on port ${port}`)
      devices += addDevice(usbDeviceXml(port, nextKey(), controller))
    }
  }
  if (options.pci) {
    const missing = missingPci(options.pciDevices, state.pciDevices)
    for (const d of missing) changes.push(`add ${pciLabel(d)}`)
    devices += pciDeviceChanges(missing, nextKey)
  }

  const wantExtra = { ...spec.extraConfig, [PLAN_MARKER_KEY]: options.planHash }
  let extra = ''
  const changedKeys: string[] = []
  for (const [key, value] of Object.entries(wantExtra)) {
    if (options.ignoreGuestinfo && key.startsWith('guestinfo.')) continue
    if (state.extraConfig.get(key) === value) continue
    changedKeys.push(key)
    extra += optionValue(key, value)
  }
  if (changedKeys.length > 0) changes.push(`advanced settings ${changedKeys.join(', ')}`)

  let tail = ''
  if (scalar('Secure Boot', state.secureBoot, spec.secureBoot))
    tail += `<bootOptions>${el('efiSecureBootEnabled', spec.secureBoot)}</bootOptions>`
  // The Ubuntu OVA's vApp properties feed cloud-init's OVF datasource, which would answer
  // before the guestinfo keys this plan sets; the clone does not need them.
  if (state.hasVApp) {
    changes.push('remove the vApp (OVF) properties')
    tail += el('vAppConfigRemoved', true)
  }
  if (scalar('firmware', state.firmware, spec.firmware)) tail += el('firmware', spec.firmware)
  if (
    scalar(
      'memoryReservationLockedToMax',
      state.memoryReservationLockedToMax,
      spec.memoryReservationLockedToMax,
    )
  )
    tail += el('memoryReservationLockedToMax', spec.memoryReservationLockedToMax)
  if (scalar('nestedHVEnabled', state.nestedHV, spec.nestedHV))
    tail += el('nestedHVEnabled', spec.nestedHV)

  return { changes, xml: head + devices + extra + tail }
}
