import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseCsvRecords, type CsvRecord } from './parse-csv.js'

// The published measurements that `npm run validate` scores the fit-and-speed engine against.
const csvPath = fileURLToPath(
  new URL('../../../catalog/validation/measurements.csv', import.meta.url),
)
const readmePath = fileURLToPath(new URL('../../../catalog/validation/README.md', import.meta.url))
const rows = parseCsvRecords(readFileSync(csvPath, 'utf8'), 'measurements.csv')

const COLUMNS = [
  'id',
  'source_url',
  'source_title',
  'posted_date',
  'hardware_kind',
  'vendor',
  'device',
  'device_count',
  'vram_gib',
  'gtt_gib',
  'system_ram_gib',
  'cpu_threads',
  'backend',
  'n_gpu_layers',
  'model',
  'model_family',
  'params_b',
  'quant',
  'file_size_gib',
  'test',
  'tokens_per_sec',
  'stddev',
  'flash_attn',
  'context_depth',
  'llama_cpp_build',
  'outcome',
  'notes',
]

/** Inclusive numeric bounds per column; `int` columns must also be whole numbers. */
const RANGES: Record<string, { min: number; max: number; int?: boolean }> = {
  device_count: { min: 1, max: 16, int: true },
  // An iGPU's BIOS carve-out can be 0.5 GiB.
  vram_gib: { min: 0.25, max: 512 },
  gtt_gib: { min: 0.5, max: 4096 },
  system_ram_gib: { min: 1, max: 4096 },
  cpu_threads: { min: 1, max: 512, int: true },
  n_gpu_layers: { min: 0, max: 1000, int: true },
  params_b: { min: 0.1, max: 1000 },
  file_size_gib: { min: 0.1, max: 1024 },
  tokens_per_sec: { min: 0.1, max: 100_000 },
  stddev: { min: 0, max: 100_000 },
  flash_attn: { min: 0, max: 1, int: true },
  context_depth: { min: 0, max: 1_000_000, int: true },
}

const count = (pred: (r: CsvRecord) => boolean): number => rows.filter(pred).length
const col = (r: CsvRecord, name: string): string => r[name] ?? ''

describe('catalog/validation/measurements.csv', () => {
  it('has the agreed columns and at least 150 rows with unique ids', () => {
    expect(Object.keys(rows[0] ?? {})).toEqual(COLUMNS)
    expect(rows.length).toBeGreaterThanOrEqual(150)
    expect(new Set(rows.map((r) => col(r, 'id'))).size).toBe(rows.length)
  })

  it('traces every row to an https source with a title', () => {
    for (const r of rows) {
      const url = new URL(col(r, 'source_url'))
      expect(url.protocol, col(r, 'id')).toBe('https:')
      expect(col(r, 'source_title'), col(r, 'id')).not.toBe('')
    }
  })

  it('keeps numbers in range and dates well formed', () => {
    for (const r of rows) {
      for (const [name, range] of Object.entries(RANGES)) {
        const text = col(r, name)
        if (text === '') continue
        const value = Number(text)
        const where = `${col(r, 'id')} ${name}=${text}`
        expect(Number.isFinite(value), where).toBe(true)
        expect(value, where).toBeGreaterThanOrEqual(range.min)
        expect(value, where).toBeLessThanOrEqual(range.max)
        if (range.int === true) expect(Number.isInteger(value), where).toBe(true)
      }
      expect(col(r, 'posted_date'), col(r, 'id')).toMatch(/^$|^\d{4}-\d{2}(-\d{2})?$/)
      expect(col(r, 'test'), col(r, 'id')).toMatch(/^(pp|tg)(\d+)?$/)
    }
  })

  it('uses the known kinds, vendors and backends consistently', () => {
    for (const r of rows) {
      const id = col(r, 'id')
      const kind = col(r, 'hardware_kind')
      const vendor = col(r, 'vendor')
      const backend = col(r, 'backend')
      expect(['gpu', 'cpu', 'apple'], id).toContain(kind)
      expect(['nvidia', 'amd', 'intel', 'apple', 'cpu'], id).toContain(vendor)
      expect(['CUDA', 'ROCm', 'Vulkan', 'Metal', 'SYCL', 'OpenCL', 'CPU'], id).toContain(backend)
      // A CPU-only run names no GPU vendor; an Apple GPU run is always Metal.
      expect(kind === 'cpu', id).toBe(vendor === 'cpu')
      expect(kind === 'cpu', id).toBe(backend === 'CPU')
      if (kind === 'apple') expect([vendor, backend], id).toEqual(['apple', 'Metal'])
    }
  })

  it('gives a speed for every ok row and none for out-of-memory rows', () => {
    for (const r of rows) {
      const outcome = col(r, 'outcome')
      expect(['ok', 'oom'], col(r, 'id')).toContain(outcome)
      expect(col(r, 'tokens_per_sec') === '', col(r, 'id')).toBe(outcome === 'oom')
    }
    expect(count((r) => col(r, 'outcome') === 'oom')).toBeGreaterThanOrEqual(10)
  })

  it('covers NVIDIA, AMD, Apple and CPU-only hardware from several threads', () => {
    for (const vendor of ['nvidia', 'amd', 'apple', 'cpu', 'intel']) {
      expect(
        count((r) => col(r, 'vendor') === vendor),
        vendor,
      ).toBeGreaterThan(0)
    }
    expect(count((r) => col(r, 'vendor') === 'amd')).toBeGreaterThanOrEqual(15)
    expect(count((r) => col(r, 'vendor') === 'cpu')).toBeGreaterThanOrEqual(15)
    expect(new Set(rows.map((r) => col(r, 'source_url'))).size).toBeGreaterThanOrEqual(3)
  })

  it('holds out about a third of the rows by whole sources, as README.md lists', () => {
    const readme = readFileSync(readmePath, 'utf8')
    const block = /```held-out\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
    const heldOut = block.split('\n').filter((line) => line.startsWith('https://'))
    expect(heldOut.length).toBeGreaterThanOrEqual(2)
    const sources = new Set(rows.map((r) => col(r, 'source_url')))
    for (const url of heldOut) expect(sources.has(url), url).toBe(true)
    const share = count((r) => heldOut.includes(col(r, 'source_url'))) / rows.length
    expect(share).toBeGreaterThan(0.25)
    expect(share).toBeLessThan(0.45)
  })
})
