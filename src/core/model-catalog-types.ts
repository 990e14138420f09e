/**
 * Types of the model catalog shared by every kind, the LLM entries and the GGUF quantization
 * table. Each fact group names its source; a value nobody could source is null, not a guess.
 */
import type { EmbeddingModel, ImageModel, SpeechModel } from './model-catalog-aux-types.js'

/** Model families' attention/FFN layout, as the fit engine needs to tell them apart. */
export type LlmArch =
  | 'llama'
  | 'mistral'
  | 'mixtral'
  | 'qwen2'
  | 'qwen3'
  | 'qwen3moe'
  | 'gemma2'
  | 'gemma3'
  | 'phi3'
  | 'gpt-oss'

/** Kinds of model the catalog holds. */
export type ModelKind = 'llm' | 'image' | 'speech' | 'embedding'

/** How a parameter count was obtained. */
export type ParamsMethod = 'config-arithmetic' | 'model-card'

/** Parameter counts in billions; `activeB` equals `totalB` for dense models. */
export interface ParamsFact {
  readonly totalB: number | null
  readonly activeB: number | null
  readonly method: ParamsMethod
  readonly source: string | null
  readonly note?: string
}

/** Transformer shape from the model's config.json. */
export interface LlmArchitecture {
  readonly arch: LlmArch
  readonly layers: number | null
  readonly hiddenSize: number | null
  readonly ffnSize: number | null
  readonly attentionHeads: number | null
  readonly kvHeads: number | null
  readonly headDim: number | null
  readonly vocabSize: number | null
  readonly maxContext: number | null
  readonly tiedEmbeddings: boolean | null
  readonly source: string | null
  readonly note?: string
}

/** Local (sliding-window) vs global attention layers; `pattern` is "a:b local:global" or "all local". */
export interface SlidingWindowLayout {
  readonly window: number
  readonly pattern: string
  readonly localLayers: number
  readonly globalLayers: number
  readonly source: string
  readonly note?: string
}

/** Mixture-of-experts routing: experts per MoE layer and how many each token uses. */
export interface MoeSpec {
  readonly expertsTotal: number
  readonly expertsActive: number
  readonly expertFfnSize: number
  readonly sharedExperts: number
  readonly source: string
  readonly note?: string
}

/** Licence (SPDX id or named licence such as "llama3.1", "gemma") and release date (YYYY[-MM[-DD]]). */
export interface LicenseFact {
  readonly id: string | null
  readonly releaseDate: string | null
  readonly source: string | null
}

/** A file size as published: exactly one of the size fields is set (decimal GB as HF displays it). */
export interface FileSize {
  readonly sizeBytes?: number | null
  readonly sizeGB?: number | null
  readonly sizeMiB?: number | null
  readonly sizeGiB?: number | null
}

/** One published GGUF file of an LLM. */
export interface GgufFile extends FileSize {
  readonly quant: string
  readonly repo: string
  readonly file: string
  readonly source: string
  readonly note?: string
}

/** Fields every catalog model has. */
export interface ModelBase {
  readonly id: string
  readonly name: string
  readonly family: string
  readonly hfRepo: string
  readonly aliases: readonly string[]
  readonly license: LicenseFact
}

/** A text-generation model. */
export interface LlmModel extends ModelBase {
  readonly kind: 'llm'
  readonly params: ParamsFact
  readonly architecture: LlmArchitecture
  readonly slidingWindow: SlidingWindowLayout | null
  readonly moe: MoeSpec | null
  readonly files: readonly GgufFile[]
}

/** One measured whole-file bits per weight. */
export interface BpwMeasurement extends FileSize {
  readonly model: string
  readonly paramsB: number
  readonly bpw: number
  readonly file: string
  readonly source: string
}

/** Whole-file bits per weight of a recipe, from real file sizes. */
export interface EffectiveBpw {
  readonly medianBpw: number
  readonly minBpw: number
  readonly maxBpw: number
  readonly method: string
  readonly measurements: readonly BpwMeasurement[]
}

/** A GGUF quantization type: the ggml block it is built from and what real files weigh. */
export interface QuantizationType {
  readonly name: string
  readonly kind: 'float' | 'block' | 'mix'
  readonly blockType: string
  readonly blockElements: number
  readonly blockBytes: number
  readonly blockBpw: number
  readonly nominalBpw: number | null
  readonly source: string
  readonly note?: string
  readonly effective: EffectiveBpw | null
}

/** The whole validated catalog. */
export interface ModelCatalog {
  readonly llm: readonly LlmModel[]
  readonly image: readonly ImageModel[]
  readonly speech: readonly SpeechModel[]
  readonly embedding: readonly EmbeddingModel[]
  readonly quantizations: readonly QuantizationType[]
}

/** Raw parsed JSON of the five catalog files, keyed like `ModelCatalog`. */
export interface RawModelCatalog {
  readonly llm: unknown
  readonly image: unknown
  readonly speech: unknown
  readonly embedding: unknown
  readonly quantizations: unknown
}
