/**
 * This machine's measured figures beside what the catalogs and the fit engine say it should
 * reach: RAM read bandwidth against the RAM's peak, the GPU upload against its PCIe link, and the
 * LLM runs against the fit engine's datasheet prediction for the same model. A ratio far below 1
 * points at a setting (one DIMM channel, a link trained down, too few threads); far above 1 at an
 * estimate to improve.
 */
import type { BenchDocument, LlmBenchResult } from './bench-types.js'
import { cpuBandwidth } from './fit-cpu.js'
import { machineOf } from './fit-machine.js'
import { assessFit } from './fit.js'
import type { FitData } from './fit-request.js'
import { resolveGpu } from './gpu-name.js'
import type { HardwareProfile } from './hardware.js'
import type { LlmModel, ModelCatalog } from './model-catalog.js'
import { findModel, parseModelRef } from './model-lookup.js'

/** One measured figure against its reference. */
export interface BenchReferenceRow {
  /** Stable id: `ram-read`, `pcie-upload`, `llm-pp`, `llm-tg`, `gpu-llm-pp`, `gpu-llm-tg`. */
  readonly id: string
  readonly label: string
  readonly unit: string
  /** The newest measured figure, or null when no saved run has it. */
  readonly measured: number | null
  readonly measuredRunId: number | null
  /** `peak`: a datasheet maximum (measured stays below it); `predicted`: the fit engine's estimate. */
  readonly referenceKind: 'peak' | 'predicted'
  /** Null when there is nothing to compare with (model not in the catalog, no GPU). */
  readonly reference: number | null
  /** Where the reference comes from, or why there is none. */
  readonly source: string
}

/** A GPU's catalog figures, for the page's "catalog" column. */
export interface BenchReferenceGpu {
  readonly name: string
  /** The catalog entry it resolved to, or null when the catalog does not know it. */
  readonly catalogName: string | null
  readonly memoryBandwidthGBps: number | null
  /** The PCIe link's payload rate at the generation and width the probe saw. */
  readonly pcieGBps: number
}

/** The Benchmarks page's comparison with the catalogs. */
export interface BenchReference {
  readonly rows: readonly BenchReferenceRow[]
  readonly gpus: readonly BenchReferenceGpu[]
}

/** A saved run: its id and document. */
export interface SavedBenchRun {
  readonly id: number
  readonly document: BenchDocument
}

// llama-bench's defaults, which `bench llm` copies (docs/benchmarks.md).
const PROMPT_TOKENS = 512
const CONTEXT_TOKENS = 4096
const DEFAULT_QUANT = 'Q4_K_M'

/** Compares the newest run that has each figure (runs given newest first) with the references. */
export function benchReference(
  runsNewestFirst: readonly SavedBenchRun[],
  hw: HardwareProfile,
  data: FitData,
  catalog: ModelCatalog,
): BenchReference {
  const newest = <T>(pick: (doc: BenchDocument) => T | null | undefined) => {
    for (const run of runsNewestFirst) {
      const value = pick(run.document)
      if (value != null) return { value, runId: run.id }
    }
    return null
  }
  const machine = machineOf(hw, data, {})
  const rows: BenchReferenceRow[] = []

  const memory = newest((d) => d.memory)
  const ram = cpuBandwidth(hw, data)
  rows.push({
    id: 'ram-read',
    label: 'RAM read, all threads',
    unit: 'GB/s',
    measured: memory?.value.readGBps ?? null,
    measuredRunId: memory?.runId ?? null,
    referenceKind: 'peak',
    reference: ram.gbps,
    source: `Datasheet peak; ${ram.source}`,
  })

  const gpus: BenchReferenceGpu[] = hw.gpus.map((gpu, i) => {
    const entry = resolveGpu(data.gpus, gpu)
    return {
      name: gpu.name,
      catalogName: entry?.name ?? null,
      memoryBandwidthGBps: entry?.memoryBandwidthGBps ?? null,
      pcieGBps: machine.gpus[i]?.pcieGBps ?? 0,
    }
  })
  const upload = newest((d) => d.gpu?.hostToDeviceGBps)
  const firstGpu = gpus[0]
  if (firstGpu != null || upload != null)
    rows.push({
      id: 'pcie-upload',
      label: 'GPU upload (host to device)',
      unit: 'GB/s',
      measured: upload?.value ?? null,
      measuredRunId: upload?.runId ?? null,
      referenceKind: 'peak',
      reference: firstGpu == null || firstGpu.pcieGBps <= 0 ? null : firstGpu.pcieGBps,
      source:
        firstGpu == null
          ? 'No GPU in the latest hardware snapshot'
          : `PCIe link of ${firstGpu.name} as probed (a model upload is a lower bound of it)`,
    })

  const llm = newest((d) => d.llm)
  if (llm != null) rows.push(...llmRows('llm', 'LLM on the CPU', llm, hw, data, catalog, true))
  const gpuLlm = newest((d) => d.gpu?.llm)
  if (gpuLlm != null)
    rows.push(...llmRows('gpu-llm', 'LLM on the GPU', gpuLlm, hw, data, catalog, false))
  return { rows, gpus }
}

function llmRows(
  id: string,
  what: string,
  run: { value: LlmBenchResult; runId: number },
  hw: HardwareProfile,
  data: FitData,
  catalog: ModelCatalog,
  cpuOnly: boolean,
): BenchReferenceRow[] {
  const result = run.value
  const predicted = predict(result, hw, data, catalog, cpuOnly)
  const row = (
    suffix: 'pp' | 'tg',
    measured: number,
    estimate: number | null,
  ): BenchReferenceRow => ({
    id: `${id}-${suffix}`,
    label: `${what}: ${suffix === 'pp' ? `prompt (pp${result.params.promptTokens})` : `generation (tg${result.params.generatedTokens})`}`,
    unit: 'tok/s',
    measured,
    measuredRunId: run.runId,
    referenceKind: 'predicted',
    reference: estimate,
    source: predicted.source,
  })
  return [
    row('pp', result.promptTokensPerSec, predicted.prefill),
    row('tg', result.generationTokensPerSec, predicted.decode),
  ]
}

function predict(
  result: LlmBenchResult,
  hw: HardwareProfile,
  data: FitData,
  catalog: ModelCatalog,
  cpuOnly: boolean,
): { prefill: number | null; decode: number | null; source: string } {
  const none = (source: string) => ({ prefill: null, decode: null, source })
  if (result.modelSource === 'tiny-generated')
    return none(
      'The tiny generated model is not in the catalog: run `bench llm --model FILE` for a prediction',
    )
  const model = catalogModel(catalog, result.model)
  if (model == null) return none(`${result.model} is not in the model catalog`)
  const asked = parseModelRef(result.model.replace(/^ollama:/, '')).quant
  const quant = data.quants.find((q) => q.name === asked)?.name ?? DEFAULT_QUANT
  const fit = assessFit(
    {
      model,
      quant,
      contextTokens: Math.min(CONTEXT_TOKENS, model.architecture.maxContext ?? CONTEXT_TOKENS),
      kvCacheType: 'f16',
      promptTokens: PROMPT_TOKENS,
      ...(cpuOnly ? { backend: 'cpu' as const, gpuLayers: 0 } : {}),
    },
    hw,
    data,
  )
  if (fit.speed == null) return none(`${model.name} ${quant} does not fit this machine's memory`)
  const quantNote = asked == null ? ` (quantization not in the name: ${quant} assumed)` : ''
  return {
    prefill: fit.speed.prefillTokensPerSec,
    decode: fit.speed.decodeTokensPerSec,
    source: `Fit engine's datasheet estimate for ${model.name} ${quant}${quantNote}${cpuOnly ? ', CPU only' : ''}`,
  }
}

// A GGUF file name the catalog does not list may still start with the model's id:
// `qwen2.5-0.5b-instruct-q4_k_m.gguf` is `qwen2.5-0.5b-instruct` at Q4_K_M.
function catalogModel(catalog: ModelCatalog, name: string): LlmModel | null {
  const bare = name.replace(/^ollama:/, '')
  const stem = bare.replace(/\.gguf$/i, '').replace(/[-.](?:i?q\d\w*|f16|f32|bf16)$/i, '')
  for (const candidate of [bare, stem]) {
    const hit = findModel(catalog, candidate)
    if (hit?.kind === 'llm') return hit
  }
  return null
}
