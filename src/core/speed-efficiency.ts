/**
 * Efficiency factors: the share of datasheet bandwidth (decode) and FLOPS (prefill) that llama.cpp
 * reaches, per vendor and backend. The numbers live in catalog/speed-efficiency.json, written by
 * scripts/fit-efficiency.ts from the non-held-out rows of catalog/validation/measurements.csv.
 */
import { InputFileError } from './errors.js'

/** The llama.cpp backend that runs the model. */
export type Backend = 'cuda' | 'rocm' | 'vulkan' | 'metal' | 'sycl' | 'opencl' | 'cpu'

/** One fitted group: `vendor/backend` (e.g. `nvidia/cuda`), or `vendor/*` as a fallback. */
export interface EfficiencyEntry {
  readonly key: string
  /** Achieved / datasheet memory bandwidth while generating tokens. */
  readonly decode: number
  /** Fixed time per layer per token (kernel launches, synchronisation), in microseconds. */
  readonly decodeOverheadUsPerLayer: number
  /**
   * Achieved / datasheet FLOPS while processing a prompt. Can exceed 1 where the datasheet figure
   * is the shader FP32 rate but llama.cpp uses matrix engines (Intel XMX) or int8 dot products.
   */
  readonly prefill: number
  /** Measurement rows the factors were fitted on (0 = default, see `source`). */
  readonly rows: number
  readonly source: string
}

/** CPU-only figures, fitted the same way. */
export interface CpuEfficiency {
  readonly decode: number
  readonly prefill: number
  /**
   * Weight bytes one thread gets through per second per GHz of its clock: caps decode when few
   * threads run (one core is compute-bound on dequantisation, not memory-bound).
   */
  readonly perThreadGBpsPerGHz: number
  readonly rows: number
  readonly source: string
  /**
   * Per CPU family (cpuFamily in fit-cpu.ts), where the validation rows could fit one: its own
   * per-thread rate (how much a core gets through per clock depends on its SIMD units). The
   * bandwidth share and prefill figures stay the pooled ones: per-family versions predicted
   * unseen sources no better.
   */
  readonly families?: readonly CpuFamilyEfficiency[]
}

/** One CPU family's per-thread rate (`apple`, `arm`, `x86`). */
export interface CpuFamilyEfficiency {
  readonly family: string
  readonly perThreadGBpsPerGHz: number
  readonly rows: number
  readonly source: string
}

/** The CPU figures that apply to a family, and which entry gave them (`cpu`, `cpu/apple`). */
export function cpuEfficiencyFor(
  e: SpeedEfficiency,
  family: string,
): CpuEfficiency & { readonly key: string } {
  const own = e.cpu.families?.find((f) => f.family === family)
  if (own == null) return { ...e.cpu, key: 'cpu' }
  return { ...e.cpu, perThreadGBpsPerGHz: own.perThreadGBpsPerGHz, key: `cpu/${family}` }
}

/** One fitted multiplier with the rows it came from. */
export interface FittedFactor {
  readonly factor: number
  readonly rows: number
  readonly source: string
}

/** The whole catalog/speed-efficiency.json. */
export interface SpeedEfficiency {
  readonly schemaVersion: 1
  /** How the numbers were made (script, data, date), for `--explain`. */
  readonly derivation: string
  readonly entries: readonly EfficiencyEntry[]
  readonly cpu: CpuEfficiency
  /**
   * Mixture-of-experts decode runs below the dense rate on every device: the router, the top-k
   * selection and one small matrix-vector product per chosen expert (mul_mat_id) keep the memory
   * bus less busy than one large product. Time per token is divided by `factor` (<= 1 is slower).
   */
  readonly moeDecode: FittedFactor
  /** The same for prompt processing: each expert multiplies only the tokens routed to it. */
  readonly moePrefill: FittedFactor
  /**
   * Cost of one attention FLOP in prompt processing relative to one weight-matrix FLOP: the
   * QK^T / softmax / AV work over a long context runs well below the matrix units' peak, so a
   * 4096-token prompt slows down more than its FLOP count says.
   */
  readonly attentionPrefill: FittedFactor
  /**
   * Per-token prompt work that grows with the hidden size h rather than h^2 (norms, RoPE,
   * activations, the small kernels between the matrix products), in units of h: a layer's GPU
   * time is proportional to h^2 + factor x h, so a narrow model (TinyLlama, h = 2048) gets less
   * of the matrix units' peak than an 8B one (h = 4096). Factors above are for h = 4096. Absent
   * in tables written before it existed: 0.
   */
  readonly prefillWidthOverhead?: FittedFactor
  /** Used when no entry matches the vendor and backend. */
  readonly fallback: EfficiencyEntry
}

/**
 * The group a GPU's efficiency is fitted in: its vendor, except Apple's Max and Ultra chips,
 * whose GPUs cannot pull the full datasheet bandwidth of their wider memory buses: an M1 Max GPU
 * sustains about 340 of 400 GB/s in a pure read test and llama.cpp's Metal kernels reached 275 GB/s
 * (github.com/ggml-org/llama.cpp/pull/2188), while a base M1 GPU reaches its full 68 GB/s
 * (github.com/ggml-org/llama.cpp/pull/1642). One factor fitted over both tiers is wrong for each.
 */
export function efficiencyGroup(
  vendor: string,
  gpuName: string,
  memoryType: string | null = null,
): string {
  if (vendor === 'apple') return /\b(max|ultra)\b/i.test(gpuName) ? 'apple-max' : vendor
  // HBM boards (A100, H100, MI50, MI100...) pull a smaller share of their 4096- to 5120-bit
  // buses at batch 1: a matrix-vector product of one layer has too few blocks in flight to keep
  // every HBM channel busy. In the XiongjieDai tables an A100 80GB runs Llama 2 7B Q4_0 at
  // 136 t/s, about 0.5 of its 2039 GB/s, where a GDDR6X RTX 3090 reaches about 0.7 of 936 GB/s.
  return memoryType != null && /^HBM/i.test(memoryType) ? `${vendor}-hbm` : vendor
}

// Lookups memoised per loaded table: the ranking asks the same vendor/backend thousands of times.
const lookups = new WeakMap<SpeedEfficiency, Map<string, EfficiencyEntry>>()

/**
 * The key of a GPU architecture's own entry: `nvidia@Ampere/cuda`, `apple-max@Apple M1/metal`.
 * llama.cpp's kernels are tuned per architecture (Pascal has no tensor cores, RDNA 3 has WMMA,
 * Battlemage reworked Alchemist's memory path), so one generation can sit well above or below
 * its vendor's figure; the fit pulls each architecture towards its group by partial pooling.
 */
export function architectureKey(group: string, architecture: string, backend: string): string {
  return `${group}@${architecture}/${backend}`
}

/**
 * The entry for `group@architecture/backend`, else `group/backend`, else `group/*`, else
 * `vendor/backend`, else `vendor/*`, else the fallback. `group` (efficiencyGroup) defaults to the
 * vendor; `architecture` is the GPU catalog's (null when the GPU is not in it).
 */
export function efficiencyFor(
  e: SpeedEfficiency,
  vendor: string,
  backend: Backend,
  group: string = vendor,
  architecture: string | null = null,
): EfficiencyEntry {
  let memo = lookups.get(e)
  if (memo == null) {
    memo = new Map()
    lookups.set(e, memo)
  }
  const memoKey = `${group}|${vendor}/${backend}|${architecture ?? ''}`
  const hit = memo.get(memoKey)
  if (hit != null) return hit
  const order = [`${group}/${backend}`, `${group}/*`, `${vendor}/${backend}`, `${vendor}/*`]
  if (architecture != null) order.unshift(architectureKey(group, architecture, backend))
  let entry = e.fallback
  for (const key of order) {
    const found = e.entries.find((x) => x.key === key)
    if (found != null) {
      entry = found
      break
    }
  }
  memo.set(memoKey, entry)
  return entry
}

function fail(path: string, why: string): never {
  throw new InputFileError(`speed-efficiency.json: ${path}: ${why}`)
}

function factor(o: Record<string, unknown>, key: string, path: string, max = 2): number {
  const v = o[key]
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max)
    fail(`${path}.${key}`, `expected a number in [0, ${max}], got ${JSON.stringify(v)}`)
  return v
}

function text(o: Record<string, unknown>, key: string, path: string): string {
  const v = o[key]
  if (typeof v !== 'string' || v === '') fail(`${path}.${key}`, 'expected a non-empty string')
  return v
}

function record(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v == null || Array.isArray(v)) fail(path, 'expected an object')
  return v as Record<string, unknown>
}

function readEntry(v: unknown, path: string): EfficiencyEntry {
  const o = record(v, path)
  return {
    key: text(o, 'key', path),
    decode: factor(o, 'decode', path),
    decodeOverheadUsPerLayer: factor(o, 'decodeOverheadUsPerLayer', path, 10_000),
    prefill: factor(o, 'prefill', path, 10),
    rows: factor(o, 'rows', path, 1e6),
    source: text(o, 'source', path),
  }
}

function fitted(root: Record<string, unknown>, key: string, max: number): FittedFactor {
  const o = record(root[key], key)
  return {
    factor: factor(o, 'factor', key, max),
    rows: factor(o, 'rows', key, 1e6),
    source: text(o, 'source', key),
  }
}

function readFamilies(v: unknown): CpuFamilyEfficiency[] {
  if (!Array.isArray(v)) fail('cpu.families', 'expected an array')
  return v.map((x, i) => {
    const path = `cpu.families[${i}]`
    const o = record(x, path)
    return {
      family: text(o, 'family', path),
      perThreadGBpsPerGHz: factor(o, 'perThreadGBpsPerGHz', path, 1000),
      rows: factor(o, 'rows', path, 1e6),
      source: text(o, 'source', path),
    }
  })
}

/** Checks the parsed JSON and returns it typed; InputFileError names the first bad field. */
export function validateSpeedEfficiency(json: unknown): SpeedEfficiency {
  const root = record(json, 'root')
  if (root.schemaVersion !== 1) fail('schemaVersion', 'expected 1')
  if (!Array.isArray(root.entries)) fail('entries', 'expected an array')
  const cpu = record(root.cpu, 'cpu')
  return {
    schemaVersion: 1,
    derivation: text(root, 'derivation', 'root'),
    entries: root.entries.map((e, i) => readEntry(e, `entries[${i}]`)),
    cpu: {
      decode: factor(cpu, 'decode', 'cpu'),
      prefill: factor(cpu, 'prefill', 'cpu', 10),
      perThreadGBpsPerGHz: factor(cpu, 'perThreadGBpsPerGHz', 'cpu', 1000),
      rows: factor(cpu, 'rows', 'cpu', 1e6),
      source: text(cpu, 'source', 'cpu'),
      ...(cpu.families === undefined ? {} : { families: readFamilies(cpu.families) }),
    },
    moeDecode: fitted(root, 'moeDecode', 2),
    moePrefill: fitted(root, 'moePrefill', 2),
    attentionPrefill: fitted(root, 'attentionPrefill', 100),
    ...(root.prefillWidthOverhead === undefined
      ? {}
      : { prefillWidthOverhead: fitted(root, 'prefillWidthOverhead', 1e6) }),
    fallback: readEntry(root.fallback, 'fallback'),
  }
}
