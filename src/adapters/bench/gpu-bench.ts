import type { GpuBenchDevice, GpuBenchResult } from '../../core/bench-types.js'
import type { RunCommand } from '../system/run-command.js'
import type { LlmBenchOptions, LlmBenchOutcome, LlmModelChoice } from './llm-bench.js'
import { GPU_QUERY_FIELDS, parseNvidiaSmiQuery } from './parse-nvidia-smi-query.js'

/** How the GPU benchmark runs; the runner, the inference call and the backend check are parameters. */
export interface GpuBenchOptions {
  readonly run: RunCommand
  /** The model for the all-layers-on-GPU run, fetched only when a GPU backend exists; null skips it. */
  readonly model: () => Promise<LlmModelChoice | null>
  readonly threads: number
  readonly promptTokens?: number
  readonly generatedTokens?: number
  readonly promptRepetitions?: number
  readonly generationRuns?: number
  readonly timeoutMs?: number
  readonly signal?: AbortSignal
  readonly onProgress?: (fraction: number) => void
  /** Defaults to llm-bench's runLlmBench. */
  readonly runLlm?: (opts: LlmBenchOptions) => Promise<LlmBenchOutcome>
  /** GPU backends node-llama-cpp has libraries for; defaults to `getLlamaGpuTypes('supported')`. */
  readonly gpuBackends?: () => Promise<readonly string[]>
}

/** Below this, load time is dominated by setup, not by the upload. */
const MIN_UPLOAD_BYTES = 256 * 1024 * 1024

/**
 * GPU facts from nvidia-smi (PCIe link, clocks, memory) and the model run with every layer on
 * the GPU. A machine without a GPU gets `available: false` and a reason, not an error.
 */
export async function runGpuBench(opts: GpuBenchOptions): Promise<GpuBenchResult> {
  const notes: string[] = []
  const before = await queryNvidiaSmi(opts.run, opts.timeoutMs, notes)
  opts.onProgress?.(0.1)
  const backends = await (opts.gpuBackends ?? supportedBackends)()
  if (backends.length === 0) {
    const reason =
      before.length === 0
        ? 'no GPU: nvidia-smi found no NVIDIA GPU and llama.cpp found no CUDA, Vulkan or Metal libraries'
        : "llama.cpp found no CUDA or Vulkan libraries for this GPU (node-llama-cpp's prebuilt GPU binaries need the NVIDIA driver's libcuda or libvulkan)"
    opts.onProgress?.(1)
    return {
      available: before.length > 0,
      reason,
      devices: before,
      backend: null,
      hostToDeviceGBps: null,
      llm: null,
      notes,
    }
  }
  const model = await opts.model()
  if (model == null) {
    opts.onProgress?.(1)
    return {
      available: before.length > 0,
      reason: 'no model for the GPU inference run',
      devices: before,
      backend: null,
      hostToDeviceGBps: null,
      llm: null,
      notes,
    }
  }
  const runLlm = opts.runLlm ?? (await import('./llm-bench.js')).runLlmBench
  const outcome = await runLlm({
    model,
    threads: opts.threads,
    gpu: 'auto',
    gpuLayers: 'max',
    promptTokens: opts.promptTokens,
    generatedTokens: opts.generatedTokens,
    promptRepetitions: opts.promptRepetitions,
    generationRuns: opts.generationRuns,
    measureReload: true,
    signal: opts.signal,
    onProgress: (f) => opts.onProgress?.(0.1 + 0.85 * f),
  })
  if (outcome.backend === false) {
    opts.onProgress?.(1)
    return {
      available: before.length > 0,
      reason: 'llama.cpp fell back to the CPU: no GPU backend would start here',
      devices: before,
      backend: null,
      hostToDeviceGBps: null,
      llm: null,
      notes,
    }
  }
  // Read the link again right after the run: idle cards train PCIe down to gen 1 to save power.
  const after = before.length > 0 ? await queryNvidiaSmi(opts.run, opts.timeoutMs, []) : []
  const devices =
    after.length === before.length && after.length > 0
      ? after.map((d, i) => maxLink(d, before[i]))
      : before
  for (const d of devices)
    if (d.pcieGenCurrent != null && d.pcieGenMax != null && d.pcieGenCurrent < d.pcieGenMax)
      notes.push(
        `${d.name}: PCIe link at gen ${d.pcieGenCurrent} of ${d.pcieGenMax} even after the run: check the slot, riser, BIOS or the VM's passthrough settings`,
      )
  const sizeBytes = outcome.result.modelSizeMiB * 1024 * 1024
  const upload = sizeBytes >= MIN_UPLOAD_BYTES ? outcome.reloadGBps : null
  if (upload == null)
    notes.push(
      'host-to-device bandwidth needs a model of 256 MiB or more: pass --model FILE or ollama:NAME',
    )
  else
    notes.push(
      'host-to-device figure: model bytes / time of a second load with every layer on the GPU (file in the page cache); a lower bound of the PCIe bandwidth',
    )
  opts.onProgress?.(1)
  return {
    available: true,
    reason: null,
    devices,
    backend: outcome.backend,
    hostToDeviceGBps: upload,
    llm: outcome.result,
    notes,
  }
}

async function queryNvidiaSmi(
  run: RunCommand,
  timeoutMs = 10_000,
  notes: string[],
): Promise<GpuBenchDevice[]> {
  const result = await run(
    'nvidia-smi',
    [`--query-gpu=${GPU_QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'],
    { timeoutMs },
  )
  if (result.notFound) return []
  if (result.timedOut) {
    notes.push(`nvidia-smi did not answer within ${timeoutMs} ms: the driver may be stuck`)
    return []
  }
  if (!result.ok) {
    const detail = (result.stderr || result.stdout).trim().split('\n')[0] ?? ''
    notes.push(`nvidia-smi failed (exit ${result.exitCode}): ${detail}`)
    return []
  }
  return parseNvidiaSmiQuery(result.stdout, GPU_QUERY_FIELDS)
}

function maxLink(now: GpuBenchDevice, before: GpuBenchDevice | undefined): GpuBenchDevice {
  const best = (a: number | null, b: number | null | undefined) =>
    a == null ? (b ?? null) : b == null ? a : Math.max(a, b)
  return {
    ...now,
    pcieGenCurrent: best(now.pcieGenCurrent, before?.pcieGenCurrent),
    pcieWidthCurrent: best(now.pcieWidthCurrent, before?.pcieWidthCurrent),
  }
}

async function supportedBackends(): Promise<readonly string[]> {
  const { getLlamaGpuTypes } = await import('node-llama-cpp')
  const types = await getLlamaGpuTypes('supported')
  return types.filter((t): t is Exclude<typeof t, false> => t !== false)
}
