import type {
  Accelerator,
  CpuArch,
  CpuInfo,
  Gpu,
  MemoryInfo,
  OsInfo,
  ProbeNote,
  SimdFeature,
  StorageMount,
  Virtualization,
} from '../../../core/hardware.js'
import { pciIdOf } from '../tools/pci-address.js'
import { asList, asNumber, asText, field, firstLine, parseJson } from '../tools/read-unknown.js'
import { virtualizationFromCim } from './virtualization-from-cim.js'

/** Everything the Windows probe reads from CIM. */
export interface WindowsCim {
  readonly os: OsInfo
  readonly cpu: CpuInfo
  readonly memory: MemoryInfo
  readonly gpus: Gpu[]
  readonly accelerators: Accelerator[]
  readonly storage: StorageMount[]
  readonly virtualization: Virtualization
  readonly notes: ProbeNote[]
}

const GIB = 1024 ** 3
/** Win32_VideoController.AdapterRAM is a uint32: every card with 4 GiB or more reads about this. */
const ADAPTER_RAM_CAP = 4293918720

/** Win32_Processor.Architecture codes. */
const ARCH: Record<number, CpuArch> = { 9: 'x86-64', 12: 'arm64', 5: 'arm', 0: 'other' }
/** IsProcessorFeaturePresent numbers (PF_* in winnt.h) the script asks about. */
const FEATURES: Record<number, SimdFeature> = {
  19: 'neon',
  38: 'sse4.2',
  39: 'avx',
  40: 'avx2',
  41: 'avx512f',
  43: 'dotprod',
}
/** Win32_PhysicalMemory.SMBIOSMemoryType codes (SMBIOS spec, type 17). */
const MEMORY_TYPE: Record<number, string> = {
  24: 'DDR3',
  26: 'DDR4',
  29: 'LPDDR3',
  30: 'LPDDR4',
  34: 'DDR5',
  35: 'LPDDR5',
}
/** PCI vendors of emulated display adapters: VMware SVGA, Hyper-V, QEMU, virtio, VirtualBox. */
const VIRTUAL_DISPLAY_VENDORS = new Set([0x15ad, 0x1414, 0x1234, 0x1af4, 0x80ee, 0x1b36])

/**
 * Reads the one JSON object that `WINDOWS_CIM_SCRIPT` prints; never throws.
 * Missing sections become nulls and notes, so a half-broken WMI still gives a partial answer.
 */
export function parseWindowsCim(json: string): WindowsCim {
  const notes: ProbeNote[] = []
  const parsed = parseJson(json)
  const doc: unknown = parsed.ok ? parsed.value : null
  if (!parsed.ok) {
    notes.push({
      area: 'os',
      message:
        json.trim() === ''
          ? 'PowerShell printed nothing'
          : `PowerShell output is not JSON: ${firstLine(json, 80)}`,
      fix: 'Run `powershell -NoProfile -Command "Get-CimInstance Win32_ComputerSystem"` to check that WMI works.',
    })
  }
  for (const error of asList(field(doc, 'errors'))) {
    const text = asText(error)
    if (text != null)
      notes.push({
        area: 'os',
        message: `Windows could not answer ${text}`,
        fix: 'Repair WMI with `winmgmt /verifyrepository` (as administrator) if this repeats.',
      })
  }
  const system = field(doc, 'computerSystem')
  const virtualization = virtualizationFromCim(system)
  const memory = memoryOf(system, field(doc, 'operatingSystem'), field(doc, 'memoryModules'))
  return {
    os: osOf(system, field(doc, 'operatingSystem')),
    cpu: cpuOf(field(doc, 'processors'), field(doc, 'cpuFeatures'), notes),
    memory,
    gpus: gpusOf(field(doc, 'videoControllers'), virtualization.role === 'vm', notes),
    accelerators: asList(field(doc, 'accelerators')).flatMap(acceleratorOf),
    storage: storageOf(field(doc, 'logicalDisks'), field(doc, 'physicalDisks')),
    virtualization,
    notes,
  }
}

function osOf(system: unknown, os: unknown): OsInfo {
  const version = asText(field(os, 'Version'))
  return {
    platform: 'win32',
    name: asText(field(os, 'Caption')),
    kernel: version == null ? null : `Windows NT ${version}`,
    hostname: asText(field(system, 'Name')),
  }
}

function cpuOf(processors: unknown, features: unknown, notes: ProbeNote[]): CpuInfo {
  const list = asList(processors).filter((p) => p != null)
  const sum = (key: string) => list.reduce<number>((n, p) => n + (asNumber(field(p, key)) ?? 0), 0)
  const first = list[0]
  const codes = asList(features).map(asNumber)
  if (list.length === 0) {
    notes.push({
      area: 'cpu',
      message: 'Windows did not list the processor (Win32_Processor)',
      fix: 'Run `Get-CimInstance Win32_Processor` in PowerShell to check that WMI works.',
    })
  }
  if (codes.length === 0 && list.length > 0) {
    notes.push({
      area: 'cpu',
      message: 'Could not read the CPU features (AVX2, AVX-512...) on Windows',
      fix: 'PowerShell may block Add-Type here (constrained language mode); speed estimates assume no AVX2.',
    })
  }
  const simd = new Set<SimdFeature>()
  for (const code of codes) {
    const feature = code == null ? undefined : FEATURES[code]
    if (feature != null) simd.add(feature)
  }
  return {
    vendor: asText(field(first, 'Manufacturer')),
    model: asText(field(first, 'Name')),
    arch: ARCH[asNumber(field(first, 'Architecture')) ?? -1] ?? 'other',
    cores: sum('NumberOfCores'),
    threads: sum('NumberOfLogicalProcessors'),
    sockets: list.length === 0 ? null : list.length,
    simd: [...simd],
    clockMHz: asNumber(field(first, 'CurrentClockSpeed')),
    maxClockMHz: asNumber(field(first, 'MaxClockSpeed')),
  }
}

function memoryOf(system: unknown, os: unknown, modules: unknown): MemoryInfo {
  const totalBytes = asNumber(field(system, 'TotalPhysicalMemory'))
  const totalKiB = asNumber(field(os, 'TotalVisibleMemorySize'))
  const freeKiB = asNumber(field(os, 'FreePhysicalMemory'))
  const totalGiB = totalBytes != null ? totalBytes / GIB : (totalKiB ?? 0) / 1024 ** 2
  const sticks = asList(modules).filter((m) => m != null)
  const types = new Set(
    sticks.map((m) => MEMORY_TYPE[asNumber(field(m, 'SMBIOSMemoryType')) ?? -1]),
  )
  const speeds = sticks
    .map((m) => asNumber(field(m, 'ConfiguredClockSpeed')) ?? asNumber(field(m, 'Speed')))
    .filter((s): s is number => s != null && s > 0)
  const [onlyType] = [...types]
  return {
    totalGiB,
    // Windows' "free" already counts standby pages that can be handed out.
    availableGiB: freeKiB == null ? totalGiB : freeKiB / 1024 ** 2,
    type: types.size === 1 && onlyType != null ? onlyType : null,
    speedMTs: speeds.length > 0 ? Math.min(...speeds) : null,
    channels: null,
  }
}

function gpusOf(controllers: unknown, inVm: boolean, notes: ProbeNote[]): Gpu[] {
  const gpus: Gpu[] = []
  const cappedNames: string[] = []
  for (const controller of asList(controllers)) {
    const name = asText(field(controller, 'Name'))
    const pnp = asText(field(controller, 'PNPDeviceID')) ?? ''
    const ids = /^PCI\\VEN_([0-9A-F]{4})&DEV_([0-9A-F]{4})/i.exec(pnp)
    // ROOT\, SWD\ and VMBUS\ devices are software display drivers, not GPUs.
    if (name == null || ids?.[1] == null || ids[2] == null) continue
    const vendorId = parseInt(ids[1], 16)
    if (VIRTUAL_DISPLAY_VENDORS.has(vendorId)) continue
    const vendor =
      vendorId === 0x10de
        ? 'nvidia'
        : vendorId === 0x1002
          ? 'amd'
          : vendorId === 0x8086
            ? 'intel'
            : 'other'
    const integrated =
      (vendor === 'intel' && !/\bArc\b/i.test(name)) ||
      (vendor === 'amd' && /Radeon\(TM\)( \d+M)? Graphics|Vega \d+ Graphics/i.test(name))
    const adapterRam = asNumber(field(controller, 'AdapterRAM'))
    // The uint32 caps at 4 GiB, and NVIDIA cards report odd values even below it: nvidia-smi decides.
    const unreliable = adapterRam == null || adapterRam >= ADAPTER_RAM_CAP || vendor === 'nvidia'
    if (!integrated && unreliable) cappedNames.push(name)
    const vgpu =
      inVm && vendor === 'nvidia' ? /(?:GRID )?[A-Z]*\d+[A-Za-z]*-\d+[ABCQ]$/.exec(name) : null
    gpus.push({
      vendor,
      name,
      vramMiB: integrated || unreliable ? null : Math.round(adapterRam / 1024 ** 2),
      vramFreeMiB: null,
      driver: driverVersion(asText(field(controller, 'DriverVersion')), vendor),
      cudaVersion: null,
      rocmVersion: null,
      busId: null,
      pciId: pciIdOf(vendorId, parseInt(ids[2], 16)),
      pcie: null,
      attachment: integrated
        ? 'unified'
        : vgpu != null
          ? 'vgpu'
          : inVm
            ? 'passthrough'
            : 'bare-metal',
      vgpuProfile: vgpu?.[0] ?? null,
      vgpuFramebufferMiB: null,
      source: 'Win32_VideoController',
    })
  }
  if (cappedNames.length > 0) {
    notes.push({
      area: 'gpu',
      message: `Windows does not report the real VRAM of ${cappedNames.join(', ')} (Win32_VideoController caps it at 4 GiB)`,
      fix: 'For NVIDIA cards nvidia-smi gives the real size; for others, give it with --vram <GiB>.',
    })
  }
  return gpus
}

/** NVIDIA's Windows driver `32.0.15.6590` is the driver release 565.90 (last five digits). */
function driverVersion(raw: string | null, vendor: Gpu['vendor']): string | null {
  if (raw == null || vendor !== 'nvidia') return raw
  const digits = raw.split('.').slice(-2).join('')
  return /^\d{5,}$/.test(digits) ? `${digits.slice(-5, -2)}.${digits.slice(-2)}` : raw
}

function acceleratorOf(entity: unknown): Accelerator[] {
  const name = asText(field(entity, 'Name'))
  const pnp = (asText(field(entity, 'PNPDeviceID')) ?? '').toUpperCase()
  if (name == null) return []
  const pci = /VEN_([0-9A-F]{4})&DEV_([0-9A-F]{4})/.exec(pnp)
  const usb = /VID_([0-9A-F]{4})&PID_([0-9A-F]{4})/.exec(pnp)
  const id = (pci ?? usb)?.slice(1, 3).join(':').toLowerCase() ?? pnp.toLowerCase()
  const errorCode = asNumber(field(entity, 'ConfigManagerErrorCode'))
  const driver = asText(field(entity, 'Service'))
  const working = asText(field(entity, 'Status')) === 'OK' && errorCode === 0
  // Code 28: "The drivers for this device are not installed."
  const state =
    id === '1a6e:089a'
      ? 'bootloader'
      : working
        ? 'ready'
        : errorCode === 28
          ? 'no-driver'
          : 'unknown'
  const kind =
    id === '1ac1:089a'
      ? 'coral-pcie'
      : id === '1a6e:089a' || id === '18d1:9302'
        ? 'coral-usb'
        : 'npu'
  return [{ kind, name, id, state, usbSpeedMbps: null, busId: null, driver, notes: [] }]
}

/** MSFT_PhysicalDisk codes: BusType 7 USB, 14/15 virtual, 17 NVMe; MediaType 3 HDD, 4 SSD. */
function storageOf(logical: unknown, physical: unknown): StorageMount[] {
  const disks = new Map(asList(physical).map((d) => [asText(field(d, 'DeviceId')), d] as const))
  return asList(logical).flatMap((volume) => {
    const device = asText(field(volume, 'DeviceID'))
    const size = asNumber(field(volume, 'Size'))
    if (device == null || size == null) return []
    const disk = disks.get(asText(field(volume, 'DiskNumber')))
    const model = asText(field(disk, 'FriendlyName'))
    const bus = asNumber(field(disk, 'BusType'))
    const media = asNumber(field(disk, 'MediaType'))
    const kind =
      bus === 14 || bus === 15 || /virtual/i.test(model ?? '')
        ? 'virtual'
        : bus === 7
          ? 'usb'
          : bus === 17
            ? 'nvme'
            : media === 4
              ? 'ssd'
              : media === 3
                ? 'hdd'
                : 'unknown'
    return [
      {
        mount: `${device}\\`,
        fsType: asText(field(volume, 'FileSystem')) ?? 'unknown',
        device,
        sizeGiB: size / GIB,
        freeGiB: (asNumber(field(volume, 'FreeSpace')) ?? 0) / GIB,
        kind,
        model,
      },
    ]
  })
}
