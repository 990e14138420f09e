import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { LlmArch, LlmModel, MoeSpec, SlidingWindowLayout } from '../../core/model-catalog.js'
import { LLM_ARCHES } from '../../core/model-catalog-llm.js'
import type { GgufHeader, GgufHyperparameters } from './gguf-types.js'

/** A GGUF file seen as a catalog model, with what could not be taken from the file. */
export interface GgufModel {
  readonly model: LlmModel
  /** The file's quantization (`general.file_type` name), the key of its one file entry. */
  readonly quant: string
  /** Assumptions made, one sentence each (unknown architecture, missing keys). */
  readonly notes: readonly string[]
}

/**
 * GGUF architecture names the fit engine models as they are: the catalog's families but the two
 * whose GGUF files say `llama` (Mistral, and Mixtral, told apart by its experts in llmArch).
 */
const KNOWN_ARCHES: ReadonlySet<string> = new Set(
  LLM_ARCHES.filter((a) => a !== 'mistral' && a !== 'mixtral'),
)

/**
 * llama.cpp's fixed sliding-window layouts (llama-model.cpp `set_swa_pattern`): gemma2 and gpt-oss
 * alternate local and global layers, gemma3 has five local layers per global one.
 */
const SWA_PATTERN: Readonly<Record<string, { local: number; global: number }>> = {
  gemma2: { local: 1, global: 1 },
  gemma3: { local: 5, global: 1 },
  'gpt-oss': { local: 1, global: 1 },
}

/** MoE expert tensors (`blk.N.ffn_up_exps.weight`...); shared experts end in `_shexp`. */
const EXPERT_TENSOR = /_exps\.weight$/
const SHARED_EXPERT_TENSOR = /_shexp\.weight$/

/**
 * Turns a GGUF header into the catalog's LlmModel, so the fit engine answers for the file itself:
 * the architecture from the header's hyperparameters, exact parameter counts from the tensor
 * shapes, and one file entry whose size is the exact weights bytes.
 */
export function ggufToModel(header: GgufHeader): GgufModel {
  const notes: string[] = []
  const h = header.hyperparameters
  const source = pathToFileURL(header.file).href
  const ggufArch = header.architecture ?? 'unknown'
  const experts = h.expertCount ?? 0
  const arch = llmArch(ggufArch, experts > 0, notes)
  const expertParams = header.tensors
    .filter((t) => EXPERT_TENSOR.test(t.name))
    .reduce((s, t) => s + t.elements, 0)
  const moe = experts > 0 ? moeSpec(header, h, source, notes) : null
  // Only the routed share of the expert weights is active per token.
  const inactive = moe == null ? 0 : expertParams * (1 - moe.expertsActive / moe.expertsTotal)
  const base = path.basename(header.file).replace(/\.gguf$/i, '')
  const name = header.name ?? base
  const missing = (
    [
      ['block_count', h.blockCount],
      ['embedding_length', h.embeddingLength],
      ['attention.head_count', h.headCount],
      ['context_length', h.contextLength],
    ] as const
  ).filter(([, v]) => v == null)
  if (missing.length > 0)
    notes.push(
      `The header has no ${missing.map(([k]) => `${ggufArch}.${k}`).join(', ')}; ` +
        'the fit engine assumes typical values for them.',
    )
  if (!header.dataComplete)
    notes.push('The tensor data runs past the end of the file: a header-only or cut-off file.')
  if (!header.weightsBytesExact)
    notes.push('Some tensor types are newer than this tool; their sizes come from the file layout.')
  const hfRepo = metaString(header, 'general.source.huggingface.repository') ?? ''
  const model: LlmModel = {
    kind: 'llm',
    id: slug(name),
    name,
    family: metaString(header, 'general.basename') ?? ggufArch,
    hfRepo,
    aliases: [],
    license: { id: metaString(header, 'general.license'), releaseDate: null, source: null },
    params: {
      totalB: header.parameterCount / 1e9,
      activeB: (header.parameterCount - inactive) / 1e9,
      method: 'config-arithmetic',
      source,
      note: 'counted from the tensor shapes in the GGUF header',
    },
    architecture: {
      arch,
      layers: h.blockCount,
      hiddenSize: h.embeddingLength,
      ffnSize: h.feedForwardLength,
      attentionHeads: h.headCount,
      kvHeads: h.headCountKv,
      headDim: h.keyLength,
      vocabSize: h.vocabSize,
      maxContext: h.contextLength,
      // Without an output matrix llama.cpp reuses the embedding for the output head.
      tiedEmbeddings: !header.tensors.some((t) => t.name === 'output.weight'),
      source,
      note: `from the GGUF header (architecture "${ggufArch}")`,
    },
    slidingWindow: slidingWindow(header, ggufArch, h, source),
    moe,
    files: [
      {
        quant: header.fileType.name,
        sizeBytes: header.weightsBytes,
        repo: hfRepo,
        file: path.basename(header.file),
        source,
        note: 'exact bytes of the tensor data (the header itself is not loaded into memory)',
      },
    ],
  }
  return { model, quant: header.fileType.name, notes }
}

function llmArch(ggufArch: string, hasExperts: boolean, notes: string[]): LlmArch {
  // GGUF files of Mixtral say "llama" and carry experts.
  if (ggufArch === 'llama' && hasExperts) return 'mixtral'
  if (KNOWN_ARCHES.has(ggufArch)) return ggufArch as LlmArch
  const generic: LlmArch = hasExperts ? 'mixtral' : 'llama'
  notes.push(
    `Architecture "${ggufArch}" is estimated as a generic ${hasExperts ? 'mixture-of-experts' : 'dense'} ` +
      'transformer from its header; special attention (MLA, recurrent layers) is not modelled.',
  )
  return generic
}

function moeSpec(
  header: GgufHeader,
  h: GgufHyperparameters,
  source: string,
  notes: string[],
): MoeSpec {
  const expertsTotal = h.expertCount ?? 0
  let expertsActive = h.expertUsedCount
  if (expertsActive == null || expertsActive < 1 || expertsActive > expertsTotal) {
    notes.push('The header does not say how many experts each token uses; assumed 2.')
    expertsActive = Math.min(2, expertsTotal)
  }
  const gate = header.tensors.find((t) => /ffn_(gate|up)_exps\.weight$/.test(t.name))
  const shared = header.tensors.some((t) => SHARED_EXPERT_TENSOR.test(t.name))
  return {
    expertsTotal,
    expertsActive,
    expertFfnSize: h.expertFeedForwardLength ?? gate?.shape[1] ?? h.feedForwardLength ?? 0,
    sharedExperts: h.expertSharedCount ?? (shared ? 1 : 0),
    source,
  }
}

function slidingWindow(
  header: GgufHeader,
  ggufArch: string,
  h: GgufHyperparameters,
  source: string,
): SlidingWindowLayout | null {
  const layers = h.blockCount
  if (h.slidingWindow == null || h.slidingWindow <= 0 || layers == null) return null
  // Newer converters write the per-layer pattern (true = sliding) as an array.
  const perLayer = header.metadata.find(
    (m) => m.key === `${ggufArch}.attention.sliding_window_pattern`,
  )?.value
  if (
    typeof perLayer === 'object' &&
    perLayer.length === layers &&
    perLayer.items.length === layers
  ) {
    const localLayers = perLayer.items.filter((x) => x === true).length
    return {
      window: h.slidingWindow,
      pattern: localLayers === layers ? 'all local' : 'per-layer',
      localLayers,
      globalLayers: layers - localLayers,
      source,
      note: 'per-layer pattern from the GGUF header',
    }
  }
  const p = SWA_PATTERN[ggufArch]
  if (p == null) return null
  // Layers repeat as `local` sliding layers then `global` full ones, starting with local.
  const period = p.local + p.global
  const globalLayers =
    Math.floor(layers / period) * p.global + Math.max(0, (layers % period) - p.local)
  return {
    window: h.slidingWindow,
    pattern: `${p.local}:${p.global} local:global`,
    localLayers: layers - globalLayers,
    globalLayers,
    source,
    note: `window from the GGUF header; layer pattern of llama.cpp's ${ggufArch} model`,
  }
}

function metaString(header: GgufHeader, key: string): string | null {
  const v = header.metadata.find((m) => m.key === key)?.value
  return typeof v === 'string' && v.trim() !== '' ? v : null
}

function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
  return s === '' ? 'gguf-model' : s
}
