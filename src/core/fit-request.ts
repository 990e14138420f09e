/**
 * The inputs of the fit engine: what to run, the data it is judged with, and an optional
 * calibration from this machine's own benchmark.
 */
import type { KvCacheType } from './fit-types.js'
import type { GpuCatalog } from './gpu-catalog.js'
import type { LlmModel, QuantizationType } from './model-catalog.js'
import type { Backend, SpeedEfficiency } from './speed-efficiency.js'

/** One model at one quantization and context. */
export interface FitRequest {
  readonly model: LlmModel
  /** A quantization name from catalog/quantizations.json (`Q4_K_M`, `Q8_0`, `F16`...). */
  readonly quant: string
  readonly contextTokens: number
  readonly kvCacheType: KvCacheType
  /** Prompt length for time to first token; default 512 (llama-bench pp512). */
  readonly promptTokens?: number
  /** Tokens already in the cache while generating; default 0 (llama-bench tg128). */
  readonly depthTokens?: number
  /** Force this many layers onto the GPUs (llama.cpp `-ngl`); default: as many as fit. */
  readonly gpuLayers?: number
  /** Force the backend; default from the GPU vendor (CUDA, ROCm, Metal, SYCL) or CPU. */
  readonly backend?: Backend
  /** Use only the first N GPUs (llama-bench runs on a subset); default all. */
  readonly maxGpus?: number
  /** Flash attention on (llama.cpp default `auto` turns it on for CUDA/Metal); default true. */
  readonly flashAttention?: boolean
}

/** Catalog data the engine reads; loaded once by the adapters. */
export interface FitData {
  readonly gpus: GpuCatalog
  readonly quants: readonly QuantizationType[]
  readonly efficiency: SpeedEfficiency
  /** The LLM catalog, to find the model named by `Calibration.llm`; optional. */
  readonly models?: readonly LlmModel[]
}

/**
 * This machine's own measurements. When present they replace datasheet figures and the speed
 * basis says `measured`: a bandwidth from a memory benchmark, and/or one llama-bench run of a model.
 */
export interface Calibration {
  readonly memoryBandwidthGBps?: number
  readonly llm?: {
    /** Catalog id of the model that was benchmarked. */
    readonly model: string
    /** Quantization of the benchmarked file; default Q4_K_M. */
    readonly quant?: string
    readonly promptTokensPerSec: number
    readonly generationTokensPerSec: number
  }
}
