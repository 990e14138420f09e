/**
 * What-if hardware: `--gpu "2x RTX 3090" --vram 24 --ram 128 --cores 16` turn the probed (or loaded)
 * machine into an imagined one, so every fit and speed answer can be asked for hardware the user
 * is thinking of buying. Pure: the catalog comes in as a parameter.
 */
import { UnknownNameError, UsageError } from './errors.js'
import type { GpuCatalog, GpuEntry } from './gpu-catalog.js'
import { parseGpuName, resolveGpuName, suggestGpuNames } from './gpu-name.js'
import type { Gpu, HardwareProfile, ProbeNote } from './hardware.js'

/** One `--gpu` item: how many of which model. */
export interface GpuSpecItem {
  readonly count: number
  readonly name: string
}

/** The overrides the user asked for; absent means "keep the base machine's value". */
export interface WhatIfOverrides {
  readonly gpus?: readonly GpuSpecItem[]
  readonly vramGiB?: number
  readonly ramGiB?: number
  readonly cores?: number
}

/** More cards than any single host holds; a bigger number is a typo. */
export const MAX_WHAT_IF_GPUS = 64

const COUNT_FIRST = /^(\d+)\s*[x×*]\s*(.+)$/i
const COUNT_LAST = /^(.+?)\s+[x×*]\s*(\d+)$/i

// `Apple M2 Ultra (76-core GPU, 192GB)` holds a comma that does not separate two GPUs.
function splitOutsideParens(input: string): string[] {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const c of input) {
    if (c === '(') depth++
    if (c === ')') depth = Math.max(0, depth - 1)
    if ((c === ',' || c === '+') && depth === 0) {
      parts.push(current)
      current = ''
    } else current += c
  }
  parts.push(current)
  return parts
}

/**
 * Parses `--gpu`: items separated by `,` or `+` (not inside parentheses), each `2x RTX 3090`, `2 x RTX 3090`, `4x4090`,
 * `RTX 3090 x2`, or a bare name (one card). Throws UsageError for empty items and counts outside
 * 1..64 (in total, too).
 */
export function parseGpuSpec(input: string): GpuSpecItem[] {
  const parts = splitOutsideParens(input).map((p) => p.trim())
  if (parts.every((p) => p === ''))
    throw new UsageError('--gpu needs a GPU name, like "2x RTX 3090"')
  const items: GpuSpecItem[] = []
  for (const part of parts) {
    if (part === '') throw new UsageError(`--gpu has an empty item in "${input}"`)
    const first = COUNT_FIRST.exec(part)
    const last = first == null ? COUNT_LAST.exec(part) : null
    const countText = first?.[1] ?? last?.[2]
    const name = (first?.[2] ?? last?.[1] ?? part).trim()
    const count = countText == null ? 1 : Number(countText)
    if (!Number.isInteger(count) || count < 1 || count > MAX_WHAT_IF_GPUS)
      throw new UsageError(
        `--gpu count must be between 1 and ${MAX_WHAT_IF_GPUS}, got ${countText ?? count} in "${part}"`,
      )
    items.push({ count, name })
  }
  const total = items.reduce((sum, i) => sum + i.count, 0)
  if (total > MAX_WHAT_IF_GPUS)
    throw new UsageError(
      `--gpu adds up to ${total} GPUs; at most ${MAX_WHAT_IF_GPUS} fit one machine`,
    )
  return items
}

interface Limits {
  readonly flag: string
  readonly what: string
  readonly min: number
  readonly max: number
  readonly integer: boolean
}

// A unit suffix is forgiven (`--vram 24GB`); anything else that is not a plain number is not.
function parseBoundedNumber(raw: string, limits: Limits): number {
  const text = raw.trim().replace(/\s*(?:gib|gb|g)$/i, '')
  const value = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN
  const ok =
    Number.isFinite(value) &&
    value >= limits.min &&
    value <= limits.max &&
    (!limits.integer || Number.isInteger(value))
  if (!ok)
    throw new UsageError(
      `${limits.flag} must be ${limits.what} between ${limits.min} and ${limits.max}, got ${raw.trim() === '' ? '""' : raw.trim()}`,
    )
  return value
}

/** Checks the raw CLI strings and returns typed overrides; one-line UsageError for impossible values. */
export function parseWhatIfArgs(args: {
  gpu?: string
  vram?: string
  ram?: string
  cores?: string
}): WhatIfOverrides {
  return {
    ...(args.gpu != null ? { gpus: parseGpuSpec(args.gpu) } : {}),
    ...(args.vram != null
      ? {
          vramGiB: parseBoundedNumber(args.vram, {
            flag: '--vram',
            what: 'a number of GiB',
            min: 0.5,
            max: 4096,
            integer: false,
          }),
        }
      : {}),
    ...(args.ram != null
      ? {
          ramGiB: parseBoundedNumber(args.ram, {
            flag: '--ram',
            what: 'a number of GiB',
            min: 0.5,
            max: 65536,
            integer: false,
          }),
        }
      : {}),
    ...(args.cores != null
      ? {
          cores: parseBoundedNumber(args.cores, {
            flag: '--cores',
            what: 'a whole number of cores',
            min: 1,
            max: 4096,
            integer: true,
          }),
        }
      : {}),
  }
}

const MIB_PER_GIB = 1024

function whatIfGpu(entry: GpuEntry, vramGiB: number | null): Gpu {
  const vramMiB = vramGiB == null ? null : Math.round(vramGiB * MIB_PER_GIB)
  return {
    vendor: entry.vendor,
    name: entry.name,
    vramMiB,
    vramFreeMiB: vramMiB,
    driver: null,
    cudaVersion: null,
    rocmVersion: null,
    busId: null,
    pciId: null,
    pcie: null,
    attachment: entry.memoryKind === 'unified' ? 'unified' : 'bare-metal',
    vgpuProfile: null,
    vgpuFramebufferMiB: null,
    source: 'what-if',
  }
}

function note(message: string): ProbeNote {
  return { area: 'profile', message, fix: null }
}

// The memory the name states picks an Apple configuration; otherwise the smallest one Apple sold.
function appleMemoryGiB(entry: GpuEntry, requestedName: string): number | null {
  const stated = parseGpuName(requestedName).memGiB
  return stated ?? entry.apple?.unifiedMemoryOptionsGiB[0] ?? entry.vramGiB
}

function resolveGpus(
  items: readonly GpuSpecItem[],
  catalog: GpuCatalog,
): { gpus: Gpu[]; appleMemoryGiB: number | null } {
  const gpus: Gpu[] = []
  let unified: number | null = null
  const resolved = items.map((item) => {
    const entry = resolveGpuName(catalog, item.name)
    if (entry == null)
      throw new UnknownNameError('GPU', item.name, suggestGpuNames(catalog, item.name))
    return { item, entry }
  })
  const total = items.reduce((sum, i) => sum + i.count, 0)
  for (const { item, entry } of resolved) {
    if (entry.memoryKind === 'unified') {
      if (total > 1)
        throw new UsageError(
          `--gpu "${item.name}" is built into an Apple chip: it cannot be combined or counted`,
        )
      unified = appleMemoryGiB(entry, item.name)
      gpus.push(whatIfGpu(entry, unified))
      continue
    }
    for (let i = 0; i < item.count; i++) gpus.push(whatIfGpu(entry, entry.vramGiB))
  }
  return { gpus, appleMemoryGiB: unified }
}

function withVram(gpu: Gpu, vramGiB: number): Gpu {
  const vramMiB = Math.round(vramGiB * MIB_PER_GIB)
  return {
    ...gpu,
    vramMiB,
    vramFreeMiB: vramMiB,
    vgpuFramebufferMiB: gpu.attachment === 'vgpu' ? vramMiB : gpu.vgpuFramebufferMiB,
    source: 'what-if',
  }
}

function genericGpu(vramGiB: number): Gpu {
  const vramMiB = Math.round(vramGiB * MIB_PER_GIB)
  return {
    vendor: 'other',
    name: `What-if GPU (${vramGiB} GiB)`,
    vramMiB,
    vramFreeMiB: vramMiB,
    driver: null,
    cudaVersion: null,
    rocmVersion: null,
    busId: null,
    pciId: null,
    pcie: null,
    attachment: 'bare-metal',
    vgpuProfile: null,
    vgpuFramebufferMiB: null,
    source: 'what-if',
  }
}

/**
 * The base machine with the overrides applied; `source` becomes `what-if` and each override adds a
 * note (area `profile`) so reports say what was imagined. Rules:
 * - `gpus` replaces the GPU list with catalog GPUs: full VRAM free, no driver, no PCI address,
 *   attachment `bare-metal` (or `unified` for Apple). Unknown names throw UnknownNameError with
 *   the closest catalog names. An Apple chip must stand alone (count 1, no other GPU).
 * - `vramGiB` sets the VRAM (and free VRAM) of every GPU, after `gpus` if both are given; with no
 *   GPU at all it adds one generic `What-if GPU (24 GiB)` of vendor `other`.
 * - `ramGiB` sets total memory. Available memory = new total minus what the base machine uses now
 *   (total − available), floored at 0: the apps running today come along, so a RAM upgrade frees
 *   exactly the added GiB. A smaller total than today's use leaves nothing available, on purpose.
 * - An Apple GPU in `gpus` without `ramGiB` also sets total memory to its unified memory (the size
 *   the name states, like `M2 Ultra (76-core GPU, 192GB)`, else the smallest size Apple sold),
 *   because on Apple Silicon the GPU's memory is the system memory. The CPU stays the base's.
 * - `cores` sets physical cores; threads keep the base's threads-per-core ratio (SMT stays on or off).
 */
export function applyWhatIf(
  base: HardwareProfile,
  o: WhatIfOverrides,
  catalog: GpuCatalog,
): HardwareProfile {
  const notes: ProbeNote[] = [...base.notes]
  let gpus: readonly Gpu[] = base.gpus
  let ramGiB = o.ramGiB ?? null
  if (o.gpus != null) {
    const resolved = resolveGpus(o.gpus, catalog)
    gpus = resolved.gpus
    const listed = o.gpus.map((i) => `${i.count}x ${i.name}`).join(', ')
    notes.push(note(`What-if: GPUs replaced by ${listed}.`))
    if (resolved.appleMemoryGiB != null && ramGiB == null) {
      ramGiB = resolved.appleMemoryGiB
      notes.push(note(`What-if: memory set to the Apple chip's ${ramGiB} GiB of unified memory.`))
    }
  }
  if (o.vramGiB != null) {
    const vram = o.vramGiB
    gpus = gpus.length === 0 ? [genericGpu(vram)] : gpus.map((g) => withVram(g, vram))
    notes.push(note(`What-if: VRAM set to ${vram} GiB per GPU.`))
  }
  let memory = base.memory
  if (ramGiB != null) {
    const usedGiB = Math.max(0, base.memory.totalGiB - base.memory.availableGiB)
    memory = { ...memory, totalGiB: ramGiB, availableGiB: Math.max(0, ramGiB - usedGiB) }
    if (o.ramGiB != null) notes.push(note(`What-if: memory set to ${ramGiB} GiB.`))
  }
  let cpu = base.cpu
  if (o.cores != null) {
    const ratio = base.cpu.cores > 0 ? base.cpu.threads / base.cpu.cores : 1
    cpu = { ...cpu, cores: o.cores, threads: Math.max(o.cores, Math.round(o.cores * ratio)) }
    notes.push(note(`What-if: ${o.cores} CPU cores, ${cpu.threads} threads.`))
  }
  return { ...base, source: 'what-if', gpus, memory, cpu, notes }
}
