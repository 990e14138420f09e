/**
 * The GPU catalog (catalog/gpus.json) as types, and its validator. Every entry carries its source:
 * the TechPowerUp page behind the dataset row (or the vendor page for hand-added chips), plus one
 * source per field that came from somewhere else (tensor TFLOPS, PCI ids, Apple figures).
 */
import { InputFileError } from './errors.js'
import {
  FieldProblem,
  childPath,
  readArray,
  readEnum,
  readNullableNumber,
  readNullableString,
  readNumber,
  readObject,
  readString,
  readStringList,
  type JsonObject,
} from './json-fields.js'
import { gpuNameKey } from './gpu-name.js'

/** Bumped when a field changes meaning; the loader refuses other versions. */
export const GPU_CATALOG_SCHEMA_VERSION = 1

export type CatalogGpuVendor = 'nvidia' | 'amd' | 'intel' | 'apple'

/**
 * Where the GPU's memory lives:
 * - `dedicated`: VRAM on the card (vramGiB is its size);
 * - `shared`: an integrated GPU borrowing system RAM (no fixed size, bandwidth is the RAM's);
 * - `unified`: Apple Silicon, one pool for CPU and GPU (vramGiB is the smallest configuration).
 */
export type GpuMemoryKind = 'dedicated' | 'shared' | 'unified'

/** One citation: the page a fact was read from, and a note when the value was derived or odd. */
export interface FactSource {
  readonly url: string
  readonly note: string | null
}

/** Where an entry's facts came from. */
export interface GpuEntrySource {
  /** The TechPowerUp page of the dataset row, or the vendor page for a hand-added entry. */
  readonly url: string
  /** The dataset the row came from (`gpu-specs.csv ...`) or `hand-curated`. */
  readonly dataset: string
  /** Per-field sources for values that did not come from the dataset row. */
  readonly fields: Readonly<Record<string, FactSource>>
}

/** Apple Silicon specifics: one catalog entry per GPU-core variant of a chip. */
export interface AppleChipInfo {
  readonly gpuCores: number
  /** Unified memory sizes Apple sold with this variant, smallest first. */
  readonly unifiedMemoryOptionsGiB: readonly number[]
}

/** One GPU model. */
export interface GpuEntry {
  /** Kebab-case, stable: `rtx-3090`, `a100-sxm4-80gb`, `apple-m2-ultra-76c`. */
  readonly id: string
  /** Display name with vendor: `NVIDIA GeForce RTX 3090`. */
  readonly name: string
  readonly vendor: CatalogGpuVendor
  /** Names as tools print them (nvidia-smi, rocm-smi, system_profiler) and as people type them. */
  readonly aliases: readonly string[]
  /** PCI `vendor:device` ids (lower-case hex) this model reports; one id may be shared by siblings. */
  readonly pciIds: readonly string[]
  readonly memoryKind: GpuMemoryKind
  /** Dedicated VRAM; for Apple the smallest unified-memory option; null for shared-memory iGPUs. */
  readonly vramGiB: number | null
  readonly memoryType: string | null
  readonly memoryBusBits: number | null
  /** Peak memory bandwidth in GB/s (decimal); null when it is the system RAM's. */
  readonly memoryBandwidthGBps: number | null
  /** Peak FP32 shader (non-tensor) TFLOPS. */
  readonly fp32Tflops: number | null
  /**
   * Peak FP16 on the shader cores, NOT tensor cores (TechPowerUp's "FP16 (half)"). Inconsistent
   * across generations (Pascal GP102 runs FP16 at 1/64 rate): do not use it for prompt speed.
   */
  readonly fp16ShaderTflops: number | null
  /**
   * Dense (no sparsity) FP16 matrix throughput of tensor / matrix cores, with FP32 accumulate
   * where the vendor gives both; null when the GPU has no such units or no citation was found.
   */
  readonly tensorFp16Tflops: number | null
  readonly architecture: string | null
  readonly chip: string | null
  /** CUDA compute capability (`8.6`), NVIDIA only. */
  readonly computeCapability: string | null
  /** ISO date `2020-09-01`. */
  readonly releaseDate: string | null
  /** `PCIe 4.0 x16`, or null for integrated GPUs. */
  readonly busInterface: string | null
  readonly tdpW: number | null
  readonly apple: AppleChipInfo | null
  readonly source: GpuEntrySource
}

/** An NVIDIA vGPU profile and the framebuffer a VM sees with it. */
export interface VgpuProfile {
  /** Type name without the `GRID ` prefix: `P40-12Q`, `A100-8C`, `A100-3-20C`. */
  readonly name: string
  /** Catalog id of the physical board. */
  readonly gpuId: string
  readonly framebufferGiB: number
  /** `time-sliced` shares the whole GPU's bandwidth with other VMs; `mig` gets a hardware slice. */
  readonly sharing: 'time-sliced' | 'mig'
  readonly source: FactSource
}

/** The whole catalog file. */
export interface GpuCatalog {
  readonly schemaVersion: typeof GPU_CATALOG_SCHEMA_VERSION
  readonly gpus: readonly GpuEntry[]
  readonly vgpuProfiles: readonly VgpuProfile[]
}

const VENDORS: readonly CatalogGpuVendor[] = ['nvidia', 'amd', 'intel', 'apple']
const MEMORY_KINDS: readonly GpuMemoryKind[] = ['dedicated', 'shared', 'unified']
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const PCI_ID = /^[0-9a-f]{4}:[0-9a-f]{4}$/
const ISO_DATE = /^\d{4}-\d{2}(?:-\d{2})?$/
// Fields a dataset row never fills, so a non-null value must name its own source.
const FIELDS_NEEDING_SOURCE = ['tensorFp16Tflops', 'pciIds'] as const

function readFactSource(value: unknown, path: string): FactSource {
  const obj = readObject(value, path)
  const url = readString(obj.url, childPath(path, 'url'))
  if (!/^https?:\/\/\S+$/.test(url))
    throw new FieldProblem(childPath(path, 'url'), `must be an http(s) URL, got "${url}"`)
  return { url, note: readNullableString(obj.note, childPath(path, 'note')) }
}

function readEntrySource(value: unknown, path: string): GpuEntrySource {
  const obj = readObject(value, path)
  const fieldsObj = readObject(obj.fields ?? {}, childPath(path, 'fields'))
  const fields: Record<string, FactSource> = {}
  for (const [key, fact] of Object.entries(fieldsObj))
    fields[key] = readFactSource(fact, childPath(childPath(path, 'fields'), key))
  return {
    url: readFactSource({ url: obj.url, note: null }, path).url,
    dataset: readString(obj.dataset, childPath(path, 'dataset')),
    fields,
  }
}

function readApple(value: unknown, path: string): AppleChipInfo | null {
  if (value == null) return null
  const obj = readObject(value, path)
  const optionsPath = childPath(path, 'unifiedMemoryOptionsGiB')
  const options = readArray(obj.unifiedMemoryOptionsGiB, optionsPath).map((v, i) =>
    readNumber(v, childPath(optionsPath, i), { min: 1, max: 4096 }),
  )
  if (options.length === 0) throw new FieldProblem(optionsPath, 'must list at least one size')
  for (let i = 1; i < options.length; i++)
    if ((options[i] ?? 0) <= (options[i - 1] ?? 0))
      throw new FieldProblem(childPath(optionsPath, i), 'must be larger than the size before it')
  return {
    gpuCores: readNumber(obj.gpuCores, childPath(path, 'gpuCores'), { min: 1, integer: true }),
    unifiedMemoryOptionsGiB: options,
  }
}

function readEntry(value: unknown, path: string): GpuEntry {
  const obj: JsonObject = readObject(value, path)
  const at = (key: string) => childPath(path, key)
  const id = readString(obj.id, at('id'))
  if (!KEBAB.test(id)) throw new FieldProblem(at('id'), `must be kebab-case, got "${id}"`)
  const vendor = readEnum(obj.vendor, at('vendor'), VENDORS)
  const memoryKind = readEnum(obj.memoryKind, at('memoryKind'), MEMORY_KINDS)
  const pciIds = readStringList(obj.pciIds, at('pciIds'))
  pciIds.forEach((pci, i) => {
    if (!PCI_ID.test(pci))
      throw new FieldProblem(childPath(at('pciIds'), i), `must be like "10de:2204", got "${pci}"`)
  })
  const positive = { min: 0, minExclusive: true }
  const entry: GpuEntry = {
    id,
    name: readString(obj.name, at('name')),
    vendor,
    aliases: readStringList(obj.aliases, at('aliases')),
    pciIds,
    memoryKind,
    vramGiB: readNullableNumber(obj.vramGiB, at('vramGiB'), { ...positive, max: 4096 }),
    memoryType: readNullableString(obj.memoryType, at('memoryType')),
    memoryBusBits: readNullableNumber(obj.memoryBusBits, at('memoryBusBits'), {
      ...positive,
      integer: true,
    }),
    memoryBandwidthGBps: readNullableNumber(obj.memoryBandwidthGBps, at('memoryBandwidthGBps'), {
      ...positive,
      max: 100_000,
    }),
    fp32Tflops: readNullableNumber(obj.fp32Tflops, at('fp32Tflops'), positive),
    fp16ShaderTflops: readNullableNumber(obj.fp16ShaderTflops, at('fp16ShaderTflops'), positive),
    tensorFp16Tflops: readNullableNumber(obj.tensorFp16Tflops, at('tensorFp16Tflops'), positive),
    architecture: readNullableString(obj.architecture, at('architecture')),
    chip: readNullableString(obj.chip, at('chip')),
    computeCapability: readNullableString(obj.computeCapability, at('computeCapability')),
    releaseDate: readNullableString(obj.releaseDate, at('releaseDate')),
    busInterface: readNullableString(obj.busInterface, at('busInterface')),
    tdpW: readNullableNumber(obj.tdpW, at('tdpW'), positive),
    apple: readApple(obj.apple, at('apple')),
    source: readEntrySource(obj.source, at('source')),
  }
  checkEntryRules(entry, path)
  return entry
}

// Rules that tie fields together, so a consumer can rely on them without re-checking.
function checkEntryRules(entry: GpuEntry, path: string): void {
  const at = (key: string) => childPath(path, key)
  if (entry.releaseDate != null && !ISO_DATE.test(entry.releaseDate))
    throw new FieldProblem(at('releaseDate'), `must be an ISO date, got "${entry.releaseDate}"`)
  if ((entry.vendor === 'apple') !== (entry.apple != null))
    throw new FieldProblem(at('apple'), 'must be set exactly when vendor is apple')
  if ((entry.vendor === 'apple') !== (entry.memoryKind === 'unified'))
    throw new FieldProblem(at('memoryKind'), 'must be unified exactly when vendor is apple')
  if (entry.memoryKind !== 'shared' && entry.vramGiB == null)
    throw new FieldProblem(at('vramGiB'), `must be a number for ${entry.memoryKind} memory`)
  if (entry.apple != null && entry.vramGiB !== entry.apple.unifiedMemoryOptionsGiB[0])
    throw new FieldProblem(at('vramGiB'), 'must equal the smallest unified-memory option')
  for (const field of FIELDS_NEEDING_SOURCE) {
    const value = entry[field]
    const filled = Array.isArray(value) ? value.length > 0 : value != null
    if (filled && entry.source.fields[field] == null)
      throw new FieldProblem(childPath(at('source.fields'), field), 'must cite a source')
  }
}

function readVgpuProfile(value: unknown, path: string, ids: ReadonlySet<string>): VgpuProfile {
  const obj = readObject(value, path)
  const gpuId = readString(obj.gpuId, childPath(path, 'gpuId'))
  if (!ids.has(gpuId))
    throw new FieldProblem(childPath(path, 'gpuId'), `names no catalog GPU, got "${gpuId}"`)
  return {
    name: readString(obj.name, childPath(path, 'name')),
    gpuId,
    framebufferGiB: readNumber(obj.framebufferGiB, childPath(path, 'framebufferGiB'), {
      min: 0,
      minExclusive: true,
      max: 1024,
    }),
    sharing: readEnum(obj.sharing, childPath(path, 'sharing'), ['time-sliced', 'mig'] as const),
    source: readFactSource(obj.source, childPath(path, 'source')),
  }
}

// Two entries answering to the same normalised name would make resolution depend on file order.
function checkUniqueNames(gpus: readonly GpuEntry[]): void {
  const owner = new Map<string, string>()
  gpus.forEach((entry, i) => {
    for (const text of [entry.name, ...entry.aliases]) {
      const key = gpuNameKey(text)
      const previous = owner.get(key)
      if (previous != null && previous !== entry.id)
        throw new FieldProblem(
          childPath(childPath('gpus', i), 'aliases'),
          `"${text}" also names ${previous}`,
        )
      owner.set(key, entry.id)
    }
  })
}

/**
 * Checks a parsed catalog file and returns it typed. Throws InputFileError naming the file and
 * the path of the first bad field: `catalog/gpus.json: gpus[3].vramGiB must be a number ...`.
 */
export function validateGpuCatalog(json: unknown, origin = 'catalog/gpus.json'): GpuCatalog {
  try {
    const root = readObject(json, 'catalog')
    if (root.schemaVersion !== GPU_CATALOG_SCHEMA_VERSION)
      throw new FieldProblem('schemaVersion', `must be ${GPU_CATALOG_SCHEMA_VERSION}`)
    const gpus = readArray(root.gpus, 'gpus').map((g, i) => readEntry(g, childPath('gpus', i)))
    const ids = new Set<string>()
    gpus.forEach((g, i) => {
      if (ids.has(g.id))
        throw new FieldProblem(childPath(childPath('gpus', i), 'id'), 'is a duplicate')
      ids.add(g.id)
    })
    checkUniqueNames(gpus)
    const vgpuProfiles = readArray(root.vgpuProfiles ?? [], 'vgpuProfiles').map((p, i) =>
      readVgpuProfile(p, childPath('vgpuProfiles', i), ids),
    )
    return { schemaVersion: GPU_CATALOG_SCHEMA_VERSION, gpus, vgpuProfiles }
  } catch (error) {
    if (error instanceof FieldProblem)
      throw new InputFileError(`${origin}: ${error.message}`, { cause: error })
    throw error
  }
}
