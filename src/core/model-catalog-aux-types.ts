/**
 * Types of the non-LLM catalog entries: text-to-image pipelines (their component networks, the
 * files each is published in, default size and steps, and a cited speed), Whisper and embedders.
 */
import type { FileSize, GgufFile, ModelBase, ParamsFact } from './model-catalog-types.js'

/** The networks of an image pipeline. */
export type ImageRole = 'diffusion' | 'text-encoder' | 'vae'

/** How an image file stores its weights. */
export type ImageVariant = 'fp32' | 'fp16' | 'bf16' | 'fp8' | 'gguf'

/** One network of an image pipeline (diffusion model, text encoder, VAE). */
export interface ImageComponent {
  readonly role: ImageRole
  readonly name: string
  readonly paramsB: number | null
  readonly source: string | null
  readonly note?: string
}

/** A published image-model file (one component, one precision). */
export interface ImageFile extends FileSize {
  readonly component: ImageRole
  /** The component's `name` when its role has several (FLUX's T5 and CLIP); else null. */
  readonly componentName: string | null
  readonly variant: ImageVariant
  /** The GGUF type of a `gguf` file (`Q4_K_S`); null for the other variants. */
  readonly quant: string | null
  /** Roles packed into the same file besides its own (a single-file checkpoint). */
  readonly includes: readonly ImageRole[]
  readonly repo: string | null
  readonly file: string | null
  readonly source: string
  readonly note?: string
}

/** Default output size and sampling steps. */
export interface ImageDefaults {
  readonly width: number | null
  readonly height: number | null
  readonly steps: number | null
  readonly source: string | null
  readonly note?: string
}

/**
 * A published speed of this pipeline on one catalog GPU, the figure other devices are scaled from.
 * `derived` when no run of this model was found and the figure was worked out from a related
 * model's run (the note shows the arithmetic).
 */
export interface ImageSpeedReference {
  /** GPU catalog id of the card that ran it (`rtx-4090`). */
  readonly gpu: string
  readonly width: number
  readonly height: number
  readonly iterationsPerSec: number
  readonly basis: 'measured' | 'derived'
  /** Runtime and settings of the run, in a few words. */
  readonly setup: string
  readonly source: string
  readonly note?: string
}

/** A text-to-image model. */
export interface ImageModel extends ModelBase {
  readonly kind: 'image'
  readonly components: readonly ImageComponent[]
  readonly defaults: ImageDefaults
  readonly speedReference: ImageSpeedReference | null
  readonly files: readonly ImageFile[]
}

/** A published speech-model file (e.g. whisper.cpp ggml). */
export interface SpeechFile extends FileSize {
  readonly format: 'ggml' | 'gguf' | 'safetensors'
  readonly quant: string
  readonly repo: string
  readonly file: string
  readonly source: string
}

/** A speech-recognition model. */
export interface SpeechModel extends ModelBase {
  readonly kind: 'speech'
  readonly params: ParamsFact
  readonly architecture: {
    readonly encoderLayers: number | null
    readonly decoderLayers: number | null
    readonly source: string | null
    readonly note?: string
  }
  readonly files: readonly SpeechFile[]
}

/** A text-embedding model. */
export interface EmbeddingModel extends ModelBase {
  readonly kind: 'embedding'
  readonly params: ParamsFact
  readonly embedding: {
    readonly dimensions: number | null
    readonly maxTokens: number | null
    readonly source: string | null
    readonly note?: string
  }
  readonly files: readonly GgufFile[]
}
