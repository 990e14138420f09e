/**
 * How much memory a model needs: weights (real GGUF file sizes when the catalog has the file, else
 * parameters x the quantization's measured bits per weight), KV cache (GQA, sliding-window layers,
 * quantized cache), compute buffers and the runtime's fixed reserve. Sizes per layer, so placement
 * can split them over devices.
 */
import type { KvCacheType } from './fit-types.js'
import { fileSizeBytes, type LlmModel, type QuantizationType } from './model-catalog.js'

const GIB = 2 ** 30

/** Bytes per cache element: f16 2; q8_0 34 B per 32; q4_0 18 B per 32 (ggml block sizes). */
export const KV_BYTES_PER_ELEMENT: Readonly<Record<KvCacheType, number>> = {
  f16: 2,
  q8_0: 34 / 32,
  q4_0: 18 / 32,
}
/** llama.cpp default micro-batch (`-ub 512`), which sizes the compute buffers. */
export const UBATCH = 512
/** llama.cpp pads the KV cache to 256 cells (llama-context.cpp `n_ctx_pad`). */
const KV_PAD = 256
/**
 * Memory the CUDA/ROCm runtime takes outside llama.cpp's buffers: Ollama reserves 457 MiB per
 * GPU (ml/device.go `MinimumMemory`), 512 MiB for Metal.
 */
export const RESERVE_GIB = { cuda: 457 / 1024, metal: 512 / 1024 } as const
/** llama.cpp `--fit-target` leaves 1024 MiB free per device; less headroom than this is "tight". */
export const SAFETY_MARGIN_GIB = 1

/** One quantization's weights, split the way llama.cpp places them. */
export interface WeightSplit {
  readonly totalBytes: number
  /** Input embedding: stays in system RAM (llama.cpp keeps `token_embd` on the CPU). */
  readonly embedBytes: number
  /** Output head (plus norm): goes with the last layer onto the GPU. */
  readonly outputBytes: number
  /** Repeating blocks, each layer. */
  readonly layerBytes: number
  /** Of `layerBytes`, the MoE expert tensors (0 for dense models). */
  readonly expertBytesPerLayer: number
  /** Where the size came from: `file` (catalog GGUF) or `bpw` (params x measured bpw). */
  readonly basis: 'file' | 'bpw'
}

/** A model with its per-quant and per-token constants computed once. */
export interface PreparedModel {
  readonly model: LlmModel
  readonly layers: number
  /** Whether this quant can be sized (a file, or params and a measured bpw). */
  canWeigh(quant: string): boolean
  weights(quant: string): WeightSplit | null
  /** KV bytes for the whole model at `contextTokens`, and per layer on average. */
  kvBytes(contextTokens: number, type: KvCacheType): number
  /** f16-equivalent KV bytes one generated token reads at `depth`, summed over layers. */
  kvReadBytes(depthTokens: number, type: KvCacheType): number
  /** Compute buffer of one device holding layers. */
  computeBytes(contextTokens: number, flashAttention: boolean): number
  /** Active parameters excluding the embedding lookup, for FLOPs. */
  readonly activeParams: number
  readonly attentionHeads: number
  readonly headDim: number
  readonly missing: readonly string[]
}

function pad(n: number, to: number): number {
  return Math.ceil(n / to) * to
}

function bpwOf(q: QuantizationType): number {
  return q.effective?.medianBpw ?? q.nominalBpw ?? q.blockBpw
}

// Prepared models are pure functions of (model, quantization table): keep them per catalog object
// so repeated rankings (every page view, every what-if) reuse the per-quant weight splits.
const prepared = new WeakMap<LlmModel, WeakMap<readonly QuantizationType[], PreparedModel>>()

/** Precompute everything that does not depend on the machine (memoised per model and quant table). */
export function prepareModel(model: LlmModel, quants: readonly QuantizationType[]): PreparedModel {
  let byQuants = prepared.get(model)
  if (byQuants == null) {
    byQuants = new WeakMap()
    prepared.set(model, byQuants)
  }
  let p = byQuants.get(quants)
  if (p == null) {
    p = buildPrepared(model, quants)
    byQuants.set(quants, p)
  }
  return p
}

function buildPrepared(model: LlmModel, quants: readonly QuantizationType[]): PreparedModel {
  const a = model.architecture
  const missing: string[] = []
  if (model.params.totalB == null) missing.push('parameter count')
  if (a.layers == null) missing.push('layer count')
  const layers = a.layers ?? 32
  const hidden = a.hiddenSize ?? 4096
  const vocab = a.vocabSize ?? 32000
  const heads = a.attentionHeads ?? 32
  const kvHeads = a.kvHeads ?? heads
  const headDim = a.headDim ?? hidden / heads
  const totalParams = (model.params.totalB ?? 0) * 1e9
  const activeTotal = (model.params.activeB ?? model.params.totalB ?? 0) * 1e9
  const embedParams = vocab * hidden
  const outputParams = a.tiedEmbeddings === true ? 0 : embedParams
  const moe = model.moe
  // Each expert is a gated FFN: gate, up and down projections of hidden x expertFfnSize.
  const expertParamsPerLayer = moe == null ? 0 : moe.expertsTotal * 3 * hidden * moe.expertFfnSize
  const files = new Map<string, number>()
  for (const f of model.files) {
    const bytes = fileSizeBytes(f)
    if (Number.isFinite(bytes)) files.set(f.quant, bytes)
  }
  const bpw = new Map(quants.map((q) => [q.name, bpwOf(q)]))
  const cache = new Map<string, WeightSplit | null>()

  const sw = model.slidingWindow
  const localLayers = sw?.localLayers ?? 0
  const globalLayers = layers - localLayers
  const perTokenPerLayer = kvHeads * headDim * 2

  function split(quant: string): WeightSplit | null {
    const fileBytes = files.get(quant)
    const b = bpw.get(quant)
    if (totalParams <= 0 || (fileBytes == null && b == null)) return null
    const totalBytes = fileBytes ?? (totalParams * (b ?? 0)) / 8
    const perParam = totalBytes / totalParams
    const embedBytes = embedParams * perParam
    const outputBytes = outputParams * perParam
    const layerBytes = Math.max(0, totalBytes - embedBytes - outputBytes) / layers
    const expertBytesPerLayer = Math.min(layerBytes, expertParamsPerLayer * perParam)
    return {
      totalBytes,
      embedBytes,
      outputBytes,
      layerBytes,
      expertBytesPerLayer,
      basis: fileBytes != null ? 'file' : 'bpw',
    }
  }

  return {
    model,
    layers,
    missing,
    activeParams: Math.max(activeTotal - embedParams, activeTotal * 0.5),
    attentionHeads: heads,
    headDim,
    canWeigh: (q) => totalParams > 0 && (files.has(q) || bpw.has(q)),
    weights(quant) {
      if (!cache.has(quant)) cache.set(quant, split(quant))
      return cache.get(quant) ?? null
    },
    kvBytes(contextTokens, type) {
      const ctx = pad(contextTokens, KV_PAD)
      // Sliding-window layers keep only the window plus one micro-batch (llama.cpp SWA cache).
      const local = sw == null ? 0 : Math.min(ctx, pad(sw.window + UBATCH, KV_PAD))
      return (
        (globalLayers * ctx + localLayers * local) * perTokenPerLayer * KV_BYTES_PER_ELEMENT[type]
      )
    },
    kvReadBytes(depthTokens, type) {
      const local = sw == null ? 0 : Math.min(depthTokens, sw.window)
      return (
        (globalLayers * depthTokens + localLayers * local) *
        perTokenPerLayer *
        KV_BYTES_PER_ELEMENT[type]
      )
    },
    computeBytes(contextTokens, flashAttention) {
      const u = Math.min(UBATCH, contextTokens)
      // f32 buffers: logits (u x vocab), FFN activations (gate + up), and without flash attention
      // the KQ score matrix of one layer (u x ctx x heads); the allocator reuses memory between
      // them, so the largest wins (see ../shared/notes/fit-estimation.md section 3.3).
      const logits = 4 * u * (vocab + hidden)
      const ffn =
        4 *
        u *
        2 *
        (moe != null ? moe.expertFfnSize * moe.expertsActive : (a.ffnSize ?? 4 * hidden))
      const kq = flashAttention ? 0 : 4 * u * pad(contextTokens, KV_PAD) * heads
      return Math.max(logits, ffn, kq) + 4 * u * hidden * 4
    },
  }
}

/** Bytes to GiB. */
export function gib(bytes: number): number {
  return bytes / GIB
}
