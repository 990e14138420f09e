import { SIMD_FEATURES, type CpuArch, type SimdFeature } from '../../../core/hardware.js'

/** What /proc/cpuinfo alone says; the reader adds sysfs topology and max clock. */
export interface ParsedCpuinfo {
  readonly vendor: string | null
  readonly model: string | null
  /** From the text's shape (x86 `flags` with `lm`, arm `Features` + `CPU architecture`); null when unclear. */
  readonly arch: CpuArch | null
  /** Logical processors: one `processor` block each. */
  readonly threads: number
  /** Distinct `physical id` + `core id` pairs; null when the text lacks them (arm, some VMs). */
  readonly coresFromIds: number | null
  /** `cpu cores` times the socket count: the fallback when `core id` is missing. */
  readonly coresFromCount: number | null
  readonly sockets: number | null
  readonly clockMHz: number | null
  readonly simd: readonly SimdFeature[]
  /** x86 CPUID.1:ECX bit 31; null on architectures that have no such flag. */
  readonly hypervisorFlag: boolean | null
}

// Kernel flag names → our SimdFeature names; several AMX flags collapse into one feature.
const X86_SIMD: Readonly<Record<string, SimdFeature>> = {
  sse4_2: 'sse4.2',
  avx: 'avx',
  f16c: 'f16c',
  fma: 'fma',
  avx2: 'avx2',
  avx_vnni: 'avx-vnni',
  avx512f: 'avx512f',
  avx512bw: 'avx512bw',
  avx512_vnni: 'avx512-vnni',
  avx512_bf16: 'avx512-bf16',
  amx_tile: 'amx',
  amx_int8: 'amx',
  amx_bf16: 'amx',
}

const ARM_SIMD: Readonly<Record<string, SimdFeature>> = {
  asimd: 'neon',
  asimddp: 'dotprod',
  i8mm: 'i8mm',
  sve: 'sve',
  sve2: 'sve2',
}

// Output follows SIMD_FEATURES, so it does not depend on the order of flags in the text.
const SIMD_ORDER = SIMD_FEATURES

const X86_VENDORS: Readonly<Record<string, string>> = {
  GenuineIntel: 'Intel',
  AuthenticAMD: 'AMD',
  HygonGenuine: 'Hygon',
  CentaurHauls: 'Centaur',
  Shanghai: 'Zhaoxin',
}

// arm64 cpuinfo names no vendor, only the MIDR implementer byte.
const ARM_IMPLEMENTERS: Readonly<Record<string, string>> = {
  '0x41': 'ARM',
  '0x42': 'Broadcom',
  '0x43': 'Cavium',
  '0x48': 'HiSilicon',
  '0x4e': 'NVIDIA',
  '0x51': 'Qualcomm',
  '0x61': 'Apple',
  '0xc0': 'Ampere',
}

// arm64 has no `model name` either; these are the cores a homelab meets (Pi 4/5, Graviton, Altra).
const ARM_PARTS: Readonly<Record<string, string>> = {
  '0x41:0xd03': 'Cortex-A53',
  '0x41:0xd08': 'Cortex-A72',
  '0x41:0xd0b': 'Cortex-A76',
  '0x41:0xd0c': 'Neoverse-N1',
  '0x41:0xd40': 'Neoverse-V1',
  '0x41:0xd49': 'Neoverse-N2',
  '0x41:0xd4f': 'Neoverse-V2',
  '0x43:0x0a1': 'ThunderX',
  '0x43:0x0af': 'ThunderX2',
  '0xc0:0xac3': 'AmpereOne',
}

/** Splits cpuinfo into one key → value map per `processor` block (blank-line separated). */
function blocks(text: string): Map<string, string>[] {
  const out: Map<string, string>[] = []
  let current = new Map<string, string>()
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':')
    if (line.trim() === '') {
      if (current.size > 0) out.push(current)
      current = new Map()
      continue
    }
    if (colon < 0) continue
    const key = line.slice(0, colon).trim()
    // A new `processor` key starts a block even when the blank line is missing (armv7 dumps).
    if (key === 'processor' && current.has('processor')) {
      out.push(current)
      current = new Map()
    }
    current.set(key, line.slice(colon + 1).trim())
  }
  if (current.size > 0) out.push(current)
  return out
}

function toNumber(value: string | undefined): number | null {
  if (value == null || value === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

/** Parses /proc/cpuinfo text (x86-64, arm64 and 32-bit arm layouts). */
export function parseCpuinfo(text: string): ParsedCpuinfo {
  const all = blocks(text)
  const cpus = all.filter((b) => /^\d+$/.test(b.get('processor') ?? ''))
  const first = cpus[0] ?? all[0] ?? new Map<string, string>()
  const x86Flags = first.get('flags')
  const armFeatures = first.get('Features')
  const words = (x86Flags ?? armFeatures ?? '').split(/\s+/).filter((w) => w !== '')
  const table = x86Flags != null ? X86_SIMD : ARM_SIMD
  const found = new Set(words.map((w) => table[w]).filter((f) => f != null))
  const simd = SIMD_ORDER.filter((f) => found.has(f))

  let arch: CpuArch | null = null
  if (x86Flags != null) arch = words.includes('lm') ? 'x86-64' : 'other'
  else if (armFeatures != null) {
    const level = toNumber(first.get('CPU architecture'))
    arch = level != null && level >= 8 ? 'arm64' : 'arm'
  }

  const vendorId = first.get('vendor_id')
  const implementer = first.get('CPU implementer')?.toLowerCase()
  const part = first.get('CPU part')?.toLowerCase()
  const vendor =
    vendorId != null
      ? (X86_VENDORS[vendorId] ?? vendorId)
      : implementer != null
        ? (ARM_IMPLEMENTERS[implementer] ?? `ARM implementer ${implementer}`)
        : null
  const model =
    first.get('model name') ??
    (implementer != null && part != null ? (ARM_PARTS[`${implementer}:${part}`] ?? null) : null)

  const packages = new Set<string>()
  const coreIds = new Set<string>()
  let everyCpuHasIds = cpus.length > 0
  for (const cpu of cpus) {
    const pkg = cpu.get('physical id')
    const core = cpu.get('core id')
    if (pkg != null) packages.add(pkg)
    if (pkg == null || core == null) everyCpuHasIds = false
    else coreIds.add(`${pkg}:${core}`)
  }
  const sockets = packages.size > 0 ? packages.size : null
  const coresPerSocket = toNumber(first.get('cpu cores'))

  return {
    vendor,
    model: model === '' ? null : model,
    arch,
    threads: cpus.length,
    coresFromIds: everyCpuHasIds ? coreIds.size : null,
    coresFromCount: coresPerSocket != null ? coresPerSocket * (sockets ?? 1) : null,
    sockets,
    clockMHz: toNumber(first.get('cpu MHz')),
    simd,
    hypervisorFlag: x86Flags != null ? words.includes('hypervisor') : null,
  }
}

/** Maps `/proc/sys/kernel/arch` (the kernel's `uname -m`) to our CpuArch. */
export function archFromMachine(machine: string): CpuArch {
  if (machine === 'x86_64') return 'x86-64'
  if (machine === 'aarch64' || machine === 'arm64') return 'arm64'
  if (machine.startsWith('arm')) return 'arm'
  return 'other'
}

/** A sysfs cpufreq value (kHz) as MHz; null for missing or garbage text. */
export function khzToMHz(text: string | undefined): number | null {
  const khz = toNumber(text?.trim())
  return khz != null && khz > 0 ? khz / 1000 : null
}
