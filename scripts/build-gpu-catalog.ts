/**
 * Builds catalog/gpus.json from the shared TechPowerUp dataset (../shared/data/gpu-specs.csv) plus
 * the hand-curated additions in catalog/gpus-extra.json (aliases as tools print them, PCI ids,
 * tensor TFLOPS with citations, entries missing from the dataset, Apple Silicon, vGPU profiles).
 *
 * Run: `npx tsx scripts/build-gpu-catalog.ts [path/to/gpu-specs.csv]`. The output is validated
 * with the same validateGpuCatalog the app uses, and formatted with the project's prettier config.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'
import {
  GPU_CATALOG_SCHEMA_VERSION,
  validateGpuCatalog,
  type CatalogGpuVendor,
  type FactSource,
  type GpuEntry,
  type VgpuProfile,
} from '../src/core/gpu-catalog.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const DEFAULT_CSV = join(ROOT, '..', 'shared', 'data', 'gpu-specs.csv')
const EXTRA = join(ROOT, 'catalog', 'gpus-extra.json')
const OUT = join(ROOT, 'catalog', 'gpus.json')
const DATASET =
  'gpu-specs.csv: TechPowerUp GPU database as scraped by github.com/reox007/RightNow-GPU-Database @77fae385 (2026-02-07)'

interface Override {
  readonly aliases?: string[]
  readonly pciIds?: string[]
  /** Where this entry's ids come from when pci.ids (extra.pciIdsSource) is too old to list them. */
  readonly pciIdsSource?: FactSource
  readonly tensorFp16Tflops?: { value: number; source: FactSource }
}
interface AppleVariant {
  readonly gpuCores: number
  readonly memoryBandwidthGBps: number
  readonly unifiedMemoryOptionsGiB: number[]
}
interface AppleChip {
  readonly chip: string
  readonly releaseDate: string
  readonly variants: AppleVariant[]
  readonly sources: { memoryBandwidthGBps: FactSource; apple: FactSource }
}
interface Extra {
  readonly pciIdsSource: FactSource
  readonly overrides: Record<string, Override>
  readonly entries: GpuEntry[]
  readonly appleChips: AppleChip[]
  readonly vgpuProfiles: VgpuProfile[]
}

/** RFC 4180 enough for this file: quoted fields may hold commas and doubled quotes. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = []
  let field = ''
  let row: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      field = ''
      if (row.some((f) => f !== '')) rows.push(row)
      row = []
    } else field += c
  }
  if (field !== '' || row.length > 0) rows.push([...row, field])
  const [header, ...body] = rows
  if (header == null) throw new Error('empty CSV')
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])))
}

const MEMORY_SUFFIX = / (\d+) GB$/

function makeId(csvName: string): string {
  return csvName
    .replace(/^GeForce /, '')
    .replace(/^Radeon (RX|Instinct) /, '$1 ')
    .replace(MEMORY_SUFFIX, ' $1gb')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

const VENDOR_WORD: Record<Exclude<CatalogGpuVendor, 'apple'>, string> = {
  nvidia: 'NVIDIA',
  amd: 'AMD',
  intel: 'Intel',
}

/** The forms tools and people use for one model name (`base` has no vendor word). */
function nameForms(vendor: Exclude<CatalogGpuVendor, 'apple'>, base: string): string[] {
  const forms = [`${VENDOR_WORD[vendor]} ${base}`, base]
  const add = (s: string | undefined) => {
    if (s != null && s !== '') forms.push(s)
  }
  if (vendor === 'nvidia') {
    const geforce = /^GeForce (.+)$/.exec(base)?.[1]
    add(geforce)
    add(/^(?:RTX|GTX) (\d{4}.*)$/.exec(geforce ?? '')?.[1])
    add(/^Tesla (.+)$/.exec(base)?.[1])
    add(/^Quadro (.+)$/.exec(base)?.[1])
    add(/^RTX (A\d{4}.*)$/.exec(base)?.[1])
    const pcieOnly = /^(A\d+) PCIe$/.exec(base)?.[1]
    if (pcieOnly != null) forms.push(pcieOnly, `NVIDIA ${pcieOnly}`)
  } else if (vendor === 'amd') {
    const rx = /^Radeon (RX .+)$/.exec(base)?.[1]
    add(rx)
    add(/^RX (.+)$/.exec(rx ?? '')?.[1])
    const instinct = /^Radeon Instinct (.+)$/.exec(base)?.[1]
    if (instinct != null) forms.push(`AMD Instinct ${instinct}`, `Instinct ${instinct}`, instinct)
    add(/^Radeon (?:AI )?PRO (.+)$/.exec(base)?.[1])
  } else {
    forms.push(`Intel ${base} Graphics`)
    const arc = /^Arc (.+)$/.exec(base)?.[1]
    if (arc != null) forms.push(arc, `Intel(R) Arc(TM) ${arc} Graphics`)
  }
  return forms
}

function num(cell: string | undefined): number | null {
  if (cell == null || cell.trim() === '') return null
  const n = Number(cell)
  return Number.isFinite(n) ? n : null
}

function text(cell: string | undefined): string | null {
  return cell == null || cell.trim() === '' ? null : cell.trim()
}

function rowToEntry(row: Record<string, string>, isFamilyDefault: boolean, extra: Extra): GpuEntry {
  const csvName = row.name ?? ''
  const vendor = (row.manufacturer ?? '').toLowerCase() as Exclude<CatalogGpuVendor, 'apple'>
  if (!(vendor in VENDOR_WORD)) throw new Error(`unknown manufacturer for ${csvName}`)
  const shortName = csvName.replace(MEMORY_SUFFIX, ' $1GB')
  const aliases = nameForms(vendor, shortName)
  if (isFamilyDefault) aliases.push(...nameForms(vendor, csvName.replace(MEMORY_SUFFIX, '')))
  const override = extra.overrides[csvName] ?? {}
  aliases.push(...(override.aliases ?? []))
  const name = `${VENDOR_WORD[vendor]} ${shortName}`
  const url = row.techpowerup_url ?? ''
  const fields: Record<string, FactSource> = {}
  const pciIds = override.pciIds ?? []
  if (pciIds.length > 0) fields.pciIds = override.pciIdsSource ?? extra.pciIdsSource
  let tensor: number | null = null
  if (override.tensorFp16Tflops != null) {
    tensor = override.tensorFp16Tflops.value
    fields.tensorFp16Tflops = override.tensorFp16Tflops.source
  } else if (vendor === 'nvidia' && text(row.tensor_cores) == null) {
    fields.tensorFp16Tflops = {
      url,
      note: 'no tensor cores (TechPowerUp lists none): prompt speed follows fp32Tflops',
    }
  } else if (vendor === 'amd' && /^GCN/.test(row.architecture ?? '')) {
    fields.tensorFp16Tflops = {
      url,
      note: 'GCN has no matrix cores; its FP16 figure is packed shader math (fp16ShaderTflops)',
    }
  }
  const vramGiB = num(row.memory_size_gb)
  return {
    id: makeId(csvName),
    name,
    vendor,
    aliases: [...new Set(aliases)].filter((a) => a !== name),
    pciIds,
    memoryKind: vramGiB == null ? 'shared' : 'dedicated',
    vramGiB,
    memoryType: text(row.memory_type),
    memoryBusBits: num(row.memory_bus_bits),
    memoryBandwidthGBps: num(row.memory_bandwidth_gb_s),
    fp32Tflops: num(row.fp32_tflops),
    fp16ShaderTflops: num(row.fp16_tflops_tpu_nontensor),
    tensorFp16Tflops: tensor,
    architecture: text(row.architecture),
    chip: text(row.gpu_chip),
    computeCapability: text(row.cuda_compute_capability),
    releaseDate: text(row.release_date),
    busInterface: text(row.bus_interface),
    tdpW: num(row.tdp_w),
    apple: null,
    source: { url, dataset: DATASET, fields },
  }
}

// Only the family's default variant answers to the name without memory ("RTX 3060" is the 12 GB).
// The default is the row named without memory if the dataset has one, else the largest memory.
function familyDefaults(rows: readonly Record<string, string>[], extra: Extra): Set<string> {
  const names = new Set(rows.map((r) => r.name ?? ''))
  const families = new Map<string, { name: string; mem: number }[]>()
  const sized = [
    ...rows.map((r) => ({ name: r.name ?? '', mem: num(r.memory_size_gb) ?? 0 })),
    ...extra.entries.map((e) => ({ name: e.name.replace(/^(?:NVIDIA|AMD|Intel) /, ''), mem: 0 })),
  ]
  for (const r of sized) {
    const family = r.name.replace(MEMORY_SUFFIX, '')
    if (family === r.name || names.has(family)) continue
    families.set(family, [...(families.get(family) ?? []), r])
  }
  const defaults = new Set<string>()
  for (const members of families.values()) {
    const best = [...members].sort((a, b) => b.mem - a.mem)[0]
    if (best != null) defaults.add(best.name)
  }
  return defaults
}

function appleEntries(chips: readonly AppleChip[]): GpuEntry[] {
  const entries: GpuEntry[] = []
  for (const chip of chips) {
    chip.variants.forEach((v, i) => {
      const full = `${chip.chip} (${v.gpuCores}-core GPU)`
      const aliases = [full, `Apple ${chip.chip} ${v.gpuCores}-core GPU`]
      // The smallest variant answers to the bare chip name: an estimate must not promise more.
      if (i === 0) aliases.push(`Apple ${chip.chip}`, chip.chip)
      entries.push({
        id: `apple-${chip.chip.toLowerCase().replace(/\s+/g, '-')}-${v.gpuCores}c`,
        name: `Apple ${full}`,
        vendor: 'apple',
        aliases,
        pciIds: [],
        memoryKind: 'unified',
        vramGiB: v.unifiedMemoryOptionsGiB[0] ?? null,
        memoryType: null,
        memoryBusBits: null,
        memoryBandwidthGBps: v.memoryBandwidthGBps,
        fp32Tflops: null,
        fp16ShaderTflops: null,
        tensorFp16Tflops: null,
        architecture: `Apple ${chip.chip.split(' ')[0]}`,
        chip: chip.chip,
        computeCapability: null,
        releaseDate: chip.releaseDate,
        busInterface: null,
        tdpW: null,
        apple: { gpuCores: v.gpuCores, unifiedMemoryOptionsGiB: v.unifiedMemoryOptionsGiB },
        source: {
          url: chip.sources.memoryBandwidthGBps.url,
          dataset: 'hand-curated (Apple Silicon is not in the TechPowerUp dataset)',
          fields: {
            memoryBandwidthGBps: chip.sources.memoryBandwidthGBps,
            vramGiB: chip.sources.apple,
            apple: chip.sources.apple,
          },
        },
      })
    })
  }
  return entries
}

async function main(): Promise<void> {
  const csvPath = process.argv[2] ?? DEFAULT_CSV
  const rows = parseCsv(await readFile(csvPath, 'utf8'))
  const extra = JSON.parse(await readFile(EXTRA, 'utf8')) as Extra
  for (const key of Object.keys(extra.overrides))
    if (!rows.some((r) => r.name === key)) throw new Error(`override for unknown CSV row "${key}"`)
  const defaults = familyDefaults(rows, extra)
  const gpus = [
    ...rows.map((r) => rowToEntry(r, defaults.has(r.name ?? ''), extra)),
    ...extra.entries,
    ...appleEntries(extra.appleChips),
  ]
  const catalog = validateGpuCatalog(
    { schemaVersion: GPU_CATALOG_SCHEMA_VERSION, gpus, vgpuProfiles: extra.vgpuProfiles },
    OUT,
  )
  const options = (await resolveConfig(OUT)) ?? {}
  await writeFile(OUT, await format(JSON.stringify(catalog), { ...options, parser: 'json' }))
  console.log(
    `wrote ${OUT}: ${catalog.gpus.length} GPUs, ${catalog.vgpuProfiles.length} vGPU profiles`,
  )
}

await main()
