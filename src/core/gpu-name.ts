/**
 * GPU name resolution: turns what nvidia-smi, rocm-smi, system_profiler or a person prints
 * ("NVIDIA GeForce RTX 3090", "A100-SXM4-80GB", "Apple M2 Ultra (76-core GPU, 192GB)") into a
 * catalog entry, and ranks near misses for the "did you mean" message.
 */
import type { GpuCatalog, GpuEntry, VgpuProfile } from './gpu-catalog.js'
import { editDistance } from './edit-distance.js'

/** A name reduced to what identifies the model. */
export interface ParsedGpuName {
  /** Lower-case letters and digits of the model words, vendor words and memory removed. */
  readonly key: string
  /** Memory the name states (`24GB`, `80 GB`), or null. */
  readonly memGiB: number | null
  /** Apple GPU cores the name states (`76-core GPU`), or null. */
  readonly gpuCores: number | null
}

// Words that brand rather than identify: tools print them inconsistently ("Tesla T4" vs "NVIDIA T4").
const STOP_WORDS = new Set([
  'nvidia',
  'geforce',
  'tesla',
  'amd',
  'ati',
  'radeon',
  'intel',
  'apple',
  'graphics',
  'gpu',
  'corporation',
  'r',
  'tm',
])
const MEMORY_TYPE = /^(?:hbm\d?e?|g?ddr\d+x?|lpddr\d+x?)$/
const MEMORY_TOKEN = /^(\d+(?:\.\d+)?)(?:gb|gib|g)$/
const MEMORY_UNIT = new Set(['gb', 'gib'])

/**
 * Reduces a name to its identifying key. Rules, in order:
 * - case, `(R)`, `(TM)`, punctuation, spaces and hyphens do not matter;
 * - `76-core GPU` becomes gpuCores (Apple), `12-core CPU` is dropped;
 * - `24GB`, `24 GB`, `80GB HBM3` become memGiB; memory types (HBM3, GDDR6X) are dropped;
 * - vendor and brand words (NVIDIA, GeForce, Tesla, AMD, Radeon, Intel, Apple, Graphics) are dropped.
 */
export function parseGpuName(input: string): ParsedGpuName {
  let text = input.toLowerCase().replace(/\((?:r|tm)\)|[®™]/g, ' ')
  let gpuCores: number | null = null
  text = text.replace(/(\d+)\s*-?\s*core\s*gpu/g, (_m, n: string) => {
    gpuCores = Number(n)
    return ' '
  })
  text = text.replace(/(\d+)\s*-?\s*core\s*cpu/g, ' ')
  const tokens = text.split(/[^a-z0-9.]+/).filter((t) => t !== '' && t !== '.')
  const kept: string[] = []
  let memGiB: number | null = null
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? ''
    const next = tokens[i + 1]
    const withUnit = MEMORY_TOKEN.exec(token)
    if (withUnit != null) {
      memGiB = Number(withUnit[1])
      continue
    }
    if (/^\d+(?:\.\d+)?$/.test(token) && next != null && MEMORY_UNIT.has(next)) {
      memGiB = Number(token)
      i++
      continue
    }
    if (MEMORY_TYPE.test(token) || STOP_WORDS.has(token)) continue
    kept.push(token.replace(/\./g, ''))
  }
  return { key: kept.join(''), memGiB, gpuCores }
}

/** One string that must not name two different entries: key plus memory plus cores. */
export function gpuNameKey(input: string): string {
  const p = parseGpuName(input)
  return `${p.key}|${p.memGiB ?? '-'}|${p.gpuCores ?? '-'}`
}

interface NameRecord {
  readonly entry: GpuEntry
  readonly parsed: ParsedGpuName
}

// Indexes are rebuilt per catalog object, which the loader caches, so this stays cheap.
const indexCache = new WeakMap<GpuCatalog, ReadonlyMap<string, readonly NameRecord[]>>()

function indexOf(catalog: GpuCatalog): ReadonlyMap<string, readonly NameRecord[]> {
  const cached = indexCache.get(catalog)
  if (cached != null) return cached
  const index = new Map<string, NameRecord[]>()
  for (const entry of catalog.gpus) {
    for (const text of [entry.name, ...entry.aliases]) {
      const parsed = parseGpuName(text)
      if (parsed.key === '') continue
      const list = index.get(parsed.key) ?? []
      list.push({ entry, parsed })
      index.set(parsed.key, list)
    }
  }
  indexCache.set(catalog, index)
  return index
}

function memoryFits(entry: GpuEntry, memGiB: number): boolean {
  if (entry.apple != null)
    return entry.apple.unifiedMemoryOptionsGiB.some((m) => Math.abs(m - memGiB) < 0.5)
  return entry.vramGiB != null && Math.abs(entry.vramGiB - memGiB) < 0.5
}

function single(records: readonly NameRecord[]): GpuEntry | null | 'ambiguous' {
  const ids = new Set(records.map((r) => r.entry.id))
  if (ids.size === 1) return records[0]?.entry ?? null
  return ids.size === 0 ? null : 'ambiguous'
}

function resolveParsed(catalog: GpuCatalog, parsed: ParsedGpuName): GpuEntry | null {
  let records = indexOf(catalog).get(parsed.key) ?? []
  const { memGiB, gpuCores } = parsed
  if (gpuCores != null) records = records.filter((r) => r.entry.apple?.gpuCores === gpuCores)
  if (memGiB != null) records = records.filter((r) => memoryFits(r.entry, memGiB))
  // Prefer the name that says exactly as much as the input, then the memory-less default name
  // (only the default variant of a family carries one), then whatever is left if it is one model.
  const levels = [
    records.filter((r) => r.parsed.memGiB === memGiB && r.parsed.gpuCores === gpuCores),
    records.filter((r) => r.parsed.memGiB == null && r.parsed.gpuCores == null),
    records,
  ]
  for (const level of levels) {
    const found = single(level)
    if (found === 'ambiguous') return null
    if (found != null) return found
  }
  return null
}

/**
 * The catalog entry a name means, or null. Exact on the model words, so `3080` never becomes
 * `3080 Ti`; memory in the name picks the variant (`RTX 3080 12GB`, `A100 80GB`); a name without
 * memory picks the family's default variant. rocm-smi's `Navi 22 [Radeon RX 6700/6700 XT / 6800M]`
 * is tried by its bracket, and by each `/` alternative when exactly one of them is known.
 */
export function resolveGpuName(catalog: GpuCatalog, input: string): GpuEntry | null {
  const direct = resolveParsed(catalog, parseGpuName(input))
  if (direct != null) return direct
  const bracket = /\[([^\]]+)\]/.exec(input)?.[1]
  if (bracket == null) return null
  const whole = resolveParsed(catalog, parseGpuName(bracket))
  if (whole != null) return whole
  const found = new Map<string, GpuEntry>()
  for (const alternative of bracket.split('/')) {
    const entry = resolveParsed(catalog, parseGpuName(alternative))
    if (entry != null) found.set(entry.id, entry)
  }
  return found.size === 1 ? ([...found.values()][0] ?? null) : null
}

/**
 * The catalog entry of a probed GPU: by its name, else by its PCI id when exactly one entry lists
 * it. sysfs names a card only by id when the kernel gives no product name, as on AMD iGPUs
 * ("AMD GPU 1002:150e"), and siblings that share an id (RX 7900 XT and XTX) stay unresolved.
 */
export function resolveGpu(
  catalog: GpuCatalog,
  gpu: { readonly name: string; readonly pciId?: string | null },
): GpuEntry | null {
  const byName = resolveGpuName(catalog, gpu.name)
  if (byName != null || gpu.pciId == null) return byName
  const id = gpu.pciId.toLowerCase()
  const listed = catalog.gpus.filter((e) => e.pciIds.includes(id))
  return listed.length === 1 ? (listed[0] ?? null) : null
}

function fullKey(p: ParsedGpuName): string {
  return (
    p.key + (p.memGiB != null ? `${p.memGiB}gb` : '') + (p.gpuCores != null ? `${p.gpuCores}c` : '')
  )
}

/** 0..1: edit distance on normalised keys, plus a bonus when one key contains the other. */
function similarity(input: string, candidate: string): number {
  if (input === '' || candidate === '') return 0
  const base = 1 - editDistance(input, candidate) / Math.max(input.length, candidate.length)
  const contains = candidate.includes(input) || input.includes(candidate)
  return Math.min(1, base + (contains ? 0.3 : 0))
}

/** The display names of up to `n` catalog GPUs closest to `input`, best first, for error messages. */
export function suggestGpuNames(catalog: GpuCatalog, input: string, n = 5): string[] {
  const wanted = fullKey(parseGpuName(input))
  const scored: { name: string; score: number }[] = []
  for (const entry of catalog.gpus) {
    let best = 0
    for (const text of [entry.name, ...entry.aliases])
      best = Math.max(best, similarity(wanted, fullKey(parseGpuName(text))))
    if (best >= 0.4) scored.push({ name: entry.name, score: best })
  }
  scored.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
  return scored.slice(0, n).map((s) => s.name)
}

/** A vGPU profile as a VM or hypervisor names it, with its framebuffer. */
export interface ResolvedVgpuProfile {
  readonly name: string
  readonly framebufferGiB: number
  readonly gpu: GpuEntry | null
  /** The catalog table had it (true), or the size was read from NVIDIA's naming rule (false). */
  readonly fromTable: boolean
  readonly profile: VgpuProfile | null
}

/**
 * Resolves `GRID P40-12Q` (nvidia-smi in the guest) or `grid_a100-8c` (vSphere) to its framebuffer.
 * NVIDIA names vGPU types `<board>-<framebuffer GB><series>` (MIG-backed: `<board>-<slices>-<GB><series>`),
 * so a profile missing from the table still gets its size from the name, marked `fromTable: false`.
 */
export function resolveVgpuProfile(catalog: GpuCatalog, input: string): ResolvedVgpuProfile | null {
  const name = input
    .trim()
    .toLowerCase()
    .replace(/^(?:nvidia\s+)?grid[\s_]+/, '')
    .replace(/_/g, '-')
    .replace(/\s+/g, '')
  const profile = catalog.vgpuProfiles.find((p) => p.name.toLowerCase() === name) ?? null
  if (profile != null) {
    const gpu = catalog.gpus.find((g) => g.id === profile.gpuId) ?? null
    return {
      name: profile.name,
      framebufferGiB: profile.framebufferGiB,
      gpu,
      fromTable: true,
      profile,
    }
  }
  const match = /^([a-z0-9]+?)d?-(?:\d+-)?(\d+)([a-z]+)$/.exec(name)
  if (match == null) return null
  const board = match[1] ?? ''
  const gpu = resolveGpuName(catalog, board)
  return {
    name: input.trim().replace(/^(?:NVIDIA\s+)?GRID[\s_]+/i, ''),
    framebufferGiB: Number(match[2]),
    gpu,
    fromTable: false,
    profile: null,
  }
}
