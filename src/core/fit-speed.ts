/**
 * Speed from first principles plus fitted efficiency factors:
 * - decode: each token reads every active weight and the KV cache once, so the time per token is
 *   the SUM over devices of bytes / (efficiency x bandwidth), plus a fixed cost per layer;
 *   partial offload and multi-GPU layer splits fall out of the sum (no flat penalty factor);
 * - prefill: FLOPs per prompt token / (efficiency x peak FLOPS), never faster than reading the
 *   weights once per micro-batch; weights left in system RAM are streamed to the GPU over PCIe
 *   for every micro-batch (llama.cpp op offload for batches of 32 or more).
 */
import type { GpuDevice, Machine } from './fit-machine.js'
import type { PreparedModel } from './fit-memory.js'
import { UBATCH } from './fit-memory.js'
import type { Plan } from './fit-placement.js'
import type { KvCacheType } from './fit-types.js'
import {
  cpuEfficiencyFor,
  efficiencyFor,
  type EfficiencyEntry,
  type SpeedEfficiency,
} from './speed-efficiency.js'

/** Raw speed figures before calibration, with the inputs they rest on. */
export interface RawSpeed {
  readonly decodeTokensPerSec: number
  readonly prefillTokensPerSec: number
  readonly bandwidthGBps: number
  readonly bandwidthSource: string
  readonly computeTflops: number | null
  readonly computeSource: string | null
  readonly efficiency: number
  /** The efficiency entry's key (`nvidia/cuda`, `cpu`); see catalog/speed-efficiency.json. */
  readonly efficiencySource: string
  /** Decode speed if every layer sat on the fastest GPU, to say how much offload costs. */
  readonly allOnGpuDecodeTokensPerSec: number | null
}

/** Knobs of one speed question. */
export interface SpeedQuery {
  readonly promptTokens: number
  readonly depthTokens: number
  readonly kvCacheType: KvCacheType
  /** Measured RAM bandwidth (calibration) replacing the datasheet figure. */
  readonly measuredRamGBps?: number
}

// A measured copy bandwidth overstates what llama.cpp reads: ~0.8 of a STREAM-like figure
// (llama.cpp issue #34: i5-6500 measured 20 GB/s, 7B q4 ran at ~15.8 GB/s effective).
const MEASURED_RAM_SHARE = 0.8
/** GPUs without a catalog FLOPS figure: a GTX 1660-class 10 TFLOPS FP32 (said in the basis). */
export const UNKNOWN_GPU_TFLOPS = 10
// Host-to-device copies reach ~80% of the PCIe payload rate (NVIDIA bandwidthTest results on
// PCIe 4.0 x16: ~25 of 31.5 GB/s).
const PCIE_EFFICIENCY = 0.8

/** A GPU's fitted factors: its architecture's entry, else its group's, vendor's or the fallback. */
function efficiencyOf(eff: SpeedEfficiency, d: GpuDevice): EfficiencyEntry {
  return efficiencyFor(eff, d.vendor, d.backend, d.efficiencyGroup, d.architecture)
}

/** The hidden size the fitted prompt factors refer to (an 8B Llama's). */
const REFERENCE_HIDDEN = 4096

// A GPU's prompt time per FLOP relative to a model of the reference width: the per-token work
// that grows with h instead of h^2 (speed-efficiency.ts, prefillWidthOverhead) weighs more on a
// narrow model.
function widthPenalty(p: PreparedModel, eff: SpeedEfficiency): number {
  const h0 = eff.prefillWidthOverhead?.factor ?? 0
  const h = p.model.architecture.hiddenSize ?? REFERENCE_HIDDEN
  return (1 + h0 / h) / (1 + h0 / REFERENCE_HIDDEN)
}

function flopsPerToken(p: PreparedModel, contextAvg: number, attentionCost: number): number {
  // 2 FLOPs per active weight, plus QK^T and AV: 4 x heads x headDim x context per layer, each
  // attention FLOP weighted by its fitted cost relative to a matrix FLOP.
  return (
    2 * p.activeParams + attentionCost * 4 * p.layers * p.attentionHeads * p.headDim * contextAvg
  )
}

// The RAM side's effective read speed: a measured bandwidth when calibrated, else the datasheet
// figure times the fitted CPU efficiency, never more than the threads can pull: one core
// dequantises and multiplies at a rate that scales with its clock (perThreadGBpsPerGHz).
function cpuReadGBps(m: Machine, eff: SpeedEfficiency, q: SpeedQuery): number {
  const cpuEff = cpuEfficiencyFor(eff, m.cpu.family)
  const ramGBps =
    q.measuredRamGBps != null
      ? q.measuredRamGBps * MEASURED_RAM_SHARE
      : m.cpu.bandwidthGBps * cpuEff.decode
  return Math.min(ramGBps, m.cpu.threads * m.cpu.clockGHz * cpuEff.perThreadGBpsPerGHz)
}

/**
 * Generated tokens per second alone (no prefill, no basis): the ranking's hot path. Same
 * arithmetic as estimateSpeed's decode figure, so both always agree.
 */
export function estimateDecode(
  p: PreparedModel,
  plan: Plan,
  m: Machine,
  eff: SpeedEfficiency,
  q: SpeedQuery,
): number {
  const kvRead = p.kvReadBytes(q.depthTokens, q.kvCacheType)
  const L = p.layers
  let decodeSec = 0
  for (const g of plan.gpus) {
    const e = efficiencyOf(eff, g.dev)
    const bytes = g.readBytes + (kvRead * g.layers) / L
    decodeSec +=
      bytes / (e.decode * g.dev.bandwidthGBps * 1e9) +
      (g.layers * e.decodeOverheadUsPerLayer * m.cpu.hostOverheadScale) / 1e6
  }
  const cpuBytes = plan.cpu.readBytes + (kvRead * plan.cpu.layers) / L
  if (cpuBytes > 0) decodeSec += cpuBytes / (cpuReadGBps(m, eff, q) * 1e9)
  if (p.model.moe != null) decodeSec /= eff.moeDecode.factor
  return decodeSec > 0 ? 1 / decodeSec : 0
}

/** Decode and prefill speed for a placement; never throws. */
export function estimateSpeed(
  p: PreparedModel,
  plan: Plan,
  m: Machine,
  eff: SpeedEfficiency,
  q: SpeedQuery,
): RawSpeed {
  const kvRead = p.kvReadBytes(q.depthTokens, q.kvCacheType)
  const L = p.layers
  const cpuEff = cpuEfficiencyFor(eff, m.cpu.family)
  let prefillSec = 0
  const ctxAvg = q.depthTokens + q.promptTokens / 2
  const flops = flopsPerToken(p, ctxAvg, eff.attentionPrefill.factor)
  const width = widthPenalty(p, eff)
  const u = Math.min(UBATCH, q.promptTokens)
  let first: {
    eff: number
    source: string
    bw: number
    bwSource: string
    tf: number | null
    tfSource: string | null
  } | null = null
  for (const g of plan.gpus) {
    const e = efficiencyOf(eff, g.dev)
    const tf = g.dev.tflops ?? UNKNOWN_GPU_TFLOPS
    const layerShare = g.layers / L
    const compute = ((flops * layerShare) / (e.prefill * tf * 1e12)) * width
    const weightsOnce = g.weightsBytes / (g.dev.bandwidthGBps * 1e9) / u
    // Each micro-batch runs the whole graph once: the same fixed cost per layer as one decoded
    // token (kernel launches, synchronisation), shared by its u tokens. It is what bounds tiny
    // models, whose FLOPs alone would promise millions of prompt tokens per second.
    const launches = (g.layers * e.decodeOverheadUsPerLayer * m.cpu.hostOverheadScale) / 1e6 / u
    prefillSec += Math.max(compute, weightsOnce) + launches
    first ??= {
      eff: e.decode,
      source: e.key,
      bw: g.dev.bandwidthGBps,
      bwSource: g.dev.bandwidthSource,
      tf: g.dev.tflops ?? UNKNOWN_GPU_TFLOPS,
      tfSource: g.dev.tflopsSource ?? `not in catalog: ${UNKNOWN_GPU_TFLOPS} TFLOPS assumed`,
    }
  }
  const cpuLayerShare = plan.cpu.layers / L
  const gpu0 = plan.gpus[0]?.dev ?? m.gpus[0]
  if (gpu0 != null && plan.cpu.streamBytes > 0 && q.promptTokens >= 32) {
    // A GPU is present: llama.cpp ships the RAM-resident weights to it for every micro-batch and
    // computes there, so the CPU layers cost a PCIe copy plus GPU FLOPs.
    const e = efficiencyOf(eff, gpu0)
    const copy = gpu0.unified
      ? 0
      : plan.cpu.streamBytes / (gpu0.pcieGBps * PCIE_EFFICIENCY * 1e9) / u
    prefillSec +=
      copy +
      ((flops * cpuLayerShare) / (e.prefill * (gpu0.tflops ?? UNKNOWN_GPU_TFLOPS) * 1e12)) * width
  } else if (cpuLayerShare > 0) {
    prefillSec += (flops * cpuLayerShare) / (cpuEff.prefill * m.cpu.tflops * 1e12)
  }
  const bestGpu = m.gpus[0]
  let allOnGpu: number | null = null
  if (bestGpu != null && plan.placement !== 'gpu' && plan.placement !== 'multi-gpu') {
    const e = efficiencyOf(eff, bestGpu)
    const read = plan.gpus.reduce((s, g) => s + g.readBytes, 0) + plan.cpu.readBytes + kvRead
    const sec =
      read / (e.decode * bestGpu.bandwidthGBps * 1e9) +
      (L * e.decodeOverheadUsPerLayer * m.cpu.hostOverheadScale) / 1e6
    allOnGpu = 1 / (p.model.moe != null ? sec / eff.moeDecode.factor : sec)
  }
  const basis = first ?? {
    eff: cpuEff.decode,
    source: cpuEff.key,
    bw: m.cpu.bandwidthGBps,
    bwSource: m.cpu.bandwidthSource,
    tf: m.cpu.tflops,
    tfSource: m.cpu.tflopsSource,
  }
  return {
    decodeTokensPerSec: estimateDecode(p, plan, m, eff, q),
    prefillTokensPerSec:
      prefillSec > 0 ? (p.model.moe != null ? eff.moePrefill.factor : 1) / prefillSec : 0,
    bandwidthGBps: basis.bw,
    bandwidthSource: basis.bwSource,
    computeTflops: basis.tf,
    computeSource: basis.tfSource,
    efficiency: basis.eff,
    efficiencySource:
      p.model.moe != null
        ? `${basis.source} (MoE decode x ${eff.moeDecode.factor}, prompt x ${eff.moePrefill.factor})`
        : basis.source,
    allOnGpuDecodeTokensPerSec: allOnGpu,
  }
}
