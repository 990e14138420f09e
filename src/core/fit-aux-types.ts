/**
 * What the fit engine answers for image, speech and embedding models: the same top-level fields
 * as an LLM's FitResult where they apply (model, fits, placement, memory, speed with its basis,
 * level, reasons), with a speed figure of the model's own kind. Plain data, printed by
 * `fit --json` and `models --kind ... --json` and sent by GET /api/models.
 */
import type { FitLevel, MemoryBreakdown } from './fit-types.js'

/** The non-LLM kinds of the catalog. */
export type AuxKind = 'image' | 'speech' | 'embedding'

/**
 * Where it runs: all on one GPU; `partial-offload` (image pipelines only): the diffusion model and
 * VAE on the GPU, the text encoders in system RAM (stable-diffusion.cpp `--clip-on-cpu`, ComfyUI's
 * low-VRAM mode); the CPU; or nowhere.
 */
export type AuxPlacement = 'gpu' | 'partial-offload' | 'cpu' | 'none'

/** The figures a speed rests on, so a user can check them. */
export interface AuxSpeedBasis {
  /** The device that does the work (a GPU's name, or `CPU`). */
  readonly device: string
  readonly computeTflops: number
  readonly computeSource: string
  /** Share of the peak FLOPS reached: the engine's fitted prompt-processing efficiency. */
  readonly computeEfficiency: number
  /** Memory bandwidth, where the estimate reads weights per step (Whisper's decoder); else null. */
  readonly bandwidthGBps: number | null
  readonly bandwidthSource: string | null
  readonly bandwidthEfficiency: number | null
  /** The catalog/speed-efficiency.json entry the efficiencies come from. */
  readonly efficiencySource: string
  /** The published measurement the estimate is scaled from, when there is one. */
  readonly reference: string | null
  /** Always `catalog`: no benchmark of these kinds calibrates them yet. */
  readonly kind: 'catalog'
  readonly explanation: string
}

/** Image generation at the model's default size and steps (batch 1). */
export interface ImageSpeed {
  readonly kind: 'image'
  readonly secondsPerImage: number
  /** Sampler iterations (steps) per second. */
  readonly iterationsPerSec: number
  readonly width: number
  readonly height: number
  readonly steps: number
  readonly basis: AuxSpeedBasis
}

/** Transcription speed: seconds of compute per second of audio (below 1 is faster than real time). */
export interface SpeechSpeed {
  readonly kind: 'speech'
  readonly realTimeFactor: number
  readonly basis: AuxSpeedBasis
}

/** Embedding throughput (batched input, compute-bound). */
export interface EmbeddingSpeed {
  readonly kind: 'embedding'
  readonly tokensPerSec: number
  readonly basis: AuxSpeedBasis
}

/** One of the three speed figures. */
export type AuxSpeed = ImageSpeed | SpeechSpeed | EmbeddingSpeed

/** One file the memory estimate adds up. */
export interface AuxFile {
  /** `model` for Whisper and embedders, else the image pipeline role the file belongs to. */
  readonly role: 'diffusion' | 'text-encoder' | 'vae' | 'model'
  /** The networks the file holds: several for a single-file checkpoint. */
  readonly components: readonly string[]
  /** `fp16`, `fp8`, `Q4_K_S`, a whisper.cpp type (`Q5_0`), or `F16` derived from the parameters. */
  readonly format: string
  readonly repo: string | null
  /** Null when no published file was found and the size is derived (see `reasons`). */
  readonly file: string | null
  readonly sizeGiB: number
}

/** The answer for one image, speech or embedding model on one machine. */
export interface AuxFitResult {
  readonly model: { readonly id: string; readonly name: string; readonly kind: AuxKind }
  /** The format sized (for images, the diffusion model's); null when nothing could be sized. */
  readonly quant: string | null
  /** The formats the catalog publishes, best quality first: what `fit MODEL --quant` may name. */
  readonly formats: readonly string[]
  /** The files the memory estimate adds up; empty when unsized. */
  readonly files: readonly AuxFile[]
  /** Null when the catalog lacks a fact needed to decide (said in `reasons`). */
  readonly fits: boolean | null
  readonly placement: AuxPlacement
  /** Null when the catalog lacks a size; `kvCacheGiB` is always 0 (no KV cache to size). */
  readonly memory: MemoryBreakdown | null
  /** Null when it does not fit or a fact is missing. */
  readonly speed: AuxSpeed | null
  /** `unknown` when the catalog lacks a fact needed to decide. */
  readonly level: FitLevel | 'unknown'
  /** Why: one sentence each, most important first. */
  readonly reasons: readonly string[]
}
