/**
 * The model a lab VM serves: which file or tag it fetches, how much memory it needs (from the
 * fit engine when the caller passes one in, otherwise a labelled estimate) and its disk size.
 */
import type { FitResult } from './fit-types.js'
import type { HardwareProfile } from './hardware.js'
import {
  fileSizeBytes,
  type ImageModel,
  type LlmModel,
  type ModelCatalog,
} from './model-catalog.js'
import type { GuestModel } from './guest-scripts.js'
import type { StackEntry } from './stack-catalog.js'

/** The fit engine as the planner uses it: judge `model` on the planned VM. */
export type LabFitFn = (model: LlmModel, vm: HardwareProfile) => FitResult

/** How much memory the model takes, and where the figure came from. */
export interface LabModelMemory {
  readonly quant: string | null
  /** On the GPU (0 when it runs on the CPU). */
  readonly gpuGiB: number
  /** In system RAM (weights or layers that stay on the CPU). */
  readonly ramGiB: number
  readonly totalGiB: number
  readonly fits: boolean | null
  readonly basis: 'fit-engine' | 'estimate'
  readonly explanation: string
}

/** The model part of a plan. */
export interface LabModel {
  readonly id: string
  readonly name: string
  readonly kind: 'llm' | 'image'
  readonly fetch: GuestModel | null
  /** Files the user fetches by hand (image models), with their URLs. */
  readonly manualFiles: readonly string[]
  readonly diskGiB: number
  readonly memory: LabModelMemory | null
}

const GIB = 2 ** 30
const PREFERRED_QUANTS = ['Q4_K_M', 'Q4_K_S', 'IQ4_XS', 'Q5_K_M', 'Q8_0']
// Weights plus about 20% for KV cache and runtime buffers: a teaching estimate, used only without the fit engine.
const ESTIMATE_OVERHEAD = 1.2

function hfUrl(repo: string, file: string): string {
  return `https://huggingface.co/${repo}/resolve/main/${file}`
}

function ollamaTag(model: LlmModel): string {
  return model.aliases.find((a) => a.includes(':')) ?? model.aliases[0] ?? model.id
}

function pickFile(model: LlmModel, quant: string | null) {
  const byQuant = (q: string) => model.files.find((f) => f.quant === q)
  return (
    (quant != null ? byQuant(quant) : undefined) ??
    PREFERRED_QUANTS.map(byQuant).find((f) => f != null) ??
    model.files[0] ??
    null
  )
}

function estimateGiB(model: LlmModel, catalog: ModelCatalog, quant: string | null): number | null {
  const file = pickFile(model, quant)
  if (file != null) return fileSizeBytes(file) / GIB
  const q = catalog.quantizations.find((t) => t.name === (quant ?? 'Q4_K_M'))
  const bpw = q?.effective?.medianBpw ?? q?.nominalBpw ?? null
  const params = model.params.totalB
  return bpw == null || params == null ? null : (params * 1e9 * bpw) / 8 / GIB
}

function fromFit(fit: FitResult): LabModelMemory {
  let gpuGiB = 0
  let ramGiB = 0
  for (const d of fit.memory.perDevice) {
    if (d.device === 'cpu') ramGiB += d.totalGiB
    else gpuGiB += d.totalGiB
  }
  return {
    quant: fit.quant,
    gpuGiB,
    ramGiB,
    totalGiB: fit.memory.totalGiB,
    fits: fit.fits,
    basis: 'fit-engine',
    explanation: `fit engine: ${fit.quant} at ${fit.contextTokens} tokens of context, ${fit.placement} (${fit.level})`,
  }
}

/**
 * The LLM's memory on the planned VM. With `fit`, the fit engine's breakdown; without it,
 * file size (or parameters × bits per weight) plus 20%, all on the GPU when there is one.
 */
export function llmMemory(
  model: LlmModel,
  catalog: ModelCatalog,
  vm: HardwareProfile,
  fit: LabFitFn | undefined,
): LabModelMemory | null {
  if (fit != null) return fromFit(fit(model, vm))
  const weights = estimateGiB(model, catalog, null)
  if (weights == null) return null
  const total = weights * ESTIMATE_OVERHEAD
  const onGpu = vm.gpus.length > 0
  const quant = pickFile(model, null)?.quant ?? 'Q4_K_M'
  return {
    quant,
    gpuGiB: onGpu ? total : 0,
    ramGiB: onGpu ? 0 : total,
    totalGiB: total,
    fits: null,
    basis: 'estimate',
    explanation: `estimate: ${quant} weights ${weights.toFixed(1)} GiB + 20% for KV cache and buffers`,
  }
}

/** The LLM part of a plan: what to fetch and its disk size. */
export function llmLabModel(
  model: LlmModel,
  stack: StackEntry,
  catalog: ModelCatalog,
  memory: LabModelMemory | null,
): LabModel {
  const quant = memory?.quant ?? null
  const file = pickFile(model, quant)
  const diskGiB =
    file != null ? fileSizeBytes(file) / GIB : (estimateGiB(model, catalog, quant) ?? 0)
  let fetch: GuestModel | null = null
  if (stack.model.runtime === 'ollama') fetch = { kind: 'ollama', tag: ollamaTag(model) }
  else if (stack.model.runtime === 'gguf' && file != null)
    fetch = { kind: 'gguf', url: hfUrl(file.repo, file.file), file: file.file }
  return { id: model.id, name: model.name, kind: 'llm', fetch, manualFiles: [], diskGiB, memory }
}

/** An image model: sized from its published files; the user fetches them (licences differ). */
export function imageLabModel(model: ImageModel): LabModel {
  const files = model.files.filter((f) => f.repo != null && f.file != null)
  const bytes = model.files.reduce((sum, f) => sum + (fileSizeBytes(f) || 0), 0)
  return {
    id: model.id,
    name: model.name,
    kind: 'image',
    fetch: null,
    manualFiles: files.map((f) => hfUrl(f.repo ?? '', f.file ?? '')),
    diskGiB: bytes / GIB,
    memory: null,
  }
}
