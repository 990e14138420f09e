/**
 * Validates a saved `probe --json` document (`--profile host.json`) into a HardwareProfile.
 * Nullable fields may be missing (they become null) and lists may be missing (they become empty),
 * so a hand-written profile with just CPU and memory works; wrong types and impossible values are
 * refused with the path of the first bad field.
 */
import { InputFileError } from './errors.js'
import {
  FieldProblem,
  childPath,
  describeValue,
  readArray,
  readBoolean,
  readEnum,
  readNullableBoolean,
  readNullableNumber,
  readNullableString,
  readNumber,
  readObject,
  readString,
  readStringList,
  type JsonObject,
} from './json-fields.js'
import {
  HARDWARE_SCHEMA_VERSION,
  RUNTIME_ABSENT,
  type Accelerator,
  type CpuArch,
  type CpuInfo,
  type Gpu,
  type GpuAttachment,
  type GpuVendor,
  type HardwareProfile,
  type MemoryInfo,
  type OsInfo,
  type PcieLink,
  type ProbeNote,
  type RuntimeStatus,
  type Runtimes,
  type SimdFeature,
  SIMD_FEATURES,
  type StorageMount,
  type Virtualization,
} from './hardware.js'

const ARCHES: readonly CpuArch[] = ['x86-64', 'arm64', 'arm', 'other']
const SIMD = SIMD_FEATURES
const GPU_VENDORS: readonly GpuVendor[] = ['nvidia', 'amd', 'intel', 'apple', 'other']
const ATTACHMENTS: readonly GpuAttachment[] = [
  'bare-metal',
  'passthrough',
  'vgpu',
  'unified',
  'unknown',
]
const PLATFORMS: readonly OsInfo['platform'][] = ['linux', 'darwin', 'win32', 'other']
const NOTE_AREAS: readonly ProbeNote['area'][] = [
  'cpu',
  'memory',
  'gpu',
  'accelerator',
  'storage',
  'virtualization',
  'os',
  'runtime',
  'profile',
]
const PCI_ID = /^[0-9a-f]{4}:[0-9a-f]{4}$/
// Generous ceilings: they only catch typos and unit mix-ups (bytes where GiB were meant).
const MAX_MIB = 4 * 1024 * 1024
const MAX_GIB = 1024 * 1024
const COUNT = { min: 1, max: 100_000, integer: true } as const
const NON_NEGATIVE = { min: 0 } as const

// Lists and sub-objects may be left out of a hand-written profile; null stands for "absent".
function optionalList(value: unknown, path: string): readonly unknown[] {
  return value == null ? [] : readArray(value, path)
}

function readOs(value: unknown, path: string): OsInfo {
  const obj = value == null ? {} : readObject(value, path)
  const at = (k: string) => childPath(path, k)
  return {
    platform: obj.platform == null ? 'other' : readEnum(obj.platform, at('platform'), PLATFORMS),
    name: readNullableString(obj.name, at('name')),
    kernel: readNullableString(obj.kernel, at('kernel')),
    hostname: readNullableString(obj.hostname, at('hostname')),
  }
}

function readCpu(value: unknown, path: string): CpuInfo {
  const obj = readObject(value, path)
  const at = (k: string) => childPath(path, k)
  const cores = readNumber(obj.cores, at('cores'), COUNT)
  const threads = readNumber(obj.threads, at('threads'), COUNT)
  if (threads < cores)
    throw new FieldProblem(at('threads'), `must be at least cores (${cores}), got ${threads}`)
  // A newer homelab-ai may know SIMD features this one does not: skip them rather than refuse.
  const simd = readStringList(obj.simd, at('simd')).filter((s): s is SimdFeature =>
    (SIMD as readonly string[]).includes(s),
  )
  return {
    vendor: readNullableString(obj.vendor, at('vendor')),
    model: readNullableString(obj.model, at('model')),
    arch: obj.arch == null ? 'other' : readEnum(obj.arch, at('arch'), ARCHES),
    cores,
    threads,
    sockets: readNullableNumber(obj.sockets, at('sockets'), { min: 1, max: 64, integer: true }),
    simd,
    clockMHz: readNullableNumber(obj.clockMHz, at('clockMHz'), { min: 1, max: 20_000 }),
    maxClockMHz: readNullableNumber(obj.maxClockMHz, at('maxClockMHz'), { min: 1, max: 20_000 }),
  }
}

function readMemory(value: unknown, path: string): MemoryInfo {
  const obj = readObject(value, path)
  const at = (k: string) => childPath(path, k)
  const totalGiB = readNumber(obj.totalGiB, at('totalGiB'), {
    min: 0,
    minExclusive: true,
    max: MAX_GIB,
  })
  const availableGiB = readNumber(obj.availableGiB, at('availableGiB'), {
    ...NON_NEGATIVE,
    max: MAX_GIB,
  })
  if (availableGiB > totalGiB)
    throw new FieldProblem(
      at('availableGiB'),
      `must not exceed totalGiB (${totalGiB}), got ${availableGiB}`,
    )
  return {
    totalGiB,
    availableGiB,
    type: readNullableString(obj.type, at('type')),
    speedMTs: readNullableNumber(obj.speedMTs, at('speedMTs'), { min: 1, max: 100_000 }),
    channels: readNullableNumber(obj.channels, at('channels'), { min: 1, max: 64, integer: true }),
  }
}

function readPcie(value: unknown, path: string): PcieLink | null {
  if (value == null) return null
  const obj = readObject(value, path)
  const gen = { min: 1, max: 10, integer: true }
  const width = { min: 1, max: 32, integer: true }
  return {
    genCurrent: readNullableNumber(obj.genCurrent, childPath(path, 'genCurrent'), gen),
    genMax: readNullableNumber(obj.genMax, childPath(path, 'genMax'), gen),
    widthCurrent: readNullableNumber(obj.widthCurrent, childPath(path, 'widthCurrent'), width),
    widthMax: readNullableNumber(obj.widthMax, childPath(path, 'widthMax'), width),
  }
}

function readGpu(value: unknown, path: string): Gpu {
  const obj: JsonObject = readObject(value, path)
  const at = (k: string) => childPath(path, k)
  const mib = { ...NON_NEGATIVE, max: MAX_MIB }
  const pciId = readNullableString(obj.pciId, at('pciId'))
  if (pciId != null && !PCI_ID.test(pciId))
    throw new FieldProblem(at('pciId'), `must look like "10de:2204", got ${describeValue(pciId)}`)
  return {
    vendor: readEnum(obj.vendor, at('vendor'), GPU_VENDORS),
    name: readString(obj.name, at('name')),
    vramMiB: readNullableNumber(obj.vramMiB, at('vramMiB'), mib),
    vramFreeMiB: readNullableNumber(obj.vramFreeMiB, at('vramFreeMiB'), mib),
    driver: readNullableString(obj.driver, at('driver')),
    cudaVersion: readNullableString(obj.cudaVersion, at('cudaVersion')),
    rocmVersion: readNullableString(obj.rocmVersion, at('rocmVersion')),
    busId: readNullableString(obj.busId, at('busId')),
    pciId,
    pcie: readPcie(obj.pcie, at('pcie')),
    attachment:
      obj.attachment == null ? 'unknown' : readEnum(obj.attachment, at('attachment'), ATTACHMENTS),
    vgpuProfile: readNullableString(obj.vgpuProfile, at('vgpuProfile')),
    vgpuFramebufferMiB: readNullableNumber(obj.vgpuFramebufferMiB, at('vgpuFramebufferMiB'), mib),
    ...(obj.gttMiB === undefined
      ? {}
      : { gttMiB: readNullableNumber(obj.gttMiB, at('gttMiB'), mib) }),
    source: obj.source == null ? 'profile' : readString(obj.source, at('source')),
  }
}

function readAccelerator(value: unknown, path: string): Accelerator {
  const obj = readObject(value, path)
  const at = (k: string) => childPath(path, k)
  return {
    kind: readEnum(obj.kind, at('kind'), ['coral-usb', 'coral-pcie', 'npu', 'other'] as const),
    name: readString(obj.name, at('name')),
    id: readString(obj.id, at('id')),
    state:
      obj.state == null
        ? 'unknown'
        : readEnum(obj.state, at('state'), [
            'bootloader',
            'ready',
            'no-driver',
            'unknown',
          ] as const),
    usbSpeedMbps: readNullableNumber(obj.usbSpeedMbps, at('usbSpeedMbps'), NON_NEGATIVE),
    busId: readNullableString(obj.busId, at('busId')),
    driver: readNullableString(obj.driver, at('driver')),
    notes: readStringList(obj.notes, at('notes')),
  }
}

function readStorage(value: unknown, path: string): StorageMount {
  const obj = readObject(value, path)
  const at = (k: string) => childPath(path, k)
  const size = { ...NON_NEGATIVE, max: 1024 * MAX_GIB }
  return {
    mount: readString(obj.mount, at('mount')),
    fsType: readString(obj.fsType, at('fsType'), true),
    device: readString(obj.device, at('device'), true),
    sizeGiB: readNumber(obj.sizeGiB, at('sizeGiB'), size),
    freeGiB: readNumber(obj.freeGiB, at('freeGiB'), size),
    kind:
      obj.kind == null
        ? 'unknown'
        : readEnum(obj.kind, at('kind'), [
            'nvme',
            'ssd',
            'hdd',
            'virtual',
            'usb',
            'network',
            'unknown',
          ] as const),
    model: readNullableString(obj.model, at('model')),
  }
}

function readVirtualization(value: unknown, path: string): Virtualization {
  const obj = value == null ? {} : readObject(value, path)
  const at = (k: string) => childPath(path, k)
  return {
    kind: obj.kind == null ? 'unknown' : readString(obj.kind, at('kind')),
    role:
      obj.role == null
        ? 'unknown'
        : readEnum(obj.role, at('role'), ['bare-metal', 'vm', 'container', 'unknown'] as const),
    vmKind: readNullableString(obj.vmKind, at('vmKind')),
    containerKind: readNullableString(obj.containerKind, at('containerKind')),
    isVmwareGuest:
      obj.isVmwareGuest == null ? false : readBoolean(obj.isVmwareGuest, at('isVmwareGuest')),
    hypervisorFlag: readNullableBoolean(obj.hypervisorFlag, at('hypervisorFlag')),
    openVmTools: readNullableBoolean(obj.openVmTools, at('openVmTools')),
    evidence: readStringList(obj.evidence, at('evidence')),
  }
}

function readRuntime(value: unknown, path: string): RuntimeStatus {
  if (value == null) return RUNTIME_ABSENT
  const obj = readObject(value, path)
  return {
    present: readBoolean(obj.present, childPath(path, 'present')),
    version: readNullableString(obj.version, childPath(path, 'version')),
    detail: readNullableString(obj.detail, childPath(path, 'detail')),
  }
}

function readRuntimes(value: unknown, path: string): Runtimes {
  const obj = value == null ? {} : readObject(value, path)
  return {
    nvidiaSmi: readRuntime(obj.nvidiaSmi, childPath(path, 'nvidiaSmi')),
    rocmSmi: readRuntime(obj.rocmSmi, childPath(path, 'rocmSmi')),
    ollama: readRuntime(obj.ollama, childPath(path, 'ollama')),
    docker: readRuntime(obj.docker, childPath(path, 'docker')),
  }
}

function readNote(value: unknown, path: string): ProbeNote {
  const obj = readObject(value, path)
  return {
    area: readEnum(obj.area, childPath(path, 'area'), NOTE_AREAS),
    message: readString(obj.message, childPath(path, 'message')),
    fix: readNullableString(obj.fix, childPath(path, 'fix')),
  }
}

function readProfile(json: unknown): HardwareProfile {
  const root = readObject(json, 'profile')
  if (root.schemaVersion !== HARDWARE_SCHEMA_VERSION)
    throw new FieldProblem(
      'schemaVersion',
      `must be ${HARDWARE_SCHEMA_VERSION}, got ${describeValue(root.schemaVersion)}` +
        (typeof root.schemaVersion === 'number' && root.schemaVersion > HARDWARE_SCHEMA_VERSION
          ? ' (written by a newer homelab-ai)'
          : ''),
    )
  const list = <T>(key: string, read: (v: unknown, p: string) => T): T[] =>
    optionalList(root[key], key).map((item, i) => read(item, childPath(key, i)))
  return {
    schemaVersion: HARDWARE_SCHEMA_VERSION,
    probedAt: root.probedAt == null ? '' : readString(root.probedAt, 'probedAt', true),
    // Whatever the file says, it now describes a machine we did not probe ourselves.
    source: 'profile',
    os: readOs(root.os, 'os'),
    cpu: readCpu(root.cpu, 'cpu'),
    memory: readMemory(root.memory, 'memory'),
    gpus: list('gpus', readGpu),
    accelerators: list('accelerators', readAccelerator),
    storage: list('storage', readStorage),
    virtualization: readVirtualization(root.virtualization, 'virtualization'),
    runtimes: readRuntimes(root.runtimes, 'runtimes'),
    notes: list('notes', readNote),
    probeDurationMs: readNullableNumber(root.probeDurationMs, 'probeDurationMs', NON_NEGATIVE),
  }
}

/**
 * Checks a parsed profile document and returns it as a HardwareProfile with `source: 'profile'`.
 * Throws InputFileError naming `origin` and the first bad field:
 * `profile.json: gpus[1].vramMiB must be a number or null, got "lots"`.
 */
export function validateHardwareProfile(json: unknown, origin: string): HardwareProfile {
  try {
    return readProfile(json)
  } catch (error) {
    if (error instanceof FieldProblem)
      throw new InputFileError(`${origin}: ${error.message}`, { cause: error })
    throw error
  }
}
