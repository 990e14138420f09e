/**
 * One evaluation: memory -> placement -> speed -> verdict, assembled into a FitResult. Shared by
 * assessFit, bestFit and rankModels so each reuses the prepared model and the machine.
 */
import { judge, levelOf } from './fit-level.js'
import type { GpuDevice, Machine } from './fit-machine.js'
import { gib, prepareModel, type PreparedModel } from './fit-memory.js'
import { place, ramDrawnBytes, type Plan } from './fit-placement.js'
import type { Calibration, FitData, FitRequest } from './fit-request.js'
import { estimateDecode, estimateSpeed, type RawSpeed } from './fit-speed.js'
import type {
  DeviceMemory,
  FitLevel,
  FitResult,
  MemoryBreakdown,
  SpeedEstimate,
} from './fit-types.js'

const LITE_MEMORY: MemoryBreakdown = {
  weightsGiB: 0,
  kvCacheGiB: 0,
  computeGiB: 0,
  reserveGiB: 0,
  totalGiB: 0,
  perDevice: [],
}

/** llama-bench's default prompt (pp512). */
export const DEFAULT_PROMPT_TOKENS = 512

function gpuMemory(g: Plan['gpus'][number]): DeviceMemory {
  const total = g.weightsBytes + g.kvBytes + g.computeBytes + g.reserveBytes
  return {
    device: g.dev.device,
    name: g.dev.name,
    weightsGiB: gib(g.weightsBytes),
    kvCacheGiB: gib(g.kvBytes),
    computeGiB: gib(g.computeBytes),
    reserveGiB: gib(g.reserveBytes),
    totalGiB: gib(total),
    availableGiB: g.dev.availableGiB,
    layers: g.layers,
  }
}

function memoryOf(plan: Plan, m: Machine): MemoryBreakdown {
  const perDevice = plan.gpus.map(gpuMemory)
  const c = plan.cpu
  if (c.weightsBytes + c.kvBytes + c.computeBytes > 0)
    perDevice.push({
      device: 'cpu',
      name: 'System RAM',
      weightsGiB: gib(c.weightsBytes),
      kvCacheGiB: gib(c.kvBytes),
      computeGiB: gib(c.computeBytes),
      reserveGiB: 0,
      totalGiB: gib(c.weightsBytes + c.kvBytes + c.computeBytes),
      // What an iGPU holds in its GTT comes out of the same free RAM.
      availableGiB: m.cpu.availableGiB - gib(ramDrawnBytes(plan.gpus)),
      layers: c.layers,
    })
  const sum = (k: 'weightsGiB' | 'kvCacheGiB' | 'computeGiB' | 'reserveGiB' | 'totalGiB') =>
    perDevice.reduce((s, d) => s + d[k], 0)
  return {
    weightsGiB: sum('weightsGiB'),
    kvCacheGiB: sum('kvCacheGiB'),
    computeGiB: sum('computeGiB'),
    reserveGiB: sum('reserveGiB'),
    totalGiB: sum('totalGiB'),
    perDevice,
  }
}

function speedOf(
  raw: RawSpeed,
  promptTokens: number,
  measured: boolean,
  note: string,
): SpeedEstimate {
  return {
    decodeTokensPerSec: raw.decodeTokensPerSec,
    prefillTokensPerSec: raw.prefillTokensPerSec,
    timeToFirstTokenSec: raw.prefillTokensPerSec > 0 ? promptTokens / raw.prefillTokensPerSec : 0,
    promptTokens,
    basis: {
      bandwidthGBps: raw.bandwidthGBps,
      bandwidthSource: raw.bandwidthSource,
      computeTflops: raw.computeTflops,
      computeSource: raw.computeSource,
      efficiency: raw.efficiency,
      efficiencySource: `${raw.efficiencySource} in catalog/speed-efficiency.json (fitted on public llama-bench rows)`,
      kind: measured ? 'measured' : 'catalog',
      explanation: note,
    },
  }
}

function scaled(raw: RawSpeed, decode: number, prefill: number): RawSpeed {
  return {
    ...raw,
    decodeTokensPerSec: raw.decodeTokensPerSec * decode,
    prefillTokensPerSec: raw.prefillTokensPerSec * prefill,
  }
}

/** Run the whole pipeline for one request on a prepared model and machine. */
export function evaluate(
  p: PreparedModel,
  req: FitRequest,
  m: Machine,
  data: FitData,
  cal: Calibration | undefined,
  ratio?: { decode: number; prefill: number } | null,
  /** Skip sentences and the memory table (ranking's hot path); the verdict and speed stay exact. */
  lite = false,
): FitResult {
  const promptTokens = req.promptTokens ?? DEFAULT_PROMPT_TOKENS
  const head = {
    model: { id: req.model.id, name: req.model.name, kind: req.model.kind },
    quant: req.quant,
    contextTokens: req.contextTokens,
    kvCacheType: req.kvCacheType,
    totalLayers: p.layers,
  }
  const w = p.weights(req.quant)
  if (w == null) {
    const why =
      p.missing.length > 0
        ? `the catalog lacks its ${p.missing.join(' and ')}`
        : `no ${req.quant} file or bits-per-weight figure is known`
    const empty: MemoryBreakdown = {
      weightsGiB: 0,
      kvCacheGiB: 0,
      computeGiB: 0,
      reserveGiB: 0,
      totalGiB: 0,
      perDevice: [],
    }
    return {
      ...head,
      fits: false,
      placement: 'none',
      gpuLayers: 0,
      memory: empty,
      speed: null,
      level: 'too-big',
      reasons: [`Cannot size ${req.model.name} at ${req.quant}: ${why}`],
    }
  }
  const kvBytes = p.kvBytes(req.contextTokens, req.kvCacheType)
  const computeBytes = p.computeBytes(req.contextTokens, req.flashAttention ?? true)
  const moe = req.model.moe
  const plan = place(m, {
    w,
    layers: p.layers,
    kvBytes,
    computeBytes,
    activeExpertShare: moe == null ? 1 : moe.expertsActive / moe.expertsTotal,
    forcedGpuLayers: req.gpuLayers,
  })
  const needGiB = gib(w.totalBytes + kvBytes + computeBytes)
  let speed: SpeedEstimate | null = null
  let raw: RawSpeed | null = null
  if (plan.fits) {
    raw = estimateSpeed(p, plan, m, data.efficiency, {
      promptTokens,
      depthTokens: req.depthTokens ?? 0,
      kvCacheType: req.kvCacheType,
      measuredRamGBps: plan.gpus.length === 0 ? cal?.memoryBandwidthGBps : undefined,
    })
    const exact =
      cal?.llm != null &&
      cal.llm.model === req.model.id &&
      (cal.llm.quant ?? 'Q4_K_M') === req.quant
    let note = lite ? '' : explain(plan, raw)
    let measured = cal?.memoryBandwidthGBps != null && plan.gpus.length === 0
    if (exact && cal?.llm != null) {
      raw = {
        ...raw,
        decodeTokensPerSec: cal.llm.generationTokensPerSec,
        prefillTokensPerSec: cal.llm.promptTokensPerSec,
      }
      note = `Measured on this machine (llama-bench of ${req.model.id} ${req.quant})`
      measured = true
    } else if (ratio != null) {
      raw = scaled(raw, ratio.decode, ratio.prefill)
      note = `${note}; scaled by this machine's own benchmark (x${ratio.decode.toFixed(2)} decode, x${ratio.prefill.toFixed(2)} prompt)`
      measured = true
    }
    speed = speedOf(raw, promptTokens, measured, note)
  }
  const { level, reasons } = judge(
    {
      plan,
      machine: m,
      totalLayers: p.layers,
      decodeTokensPerSec: speed?.decodeTokensPerSec ?? null,
      allOnGpuDecodeTokensPerSec: raw?.allOnGpuDecodeTokensPerSec ?? null,
      needGiB,
      missing: p.missing,
    },
    !lite,
  )
  // Fields written out rather than spread from `head`: spreading into a literal is slow in V8.
  return {
    model: head.model,
    quant: head.quant,
    contextTokens: head.contextTokens,
    kvCacheType: head.kvCacheType,
    totalLayers: head.totalLayers,
    fits: plan.fits,
    placement: plan.placement,
    offload: plan.offload,
    gpuLayers: plan.gpuLayers,
    memory: lite ? LITE_MEMORY : memoryOf(plan, m),
    speed,
    level,
    reasons,
  }
}

/**
 * The verdict alone, for the ranking's search over quantizations and contexts: the same memory,
 * placement and decode arithmetic as `evaluate`, without building a FitResult, sentences or the
 * prefill figure (the verdict does not look at them). Always equals `evaluate(...).level`.
 */
export function evaluateLevel(
  p: PreparedModel,
  req: FitRequest,
  m: Machine,
  data: FitData,
  cal: Calibration | undefined,
  ratio: { decode: number; prefill: number } | null,
): FitLevel {
  const w = p.weights(req.quant)
  if (w == null) return 'too-big'
  const kvBytes = p.kvBytes(req.contextTokens, req.kvCacheType)
  const computeBytes = p.computeBytes(req.contextTokens, req.flashAttention ?? true)
  const moe = req.model.moe
  const plan = place(m, {
    w,
    layers: p.layers,
    kvBytes,
    computeBytes,
    activeExpertShare: moe == null ? 1 : moe.expertsActive / moe.expertsTotal,
    forcedGpuLayers: req.gpuLayers,
  })
  if (!plan.fits) return 'too-big'
  let decode: number
  if (
    cal?.llm != null &&
    cal.llm.model === req.model.id &&
    (cal.llm.quant ?? 'Q4_K_M') === req.quant
  )
    decode = cal.llm.generationTokensPerSec
  else {
    decode = estimateDecode(p, plan, m, data.efficiency, {
      promptTokens: req.promptTokens ?? DEFAULT_PROMPT_TOKENS,
      depthTokens: req.depthTokens ?? 0,
      kvCacheType: req.kvCacheType,
      measuredRamGBps: plan.gpus.length === 0 ? cal?.memoryBandwidthGBps : undefined,
    })
    if (ratio != null) decode *= ratio.decode
  }
  return levelOf({
    plan,
    machine: m,
    totalLayers: p.layers,
    decodeTokensPerSec: decode,
    allOnGpuDecodeTokensPerSec: null,
    needGiB: 0,
    missing: p.missing,
  })
}

function explain(plan: Plan, raw: RawSpeed): string {
  const where = plan.gpus.map((g: { dev: GpuDevice }) => g.dev.name).join(' + ') || 'CPU'
  return `Decode = efficiency ${raw.efficiency.toFixed(2)} x ${raw.bandwidthGBps.toFixed(0)} GB/s / bytes read per token on ${where}${plan.cpu.readBytes > 0 && plan.gpus.length > 0 ? ' plus the RAM-resident part at system-memory speed' : ''}; prompt from ${raw.computeTflops?.toFixed(1) ?? '?'} TFLOPS`
}

/**
 * A benchmark of one model calibrates every other: measured / estimated speed of the benchmarked
 * model on this machine, applied to all estimates. Null without an llm calibration or when the
 * benchmarked model is not in `data.models`.
 */
export function calibrationRatio(
  machine: Machine,
  data: FitData,
  cal: Calibration | undefined,
): { decode: number; prefill: number } | null {
  const llm = cal?.llm
  const model = llm == null ? undefined : data.models?.find((m) => m.id === llm.model)
  if (llm == null || model == null) return null
  const req = {
    model,
    quant: llm.quant ?? 'Q4_K_M',
    contextTokens: 4096,
    kvCacheType: 'f16' as const,
  }
  const est = evaluate(prepareModel(model, data.quants), req, machine, data, undefined).speed
  if (est == null || est.decodeTokensPerSec <= 0 || est.prefillTokensPerSec <= 0) return null
  return {
    decode: llm.generationTokensPerSec / est.decodeTokensPerSec,
    prefill: llm.promptTokensPerSec / est.prefillTokensPerSec,
  }
}
