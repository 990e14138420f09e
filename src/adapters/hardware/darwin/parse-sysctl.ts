import type { CpuArch, SimdFeature } from '../../../core/hardware.js'

/**
 * `sysctl name1 name2 ...` output (`hw.memsize: 17179869184`, one per line) as a map.
 * Names are not passed with `-n` on purpose: an unknown name (`sysctl: unknown oid ...`, on stderr)
 * would shift every later value by one line.
 */
export function parseSysctl(text: string): Map<string, string> {
  const values = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const match = /^([\w.]+): ?(.*)$/.exec(line)
    if (match?.[1] != null && match[2] != null) values.set(match[1], match[2].trim())
  }
  return values
}

/** The sysctl names the macOS probe asks for. */
export const DARWIN_SYSCTL_NAMES = [
  'hw.physicalcpu',
  'hw.logicalcpu',
  'hw.packages',
  'hw.memsize',
  'hw.cpufrequency',
  'hw.cpufrequency_max',
  'hw.optional.arm64',
  'hw.optional.x86_64',
  'hw.optional.neon',
  'hw.optional.AdvSIMD',
  'hw.optional.arm.FEAT_DotProd',
  'hw.optional.arm.FEAT_I8MM',
  'hw.optional.sse4_2',
  'hw.optional.avx1_0',
  'hw.optional.f16c',
  'hw.optional.fma',
  'hw.optional.avx2_0',
  'hw.optional.avx512f',
  'hw.optional.avx512bw',
  'machdep.cpu.brand_string',
  'machdep.cpu.vendor',
  'machdep.cpu.leaf7_features',
  'sysctl.proc_translated',
  'kern.osproductversion',
  'kern.osrelease',
  'kern.hostname',
] as const

/** Which `hw.optional` flag (value `1`) means which SIMD feature. */
const OPTIONAL_FLAGS: readonly (readonly [string, SimdFeature])[] = [
  ['hw.optional.neon', 'neon'],
  ['hw.optional.AdvSIMD', 'neon'],
  ['hw.optional.arm.FEAT_DotProd', 'dotprod'],
  ['hw.optional.arm.FEAT_I8MM', 'i8mm'],
  ['hw.optional.sse4_2', 'sse4.2'],
  ['hw.optional.avx1_0', 'avx'],
  ['hw.optional.f16c', 'f16c'],
  ['hw.optional.fma', 'fma'],
  ['hw.optional.avx2_0', 'avx2'],
  ['hw.optional.avx512f', 'avx512f'],
  ['hw.optional.avx512bw', 'avx512bw'],
]

/** SIMD features from the `hw.optional.*` flags, plus AVX512 VNNI from the CPUID leaf 7 list. */
export function simdFromSysctl(values: Map<string, string>): SimdFeature[] {
  const found = new Set<SimdFeature>()
  for (const [name, feature] of OPTIONAL_FLAGS) if (values.get(name) === '1') found.add(feature)
  const leaf7 = (values.get('machdep.cpu.leaf7_features') ?? '').toUpperCase().split(/\s+/)
  if (leaf7.includes('AVX512VNNI')) found.add('avx512-vnni')
  return [...found]
}

/**
 * The CPU architecture. `hw.optional.arm64` is 1 on Apple Silicon even for an x86 process under
 * Rosetta, which is what we want: the machine, not the process.
 */
export function archFromSysctl(values: Map<string, string>): CpuArch | null {
  if (values.get('hw.optional.arm64') === '1') return 'arm64'
  if (values.get('hw.optional.x86_64') === '1') return 'x86-64'
  return null
}

/** A positive integer value, or null. */
export function sysctlInteger(values: Map<string, string>, name: string): number | null {
  const text = values.get(name)
  if (text == null || !/^\d+$/.test(text)) return null
  const value = Number(text)
  return value > 0 ? value : null
}

/** Available memory from `vm_stat`: free + inactive + speculative pages (what macOS can hand out). */
export function parseVmStatAvailableBytes(text: string): number | null {
  const pageSize = /page size of (\d+) bytes/.exec(text)?.[1]
  if (pageSize == null) return null
  let pages = 0
  let seen = 0
  for (const label of ['Pages free', 'Pages inactive', 'Pages speculative']) {
    const count = new RegExp(`^${label}:\\s+(\\d+)\\.?$`, 'm').exec(text)?.[1]
    if (count != null) {
      pages += Number(count)
      seen++
    }
  }
  return seen === 0 ? null : pages * Number(pageSize)
}
