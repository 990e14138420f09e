/**
 * Turns catalog/validation/measurements.csv into engine questions: each row becomes a FitRequest
 * (model, quant, context, forced GPU layers, backend) and a HardwareProfile (the row's GPUs or CPU).
 *
 * Model matching, in order:
 * 1. the row's family and parameter count name a catalog model (`llama3` 8B -> llama-3-8b-instruct);
 * 2. old "llama 7B/13B" rows are Llama 2 shapes, which the catalog holds as Vicuna v1.5 (a Llama 2
 *    fine-tune with the identical architecture);
 * 3. models the catalog lacks (TinyLlama 1.1B, Llama 2 70B, Mixtral 8x22B) are synthetic: the
 *    nearest catalog model of that family with the layer/head/vocab figures of the real model card;
 * 4. whenever the row prints llama-bench's `size`, the weights are that size (a catalog file entry
 *    of that quant is substituted), so the engine sizes exactly the file that was benchmarked.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadGpuCatalog } from '../src/adapters/catalog/load-gpu-catalog.js'
import { loadModelCatalog } from '../src/adapters/catalog/load-model-catalog.js'
import { parseCsvRecords, type CsvRecord } from '../src/adapters/catalog/parse-csv.js'
import type { FitData, FitRequest } from '../src/core/fit-request.js'
import type { GpuCatalog } from '../src/core/gpu-catalog.js'
import { resolveGpuName } from '../src/core/gpu-name.js'
import type { Gpu, HardwareProfile } from '../src/core/hardware.js'
import type { LlmModel, ModelCatalog } from '../src/core/model-catalog.js'
import { InputFileError } from '../src/core/errors.js'
import type { Backend, SpeedEfficiency } from '../src/core/speed-efficiency.js'
import { rtx3090Box } from '../src/core/test-hardware.js'
import {
  cpuSpecFor,
  DEVICE_RENAMES,
  hostSpecFor,
  VALIDATION_EXTRA_GPUS,
} from './validation-hardware.js'

const ROOT = new URL('../', import.meta.url)

/** One scored row. */
export interface Case {
  readonly row: CsvRecord
  readonly id: string
  /** The source as leave-one-source-out counts it (sourceOf). */
  readonly source: string
  readonly heldOut: boolean
  readonly vendor: string
  readonly kind: 'decode' | 'prefill'
  readonly measured: number | null
  readonly oom: boolean
  readonly req: FitRequest
  readonly hw: HardwareProfile
  readonly fileBytes: number | null
  /**
   * Why the row's speed cannot test the engine (its verdict still counts), or null. See
   * speedUnscoredWhy.
   */
  readonly speedUnscored: string | null
}

// llama.cpp dropped its OpenCL (CLBlast) backend in June 2024: release b3078 was the last with a
// clblast build (github.com/ggml-org/llama.cpp/issues/7768). The tool never picks it, so its rows
// measure a program no user of ours will run. (The later OpenCL backend targets Adreno phones.)
const RETIRED_BACKENDS = new Set(['OpenCL'])

/**
 * Rows whose speed rests on an input the source does not give, or on a program the tool never
 * recommends: their speed is left out of the error figures (and of the efficiency fit), never
 * their fit verdict. The rules look only at the row's own columns, never at the engine's answer.
 */
function speedUnscoredWhy(r: CsvRecord, layers: number, ngl: number | null): string | null {
  if (RETIRED_BACKENDS.has(r.backend ?? ''))
    return `${r.backend} backend, removed from llama.cpp in June 2024 (the tool never picks it)`
  // Layers left in system RAM run at the host's memory speed; a source that names no host CPU
  // gives the engine nothing to predict them from.
  if (r.vendor !== 'cpu' && ngl != null && ngl < layers && hostSpecFor(r.notes ?? '') == null)
    return `${layers - ngl} of ${layers} layers in system RAM of a host CPU the source does not name`
  return null
}

/** A measured run whose speed tests the engine (not out-of-memory, not speed-unscored). */
export function speedScored(c: Case): boolean {
  return c.measured != null && !c.oom && c.speedUnscored == null
}

/** A row the efficiency factors may be fitted on: speed-scored and not from a held-out source. */
export function fittable(c: Case): boolean {
  return !c.heldOut && speedScored(c)
}

/**
 * The source a row counts under: its thread (an issue or pull request), or for a file in a
 * repository the whole repository, so that several result files one author measured on one
 * machine are one source, never each other's training data.
 */
export function sourceOf(url: string): string {
  const file = /^(https:\/\/github\.com\/[^/]+\/[^/]+)\/blob\//.exec(url)
  return file?.[1] ?? url
}

function heldOutUrls(): Set<string> {
  const readme = readFileSync(new URL('catalog/validation/README.md', ROOT), 'utf8')
  const block = /```held-out\n([\s\S]*?)```/.exec(readme)?.[1] ?? ''
  return new Set(
    block
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  )
}

function byId(c: ModelCatalog, id: string): LlmModel {
  const m = c.llm.find((x) => x.id === id)
  if (m == null) throw new Error(`catalog has no ${id}`)
  return m
}

function synth(
  base: LlmModel,
  id: string,
  totalB: number,
  activeB: number,
  arch: Partial<LlmModel['architecture']>,
  moe?: Partial<NonNullable<LlmModel['moe']>>,
): LlmModel {
  return {
    ...base,
    id,
    name: id,
    params: { ...base.params, totalB, activeB },
    architecture: { ...base.architecture, ...arch },
    moe: base.moe == null ? null : { ...base.moe, ...moe },
    slidingWindow: null,
    files: [],
  }
}

function matchModel(c: ModelCatalog, r: CsvRecord): LlmModel {
  const fam = r.model_family ?? ''
  const p = Number(r.params_b || '0')
  const size = Number(r.file_size_gib || '0')
  const near = (x: number) => Math.abs(p - x) < 0.6
  switch (fam) {
    case 'llama3':
      return byId(c, p < 20 ? 'llama-3-8b-instruct' : 'llama-3-70b-instruct')
    case 'llama3.1':
      return byId(c, 'llama-3.1-8b-instruct')
    case 'llama3.2':
      return byId(c, p < 2 ? 'llama-3.2-1b-instruct' : 'llama-3.2-3b-instruct')
    case 'mistral':
      return byId(c, 'mistral-7b-instruct-v0.1')
    case 'mixtral':
      // Mixtral 8x22B (Mistral AI model card): 56 layers, 6144 hidden, 48 heads, 8 KV heads,
      // 32768 vocab, experts of 16384, 141 B total / 39 B active.
      return size > 60
        ? synth(
            byId(c, 'mixtral-8x7b-instruct-v0.1'),
            'mixtral-8x22b',
            140.6,
            39.2,
            {
              layers: 56,
              hiddenSize: 6144,
              attentionHeads: 48,
              kvHeads: 8,
              vocabSize: 32768,
              maxContext: 65536,
            },
            { expertFfnSize: 16384 },
          )
        : byId(c, 'mixtral-8x7b-instruct-v0.1')
    case 'tinyllama':
      // TinyLlama-1.1B config.json: 22 layers, 2048 hidden, 5632 FFN, 32 heads, 4 KV heads, 32000 vocab.
      return synth(byId(c, 'llama-3.2-1b-instruct'), 'tinyllama-1.1b', 1.1, 1.1, {
        layers: 22,
        hiddenSize: 2048,
        ffnSize: 5632,
        attentionHeads: 32,
        kvHeads: 4,
        headDim: 64,
        vocabSize: 32000,
        maxContext: 2048,
        tiedEmbeddings: false,
      })
    case 'qwen2.5':
      return byId(c, 'qwen2.5-14b-instruct')
    case 'deepseek-r1-distill-qwen':
      return byId(c, 'deepseek-r1-distill-qwen-7b')
    case 'gpt-oss':
      return byId(c, 'gpt-oss-20b')
    case 'qwen3-moe':
      return byId(c, 'qwen3-30b-a3b')
    case 'llama2':
      if (p > 30)
        // Llama 2 70B (Meta model card / config.json): Llama 3 70B's shape with a 32000 vocab.
        return synth(byId(c, 'llama-3-70b-instruct'), 'llama-2-70b', 68.98, 68.98, {
          vocabSize: 32000,
          maxContext: 4096,
        })
      return byId(c, p > 10 ? 'vicuna-13b-v1.5' : 'vicuna-7b-v1.5')
    default:
      if (near(1.24)) return byId(c, 'llama-3.2-1b-instruct')
      if (near(3) || near(3.21)) return byId(c, 'llama-3.2-3b-instruct')
      if (near(8)) return byId(c, 'llama-3.1-8b-instruct')
      if (near(7.24)) return byId(c, 'mistral-7b-instruct-v0.1')
      if (near(13)) return byId(c, 'vicuna-13b-v1.5')
      if (near(70))
        return synth(byId(c, 'llama-3-70b-instruct'), 'llama-2-70b', 68.98, 68.98, {
          vocabSize: 32000,
          maxContext: 4096,
        })
      return byId(c, 'vicuna-7b-v1.5')
  }
}

function withFile(m: LlmModel, quant: string, sizeGiB: number | null): LlmModel {
  if (sizeGiB == null) return m
  return {
    ...m,
    files: [
      {
        quant,
        sizeGiB,
        repo: 'validation/row',
        file: 'llama-bench size column',
        source: 'https://github.com/ggml-org/llama.cpp',
      },
    ],
  }
}

// The validation GPU entries alone: where a shared-memory iGPU row finds its platform's RAM
// bandwidth when the GPU catalog's own entry (which wins the name) has none.
const VALIDATION_PLATFORMS: GpuCatalog = {
  schemaVersion: 1,
  gpus: VALIDATION_EXTRA_GPUS,
  vgpuProfiles: [],
}

const BACKENDS: Readonly<Record<string, Backend>> = {
  CUDA: 'cuda',
  ROCm: 'rocm',
  Vulkan: 'vulkan',
  Metal: 'metal',
  SYCL: 'sycl',
  OpenCL: 'opencl',
  CPU: 'cpu',
}

function gpuOf(
  entryName: string,
  vendor: Gpu['vendor'],
  vramGiB: number,
  unified: boolean,
  gttGiB: number | null,
): Gpu {
  const mib = Math.round(vramGiB * 1024)
  return {
    vendor,
    name: entryName,
    vramMiB: mib,
    vramFreeMiB: mib,
    driver: null,
    cudaVersion: null,
    rocmVersion: null,
    busId: null,
    pciId: null,
    pcie: null,
    attachment: unified ? 'unified' : 'bare-metal',
    vgpuProfile: null,
    vgpuFramebufferMiB: null,
    // An iGPU's GTT as the source set it; else the engine takes the kernel default.
    ...(gttGiB != null ? { gttMiB: Math.round(gttGiB * 1024) } : {}),
    source: 'what-if',
  }
}

function hardwareOf(r: CsvRecord, gpus: GpuCatalog): HardwareProfile | null {
  const base = rtx3090Box()
  const ramGiB = Number(r.system_ram_gib || '0') || 64
  const threads = Number(r.cpu_threads || '0') || null
  if (r.vendor === 'cpu') {
    const spec = cpuSpecFor(r.device ?? '')
    if (spec == null) return null
    const cores = Math.min(spec.cores, threads ?? spec.cores)
    return {
      ...base,
      os: { ...base.os, platform: spec.darwin ? 'darwin' : 'linux' },
      cpu: {
        ...base.cpu,
        cores,
        threads: threads ?? cores,
        arch: spec.arch,
        simd: spec.simd,
        maxClockMHz: spec.clockGHz * 1000,
      },
      // The datasheet bandwidth expressed as one 8-byte channel at bandwidth/8 MT/s, so the
      // engine's channels x 8 B x MT/s rule reproduces it exactly.
      memory: {
        totalGiB: ramGiB,
        availableGiB: ramGiB * 0.9,
        type: spec.memory,
        speedMTs: (spec.bandwidthGBps * 1000) / 8,
        channels: 1,
      },
      gpus: [],
    }
  }
  const name = DEVICE_RENAMES[r.device ?? ''] ?? r.device ?? ''
  const e = resolveGpuName(gpus, name)
  if (e == null) return null
  const unified = e.memoryKind === 'unified'
  const vram = Number(r.vram_gib || '0') || e.vramGiB || (e.memoryKind === 'shared' ? 16 : 8)
  const count = Number(r.device_count || '1') || 1
  const host = hostSpecFor(r.notes ?? '')
  const gtt = Number(r.gtt_gib || '0') || null
  // A shared-memory iGPU reads the host's RAM, so the host RAM gets the platform's bandwidth from
  // its validation GPU entry (one 8-byte channel at bandwidth/8 MT/s, as for CPU rows).
  const platformGBps =
    e.memoryKind === 'shared'
      ? (e.memoryBandwidthGBps ?? resolveGpuName(VALIDATION_PLATFORMS, name)?.memoryBandwidthGBps)
      : null
  const list = Array.from({ length: count }, () => gpuOf(e.name, e.vendor, vram, unified, gtt))
  return {
    ...base,
    os: { ...base.os, platform: unified ? 'darwin' : 'linux' },
    memory: {
      ...base.memory,
      totalGiB: unified ? vram : ramGiB,
      availableGiB: unified ? vram * 0.9 : ramGiB * 0.9,
      ...(platformGBps != null
        ? { type: null, speedMTs: (platformGBps * 1000) / 8, channels: 1 }
        : {}),
    },
    cpu: {
      ...base.cpu,
      // Apple Silicon reports no clock to the probe; the chip is its own host.
      ...(unified ? { maxClockMHz: null, clockMHz: null } : {}),
      ...(host == null
        ? {}
        : {
            model: null,
            arch: host.arch,
            cores: host.cores,
            threads: host.cores,
            maxClockMHz: host.clockGHz * 1000,
          }),
      ...(threads != null ? { threads } : {}),
    },
    gpus: list,
  }
}

function testOf(t: string): { kind: 'decode' | 'prefill'; n: number } | null {
  const m = /^(pp|tg)(\d*)$/.exec(t)
  if (m == null) return null
  return {
    kind: m[1] === 'pp' ? 'prefill' : 'decode',
    n: Number(m[2] || '0') || (m[1] === 'pp' ? 512 : 128),
  }
}

// Columns every row needs for the engine question; a file without them would score 0 rows silently.
const REQUIRED_COLUMNS = [
  'id',
  'source_url',
  'vendor',
  'device',
  'test',
  'tokens_per_sec',
  'outcome',
]

/**
 * The rows of a measurements file. A missing or unreadable file, one without rows, or one lacking
 * a column the rows need is an InputFileError naming the file, never a stack trace or an empty
 * score.
 */
export function readMeasurements(path: string): CsvRecord[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable'
    throw new InputFileError(`${path}: cannot read the measurements file (${code})`)
  }
  const rows = parseCsvRecords(text, path)
  const first = rows[0]
  if (first == null) throw new InputFileError(`${path}: no measurement rows`)
  const missing = REQUIRED_COLUMNS.filter((c) => !(c in first))
  if (missing.length > 0)
    throw new InputFileError(`${path}: missing column(s) ${missing.join(', ')}`)
  return rows
}

/**
 * loadCases for the command-line scripts: a bad measurements file prints its one-line reason and
 * exits with 2.
 */
export async function loadCasesOrExit(): Promise<Loaded> {
  try {
    return await loadCases()
  } catch (err) {
    if (!(err instanceof InputFileError)) throw err
    console.error(err.message)
    process.exit(err.exitCode)
  }
}

/** Everything validation and fitting need. */
export interface Loaded {
  readonly cases: readonly Case[]
  readonly skipped: readonly { id: string; why: string }[]
  readonly data: Omit<FitData, 'efficiency'>
}

/** Load the catalogs and the measurements and map every row it can. */
export async function loadCases(): Promise<Loaded> {
  const base = await loadGpuCatalog()
  const gpus: GpuCatalog = { ...base, gpus: [...base.gpus, ...VALIDATION_EXTRA_GPUS] }
  const catalog = await loadModelCatalog()
  // VALIDATION_CSV reads another file of the same columns (a staging file while rows are added).
  const rows = readMeasurements(
    process.env.VALIDATION_CSV ??
      fileURLToPath(new URL('catalog/validation/measurements.csv', ROOT)),
  )
  const held = heldOutUrls()
  const cases: Case[] = []
  const skipped: { id: string; why: string }[] = []
  for (const r of rows) {
    const id = r.id ?? '?'
    const t = testOf(r.test ?? '')
    const hw = hardwareOf(r, gpus)
    if (t == null || hw == null) {
      skipped.push({ id, why: t == null ? `test ${r.test}` : `no hardware for ${r.device}` })
      continue
    }
    const sizeGiB = r.file_size_gib ? Number(r.file_size_gib) : null
    const model = withFile(matchModel(catalog, r), r.quant ?? 'Q4_0', sizeGiB)
    const depth = Number(r.context_depth || '0')
    const ngl = r.n_gpu_layers ? Number(r.n_gpu_layers) : null
    const layers = model.architecture.layers ?? 32
    const backend = BACKENDS[r.backend ?? ''] ?? 'cpu'
    const req: FitRequest = {
      model,
      quant: r.quant ?? 'Q4_0',
      // llama-bench sizes the context to the test: prompt (or generated) tokens plus the depth.
      contextTokens: t.n + depth,
      kvCacheType: 'f16',
      promptTokens: t.kind === 'prefill' ? t.n : 512,
      depthTokens: t.kind === 'prefill' ? depth : depth + t.n / 2,
      gpuLayers: r.vendor === 'cpu' ? 0 : Math.min(ngl ?? layers, layers),
      backend,
      maxGpus: Number(r.device_count || '1') || 1,
      // Flash attention was off by default before llama.cpp's `-fa auto` (Aug 2025): an empty
      // column means off.
      flashAttention: r.flash_attn === '1',
    }
    const measured = r.tokens_per_sec ? Number(r.tokens_per_sec) : null
    cases.push({
      row: r,
      id,
      source: sourceOf(r.source_url ?? ''),
      heldOut: held.has(r.source_url ?? ''),
      vendor: r.vendor ?? '?',
      kind: t.kind,
      measured,
      oom: r.outcome === 'oom',
      req,
      hw,
      fileBytes: sizeGiB != null ? sizeGiB * 2 ** 30 : null,
      speedUnscored: speedUnscoredWhy(r, layers, ngl),
    })
  }
  return { cases, skipped, data: { gpus, quants: catalog.quantizations } }
}

/** Reads catalog/speed-efficiency.json (validated). */
export async function loadEfficiency(): Promise<SpeedEfficiency> {
  const { validateSpeedEfficiency } = await import('../src/core/speed-efficiency.js')
  return validateSpeedEfficiency(
    JSON.parse(readFileSync(new URL('catalog/speed-efficiency.json', ROOT), 'utf8')),
  )
}
