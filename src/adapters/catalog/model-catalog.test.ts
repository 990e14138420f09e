import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { InputFileError } from '../../core/errors.js'
import { fileSizeBytes, validateModelCatalog } from '../../core/model-catalog.js'
import { findPackageRoot, loadModelCatalog, MODEL_CATALOG_FILES } from './load-model-catalog.js'

const root = findPackageRoot()

/** Just the parts of the raw JSON the tests below edit. */
interface RawLlm {
  id: string
  aliases: string[]
  params: { activeB: number | null }
  architecture: { source: string | null; kvHeads: number | null; layers: number | null }
  files: { quant: string }[]
  slidingWindow: { globalLayers: number; pattern: string } | null
  moe: unknown
}
interface Raw {
  llm: { models: RawLlm[] }
  image: { models: { license: { releaseDate: string | null } }[] }
  speech: { models: { files: { sizeGB?: number }[] }[] }
  embedding: unknown
  quantizations: { types: { blockBpw: number }[] }
}

function rawCatalog(): Raw {
  const read = (rel: string): unknown => JSON.parse(readFileSync(join(root, rel), 'utf8'))
  return {
    llm: read(MODEL_CATALOG_FILES.llm),
    image: read(MODEL_CATALOG_FILES.image),
    speech: read(MODEL_CATALOG_FILES.speech),
    embedding: read(MODEL_CATALOG_FILES.embedding),
    quantizations: read(MODEL_CATALOG_FILES.quantizations),
  } as Raw
}

function llm(r: Raw, id: string): RawLlm {
  const m = r.llm.models.find((x) => x.id === id)
  if (m == null) throw new Error(`test needs ${id} in the catalog`)
  return m
}

function at<T>(items: readonly T[], i: number): T {
  const x = items[i]
  if (x === undefined) throw new Error(`test needs item ${i}`)
  return x
}

/** The real catalog with one edit applied, to show which path a bad value is reported at. */
function broken(edit: (raw: Raw) => void): () => unknown {
  const raw = rawCatalog()
  edit(raw)
  return () => validateModelCatalog(raw)
}

describe('real catalog files', () => {
  it('load, validate and hold the required models', async () => {
    const c = await loadModelCatalog()
    expect(c.llm.length).toBeGreaterThanOrEqual(45)
    expect(c.image.length).toBeGreaterThanOrEqual(6)
    expect(c.speech.length).toBeGreaterThanOrEqual(6)
    expect(c.embedding.length).toBeGreaterThanOrEqual(3)
    const ids = new Set(c.llm.map((m) => m.id))
    for (const id of [
      'llama-3-8b-instruct',
      'llama-3.1-70b-instruct',
      'llama-3.2-1b-instruct',
      'llama-3.3-70b-instruct',
      'qwen2.5-0.5b-instruct',
      'qwen2.5-72b-instruct',
      'qwen3-0.6b',
      'qwen3-32b',
      'qwen3-30b-a3b',
      'mistral-7b-instruct-v0.3',
      'mistral-nemo-12b-instruct-2407',
      'mixtral-8x7b-instruct-v0.1',
      'gemma-2-27b-it',
      'gemma-3-27b-it',
      'phi-3-mini-4k-instruct',
      'phi-3.5-mini-instruct',
      'phi-4',
      'deepseek-r1-distill-qwen-1.5b',
      'deepseek-r1-distill-llama-70b',
      'gpt-oss-20b',
      'gpt-oss-120b',
      'vicuna-7b-v1.5',
      'vicuna-13b-v1.5',
    ])
      expect(ids).toContain(id)
    expect(c.llm.filter((m) => m.moe != null).map((m) => m.id)).toEqual(
      expect.arrayContaining([
        'qwen3-30b-a3b',
        'mixtral-8x7b-instruct-v0.1',
        'gpt-oss-20b',
        'gpt-oss-120b',
      ]),
    )
    expect(c.image.map((m) => m.id)).toEqual(
      expect.arrayContaining([
        'sd-1.5',
        'sdxl-base-1.0',
        'sd-3.5-medium',
        'sd-3.5-large',
        'flux-1-schnell',
        'flux-1-dev',
      ]),
    )
    expect(c.speech.map((m) => m.id)).toEqual(
      expect.arrayContaining([
        'whisper-tiny',
        'whisper-base',
        'whisper-small',
        'whisper-medium',
        'whisper-large-v3',
        'whisper-large-v3-turbo',
      ]),
    )
  })

  it('caches per root', async () => {
    expect(loadModelCatalog()).toBe(loadModelCatalog())
    await loadModelCatalog()
  })

  it('parameter arithmetic matches published totals', async () => {
    const c = await loadModelCatalog()
    const total = (id: string) => c.llm.find((m) => m.id === id)?.params.totalB
    expect(total('llama-3.1-8b-instruct')).toBe(8.03)
    expect(total('qwen2.5-72b-instruct')).toBe(72.706) // 72,706,203,648 counted from the safetensors
    expect(total('phi-3-mini-4k-instruct')).toBe(3.821) // keras-hub preset: 3,821,079,552
  })

  it('quantizations carry ggml block bpw and real-file bpw', async () => {
    const q = new Map((await loadModelCatalog()).quantizations.map((t) => [t.name, t]))
    expect(q.get('Q4_K_M')?.blockBpw).toBe(4.5)
    expect(q.get('Q8_0')?.blockBpw).toBe(8.5)
    expect(q.get('Q6_K')?.blockBpw).toBe(6.5625)
    expect(q.get('MXFP4')?.blockBpw).toBe(4.25)
    const q4 = q.get('Q4_K_M')?.effective?.medianBpw ?? 0
    expect(q4).toBeGreaterThan(4.7)
    expect(q4).toBeLessThan(5.1)
  })

  it('converts published sizes to bytes', () => {
    expect(fileSizeBytes({ sizeGB: 4.92 })).toBe(4.92e9)
    expect(fileSizeBytes({ sizeMiB: 75 })).toBe(75 * 2 ** 20)
    expect(fileSizeBytes({ sizeBytes: 123 })).toBe(123)
  })
})

describe('validateModelCatalog', () => {
  it.each<[string, (r: Raw) => void, string]>([
    [
      'a missing source',
      (r) => (at(r.llm.models, 0).architecture.source = null),
      'llm.models[0].architecture.source',
    ],
    [
      'KV heads that do not divide heads',
      (r) => (at(r.llm.models, 0).architecture.kvHeads = 7),
      'llm.models[0].architecture.kvHeads',
    ],
    [
      'active above total',
      (r) => (at(r.llm.models, 0).params.activeB = 99),
      'llm.models[0].params.activeB',
    ],
    [
      'a duplicate id',
      (r) => (at(r.llm.models, 1).id = at(r.llm.models, 0).id),
      'llm.models[1].id',
    ],
    [
      'an alias shared by two models',
      (r) => at(r.llm.models, 1).aliases.push(at(at(r.llm.models, 0).aliases, 0)),
      'llm.models[1].aliases[',
    ],
    [
      'a negative layer count',
      (r) => (at(r.llm.models, 2).architecture.layers = -1),
      'llm.models[2].architecture.layers',
    ],
    [
      'an unknown quant on a file',
      (r) => (at(at(r.llm.models, 2).files, 0).quant = 'Q9_X'),
      'llm.models[2].files[0].quant',
    ],
    [
      'a sliding layout that does not add up',
      (r) => {
        const s = llm(r, 'gemma-3-12b-it').slidingWindow
        if (s != null) s.globalLayers += 1
      },
      '.slidingWindow.',
    ],
    [
      'a malformed pattern',
      (r) => {
        const s = llm(r, 'gemma-2-9b-it').slidingWindow
        if (s != null) s.pattern = 'every other'
      },
      '.slidingWindow.pattern',
    ],
    [
      'MoE arch without a moe block',
      (r) => (llm(r, 'mixtral-8x7b-instruct-v0.1').moe = null),
      '.moe',
    ],
    [
      'a wrong block bpw',
      (r) => (at(r.quantizations.types, 0).blockBpw = 31),
      'quantizations.types[0].blockBpw',
    ],
    [
      'a file with two sizes',
      (r) => (at(at(r.speech.models, 0).files, 0).sizeGB = 1),
      'speech.models[0].files[0].sizeBytes',
    ],
    [
      'a bad release date',
      (r) => (at(r.image.models, 0).license.releaseDate = '2024-13-01'),
      'image.models[0].license.releaseDate',
    ],
  ])('rejects %s with the JSON path', (_what, edit, path) => {
    const run = broken(edit)
    expect(run).toThrow(InputFileError)
    expect(run).toThrow(path)
  })
})

describe('loadModelCatalog', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('reports a file that is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-catalog-'))
    dirs.push(dir)
    mkdirSync(join(dir, 'catalog', 'models'), { recursive: true })
    for (const rel of Object.values(MODEL_CATALOG_FILES))
      writeFileSync(join(dir, rel), '{ not json')
    await expect(loadModelCatalog({ root: dir })).rejects.toThrow(/\.json: not valid JSON \(/)
  })

  it('reports a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-catalog-'))
    dirs.push(dir)
    await expect(loadModelCatalog({ root: dir })).rejects.toThrow(InputFileError)
  })
})
