/**
 * GGUF and ggml type tables, and the shape of what the header reader returns.
 * Sources: the GGUF spec (github.com/ggml-org/ggml/blob/master/docs/gguf.md) for the value types
 * and layout; ggml/include/ggml.h and ggml/src/ggml-common.h of llama.cpp for tensor type ids
 * and block sizes; include/llama.h (`enum llama_ftype`) for `general.file_type`.
 */

/** Metadata value types, by the id the file stores. */
export const GGUF_VALUE_TYPES = [
  'uint8',
  'int8',
  'uint16',
  'int16',
  'uint32',
  'int32',
  'float32',
  'bool',
  'string',
  'array',
  'uint64',
  'int64',
  'float64',
] as const

/** A metadata value type name, e.g. `uint32`. */
export type GgufValueType = (typeof GGUF_VALUE_TYPES)[number]

/** Bytes of one value of a fixed-size type; strings and arrays are variable. */
export const GGUF_VALUE_BYTES: Readonly<Record<GgufValueType, number | null>> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  bool: 1,
  string: null,
  array: null,
  uint64: 8,
  int64: 8,
  float64: 8,
}

/** One ggml tensor type: `blockElements` weights are stored in `blockBytes` bytes. */
export interface GgmlTypeInfo {
  readonly id: number
  readonly name: string
  readonly blockElements: number
  readonly blockBytes: number
  /** Removed from llama.cpp: old files may still carry it. */
  readonly legacy?: boolean
}

function t(
  id: number,
  name: string,
  blockElements: number,
  blockBytes: number,
  legacy?: boolean,
): GgmlTypeInfo {
  return legacy === true
    ? { id, name, blockElements, blockBytes, legacy }
    : { id, name, blockElements, blockBytes }
}

/**
 * Every ggml tensor type a GGUF file can hold. Block bytes follow the `block_*` structs of
 * ggml-common.h, e.g. Q4_K: two f16 scales + 12 scale bytes + 128 nibble bytes per 256 weights.
 */
export const GGML_TYPES: readonly GgmlTypeInfo[] = [
  t(0, 'F32', 1, 4),
  t(1, 'F16', 1, 2),
  t(2, 'Q4_0', 32, 18),
  t(3, 'Q4_1', 32, 20),
  t(6, 'Q5_0', 32, 22),
  t(7, 'Q5_1', 32, 24),
  t(8, 'Q8_0', 32, 34),
  t(9, 'Q8_1', 32, 36),
  t(10, 'Q2_K', 256, 84),
  t(11, 'Q3_K', 256, 110),
  t(12, 'Q4_K', 256, 144),
  t(13, 'Q5_K', 256, 176),
  t(14, 'Q6_K', 256, 210),
  t(15, 'Q8_K', 256, 292),
  t(16, 'IQ2_XXS', 256, 66),
  t(17, 'IQ2_XS', 256, 74),
  t(18, 'IQ3_XXS', 256, 98),
  t(19, 'IQ1_S', 256, 50),
  t(20, 'IQ4_NL', 32, 18),
  t(21, 'IQ3_S', 256, 110),
  t(22, 'IQ2_S', 256, 82),
  t(23, 'IQ4_XS', 256, 136),
  t(24, 'I8', 1, 1),
  t(25, 'I16', 1, 2),
  t(26, 'I32', 1, 4),
  t(27, 'I64', 1, 8),
  t(28, 'F64', 1, 8),
  t(29, 'IQ1_M', 256, 56),
  t(30, 'BF16', 1, 2),
  // Interleaved Q4_0 repacks: same bytes per block as Q4_0; llama.cpp now repacks at load time.
  t(31, 'Q4_0_4_4', 32, 18, true),
  t(32, 'Q4_0_4_8', 32, 18, true),
  t(33, 'Q4_0_8_8', 32, 18, true),
  t(34, 'TQ1_0', 256, 54),
  t(35, 'TQ2_0', 256, 66),
  t(36, 'IQ4_NL_4_4', 32, 18, true),
  t(37, 'IQ4_NL_4_8', 32, 18, true),
  t(38, 'IQ4_NL_8_8', 32, 18, true),
  t(39, 'MXFP4', 32, 17),
  // Four e4m3 scale bytes and 32 nibble bytes per 64 weights.
  t(40, 'NVFP4', 64, 36),
]

const BY_ID = new Map(GGML_TYPES.map((x) => [x.id, x]))
const BY_NAME = new Map(GGML_TYPES.map((x) => [x.name, x]))

/** The ggml type with this id, or undefined for an id this table does not know. */
export function ggmlTypeById(id: number): GgmlTypeInfo | undefined {
  return BY_ID.get(id)
}

/** The ggml type with this name (`Q4_K`), or undefined. */
export function ggmlTypeByName(name: string): GgmlTypeInfo | undefined {
  return BY_NAME.get(name)
}

/** Tensor types the writer can produce. */
export type GgmlWriteType = 'F32' | 'F16' | 'Q8_0'

/**
 * `general.file_type` ids (llama.cpp `enum llama_ftype`) and the names llama-quantize uses.
 * MXFP4_MOE is named MXFP4 here, as the model catalog names the quantization.
 */
export const LLAMA_FILE_TYPES: Readonly<Record<number, string>> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  4: 'Q4_1_SOME_F16',
  7: 'Q8_0',
  8: 'Q5_0',
  9: 'Q5_1',
  10: 'Q2_K',
  11: 'Q3_K_S',
  12: 'Q3_K_M',
  13: 'Q3_K_L',
  14: 'Q4_K_S',
  15: 'Q4_K_M',
  16: 'Q5_K_S',
  17: 'Q5_K_M',
  18: 'Q6_K',
  19: 'IQ2_XXS',
  20: 'IQ2_XS',
  21: 'Q2_K_S',
  22: 'IQ3_XS',
  23: 'IQ3_XXS',
  24: 'IQ1_S',
  25: 'IQ4_NL',
  26: 'IQ3_S',
  27: 'IQ3_M',
  28: 'IQ2_S',
  29: 'IQ2_M',
  30: 'IQ4_XS',
  31: 'IQ1_M',
  32: 'BF16',
  33: 'Q4_0_4_4',
  34: 'Q4_0_4_8',
  35: 'Q4_0_8_8',
  36: 'TQ1_0',
  37: 'TQ2_0',
  38: 'MXFP4',
  39: 'NVFP4',
}

/**
 * The file type llama.cpp reports for a file whose dominant tensor type is this one (its
 * guess when `general.file_type` is missing): a k-quant type means the "M" mix.
 */
export const FILE_TYPE_FOR_TENSOR_TYPE: Readonly<Record<string, string>> = {
  F32: 'F32',
  F16: 'F16',
  BF16: 'BF16',
  Q4_0: 'Q4_0',
  Q4_1: 'Q4_1',
  Q5_0: 'Q5_0',
  Q5_1: 'Q5_1',
  Q8_0: 'Q8_0',
  Q2_K: 'Q2_K',
  Q3_K: 'Q3_K_M',
  Q4_K: 'Q4_K_M',
  Q5_K: 'Q5_K_M',
  Q6_K: 'Q6_K',
  IQ2_XXS: 'IQ2_XXS',
  IQ2_XS: 'IQ2_XS',
  IQ2_S: 'IQ2_S',
  IQ3_XXS: 'IQ3_XXS',
  IQ3_S: 'IQ3_S',
  IQ1_S: 'IQ1_S',
  IQ1_M: 'IQ1_M',
  IQ4_NL: 'IQ4_NL',
  IQ4_XS: 'IQ4_XS',
  TQ1_0: 'TQ1_0',
  TQ2_0: 'TQ2_0',
  MXFP4: 'MXFP4',
  NVFP4: 'NVFP4',
}

// ---- what the reader returns ----

/** A summarised array: its length and its first items. */
export interface GgufArraySummary {
  readonly elementType: GgufValueType
  readonly length: number
  /** The first items (all of them for short arrays). */
  readonly items: readonly GgufValue[]
}

/**
 * A metadata value. 64-bit integers beyond 2^53 become decimal strings so the header stays
 * plain JSON; a string value longer than the reader keeps is cut (see `fullBytes`).
 */
export type GgufValue = number | boolean | string | GgufArraySummary

/** One metadata key/value. */
export interface GgufMetadataEntry {
  readonly key: string
  readonly type: GgufValueType
  readonly value: GgufValue
  /** Set when a string value was cut: its full length in bytes. */
  readonly fullBytes?: number
}

/** One tensor as the header describes it. */
export interface GgufTensorInfo {
  readonly name: string
  /** ggml type name, or `type<id>` for an id this tool does not know. */
  readonly type: string
  readonly typeId: number
  /** Dimensions, `ne0` (the contiguous one) first. */
  readonly shape: readonly number[]
  readonly elements: number
  /** Bytes of its data: exact from the type's block size, or from the file layout for unknown types. */
  readonly bytes: number
  /** Offset from the start of the tensor data section. */
  readonly offset: number
}

/** Bytes and tensor count per ggml type, largest first. */
export interface GgufTypeSummary {
  readonly type: string
  readonly tensors: number
  readonly bytes: number
}

/**
 * Hyperparameters under `<arch>.`; per-layer arrays give their largest value. Null when absent,
 * except where llama.cpp has a default: KV heads = heads, key/value length = embedding / heads,
 * vocabulary = the token list's length or the embedding matrix's rows.
 */
export interface GgufHyperparameters {
  readonly blockCount: number | null
  readonly embeddingLength: number | null
  readonly feedForwardLength: number | null
  readonly headCount: number | null
  readonly headCountKv: number | null
  readonly keyLength: number | null
  readonly valueLength: number | null
  readonly contextLength: number | null
  readonly slidingWindow: number | null
  readonly expertCount: number | null
  readonly expertUsedCount: number | null
  readonly expertFeedForwardLength: number | null
  readonly expertSharedCount: number | null
  readonly vocabSize: number | null
}

/** The file type: from `general.file_type`, or guessed from the dominant tensor type. */
export interface GgufFileType {
  readonly id: number | null
  readonly name: string
  readonly source: 'metadata' | 'guessed'
}

/** Everything the header says about a model, without reading its weights. */
export interface GgufHeader {
  readonly file: string
  readonly fileBytes: number
  readonly version: number
  readonly architecture: string | null
  readonly name: string | null
  readonly alignment: number
  readonly metadata: readonly GgufMetadataEntry[]
  readonly tensors: readonly GgufTensorInfo[]
  /** Where the tensor data section starts. */
  readonly dataOffset: number
  /** Sum of all tensors' data bytes (what loading the weights costs). */
  readonly weightsBytes: number
  /** False when some tensor type was unknown and its size came from the file layout. */
  readonly weightsBytesExact: boolean
  /** Total weights (elements of all tensors). */
  readonly parameterCount: number
  /** False when tensor data runs past the end of the file (a header-only or cut-off file). */
  readonly dataComplete: boolean
  readonly typeSummary: readonly GgufTypeSummary[]
  /** The ggml type holding the most bytes of 2-D+ weight tensors. */
  readonly dominantTensorType: string | null
  readonly fileType: GgufFileType
  readonly hyperparameters: GgufHyperparameters
}
