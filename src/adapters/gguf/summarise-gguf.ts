import {
  FILE_TYPE_FOR_TENSOR_TYPE,
  LLAMA_FILE_TYPES,
  ggmlTypeById,
  type GgufFileType,
  type GgufHeader,
  type GgufHyperparameters,
  type GgufMetadataEntry,
  type GgufTensorInfo,
  type GgufTypeSummary,
  type GgufValue,
} from './gguf-types.js'

/** A tensor info as read, before the sizes of unknown types are filled in. */
export interface RawTensor {
  readonly name: string
  readonly typeId: number
  readonly shape: number[]
  readonly elements: number
  /** Null for a type this tool does not know; filled from the file layout later. */
  readonly bytes: number | null
  readonly offset: number
}

/** Where the parsed header stands once the tensor infos are read. */
export interface ParsedHeader {
  readonly file: string
  readonly fileBytes: number
  readonly version: number
  readonly alignment: number
  readonly dataOffset: number
  readonly metadata: readonly GgufMetadataEntry[]
  readonly byKey: ReadonlyMap<string, GgufMetadataEntry>
  readonly tensors: readonly RawTensor[]
}

/**
 * The header's derived facts: tensor sizes, weights bytes, type summary, file type and the
 * architecture's hyperparameters.
 */
export function summariseGguf(p: ParsedHeader): GgufHeader {
  const { fileBytes, dataOffset, byKey } = p
  const raw = p.tensors
  const dataBytesInFile = Math.max(0, fileBytes - dataOffset)
  // Unknown types: a tensor's bytes run to the next tensor's data (or the end of the file).
  const starts = [...new Set(raw.map((x) => x.offset))].sort((a, b) => a - b)
  const nextStart = new Map(
    starts.map((s, i) => [s, starts[i + 1] ?? Math.max(s, dataBytesInFile)]),
  )
  const tensors: GgufTensorInfo[] = raw.map((x) => ({
    name: x.name,
    type: ggmlTypeById(x.typeId)?.name ?? `type${x.typeId}`,
    typeId: x.typeId,
    shape: x.shape,
    elements: x.elements,
    bytes: x.bytes ?? (nextStart.get(x.offset) ?? x.offset) - x.offset,
    offset: x.offset,
  }))
  const weightsBytes = tensors.reduce((s, x) => s + x.bytes, 0)
  const dataEnd = tensors.reduce((m, x) => Math.max(m, x.offset + x.bytes), 0)
  const typeSummary = summariseTypes(tensors)
  const dominantTensorType = dominantType(tensors)
  const str = (key: string) => {
    const v = byKey.get(key)?.value
    return typeof v === 'string' ? v : null
  }
  const architecture = str('general.architecture')
  return {
    file: p.file,
    fileBytes,
    version: p.version,
    architecture,
    name: str('general.name'),
    alignment: p.alignment,
    metadata: p.metadata,
    tensors,
    dataOffset,
    weightsBytes,
    weightsBytesExact: raw.every((x) => x.bytes != null),
    parameterCount: tensors.reduce((s, x) => s + x.elements, 0),
    dataComplete: dataEnd <= dataBytesInFile,
    typeSummary,
    dominantTensorType,
    fileType: fileType(byKey.get('general.file_type')?.value, dominantTensorType),
    hyperparameters: hyperparameters(architecture, byKey, tensors),
  }
}

function summariseTypes(tensors: readonly GgufTensorInfo[]): GgufTypeSummary[] {
  const by = new Map<string, { tensors: number; bytes: number }>()
  for (const x of tensors) {
    const s = by.get(x.type) ?? { tensors: 0, bytes: 0 }
    by.set(x.type, { tensors: s.tensors + 1, bytes: s.bytes + x.bytes })
  }
  return [...by.entries()]
    .map(([type, s]) => ({ type, ...s }))
    .sort((a, b) => b.bytes - a.bytes || a.type.localeCompare(b.type))
}

/** Norms and biases are 1-D and kept in F32 by every quantizer, so they do not vote. */
function dominantType(tensors: readonly GgufTensorInfo[]): string | null {
  const weights = tensors.filter((x) => x.shape.length >= 2)
  return summariseTypes(weights.length > 0 ? weights : tensors)[0]?.type ?? null
}

function fileType(value: GgufValue | undefined, dominant: string | null): GgufFileType {
  if (typeof value === 'number' && Number.isInteger(value)) {
    // llama.cpp sets bit 10 (LLAMA_FTYPE_GUESSED) when it guessed; the low bits are the type.
    const id = value & 0x3ff
    return { id: value, name: LLAMA_FILE_TYPES[id] ?? `ftype${value}`, source: 'metadata' }
  }
  const name = dominant == null ? 'unknown' : (FILE_TYPE_FOR_TENSOR_TYPE[dominant] ?? dominant)
  return { id: null, name, source: 'guessed' }
}

function hyperparameters(
  arch: string | null,
  byKey: ReadonlyMap<string, GgufMetadataEntry>,
  tensors: readonly GgufTensorInfo[],
): GgufHyperparameters {
  const num = (key: string): number | null => {
    if (arch == null) return null
    const v = byKey.get(`${arch}.${key}`)?.value
    if (typeof v === 'number') return v
    // Per-layer arrays (some hybrid and sliding-window models): the largest layer decides memory.
    if (typeof v === 'object') {
      const nums = v.items.filter((x): x is number => typeof x === 'number')
      return nums.length > 0 ? Math.max(...nums) : null
    }
    return null
  }
  const headCount = num('attention.head_count')
  const embeddingLength = num('embedding_length')
  const headDim =
    headCount != null && headCount > 0 && embeddingLength != null
      ? Math.floor(embeddingLength / headCount)
      : null
  const tokens = byKey.get('tokenizer.ggml.tokens')?.value
  const embd = tensors.find((x) => x.name === 'token_embd.weight')
  return {
    blockCount: num('block_count'),
    embeddingLength,
    feedForwardLength: num('feed_forward_length'),
    headCount,
    // llama.cpp's defaults: no GQA key means one KV head per head; head size is embd / heads.
    headCountKv: num('attention.head_count_kv') ?? headCount,
    keyLength: num('attention.key_length') ?? headDim,
    valueLength: num('attention.value_length') ?? headDim,
    contextLength: num('context_length'),
    slidingWindow: num('attention.sliding_window'),
    expertCount: num('expert_count'),
    expertUsedCount: num('expert_used_count'),
    expertFeedForwardLength: num('expert_feed_forward_length'),
    expertSharedCount: num('expert_shared_count'),
    vocabSize:
      num('vocab_size') ??
      (typeof tokens === 'object' ? tokens.length : null) ??
      embd?.shape[1] ??
      null,
  }
}
