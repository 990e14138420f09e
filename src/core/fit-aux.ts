/**
 * What image, speech and embedding models share: where they go (the GPU with the most room, the
 * text encoders of an image pipeline in RAM, or the CPU), the memory table, the device's compute,
 * and the verdict from a speed figure of each kind's own. The kinds' arithmetic is in
 * fit-image-speech.ts.
 */
import type { AuxFitResult, AuxKind, AuxPlacement } from './fit-aux-types.js'
import type { GpuDevice, Machine } from './fit-machine.js'
import { RESERVE_GIB, SAFETY_MARGIN_GIB } from './fit-memory.js'
import type { FitData } from './fit-request.js'
import { UNKNOWN_GPU_TFLOPS } from './fit-speed.js'
import type { DeviceMemory, FitLevel, MemoryBreakdown } from './fit-types.js'
import { cpuEfficiencyFor, efficiencyFor } from './speed-efficiency.js'

const GIB = 2 ** 30

/** Bytes a model needs, split by what may leave the GPU. */
export interface AuxNeed {
  /** Weights that must sit with the compute (diffusion model and VAE, Whisper, the embedder). */
  readonly coreBytes: number
  /** Weights that may stay in system RAM while the rest runs on the GPU (text encoders). */
  readonly offloadableBytes: number
  /** Activations and work buffers beside the weights. */
  readonly computeBytes: number
}

/** Where the model goes, with the memory table and the headroom left. */
export interface AuxPlan {
  readonly placement: AuxPlacement
  /** The GPU doing the work, null on the CPU or nowhere. */
  readonly gpu: GpuDevice | null
  readonly memory: MemoryBreakdown
  /** Free memory left on the busiest device, GiB. */
  readonly headroomGiB: number
}

function reserveGiB(g: GpuDevice): number {
  return g.backend === 'metal' ? RESERVE_GIB.metal : RESERVE_GIB.cuda
}

function device(
  id: string,
  name: string,
  weightsBytes: number,
  computeBytes: number,
  reserve: number,
  availableGiB: number,
): DeviceMemory {
  const weightsGiB = weightsBytes / GIB
  const computeGiB = computeBytes / GIB
  return {
    device: id,
    name,
    weightsGiB,
    kvCacheGiB: 0,
    computeGiB,
    reserveGiB: reserve,
    totalGiB: weightsGiB + computeGiB + reserve,
    availableGiB,
    layers: 0,
  }
}

function breakdown(perDevice: DeviceMemory[]): MemoryBreakdown {
  const sum = (k: 'weightsGiB' | 'computeGiB' | 'reserveGiB' | 'totalGiB') =>
    perDevice.reduce((s, d) => s + d[k], 0)
  return {
    weightsGiB: sum('weightsGiB'),
    kvCacheGiB: 0,
    computeGiB: sum('computeGiB'),
    reserveGiB: sum('reserveGiB'),
    totalGiB: sum('totalGiB'),
    perDevice,
  }
}

/**
 * Placement, in order: everything on the GPU with the most room; the text encoders in RAM and the
 * rest on that GPU; everything on the CPU; nowhere (`placement: none`).
 */
export function placeAux(m: Machine, need: AuxNeed): AuxPlan {
  let gpu: GpuDevice | null = null
  for (const g of m.gpus) if (gpu == null || g.availableGiB > gpu.availableGiB) gpu = g
  const all = need.coreBytes + need.offloadableBytes
  const ram = m.cpu.availableGiB
  if (gpu != null) {
    const r = reserveGiB(gpu)
    const whole = device(gpu.device, gpu.name, all, need.computeBytes, r, gpu.availableGiB)
    if (whole.totalGiB <= gpu.availableGiB)
      return {
        placement: 'gpu',
        gpu,
        memory: breakdown([whole]),
        headroomGiB: gpu.availableGiB - whole.totalGiB,
      }
    const core = device(
      gpu.device,
      gpu.name,
      need.coreBytes,
      need.computeBytes,
      r,
      gpu.availableGiB,
    )
    const rest = device('cpu', 'System RAM', need.offloadableBytes, 0, 0, ram)
    if (need.offloadableBytes > 0 && core.totalGiB <= gpu.availableGiB && rest.totalGiB <= ram)
      return {
        placement: 'partial-offload',
        gpu,
        memory: breakdown([core, rest]),
        headroomGiB: Math.min(gpu.availableGiB - core.totalGiB, ram - rest.totalGiB),
      }
  }
  const cpu = device('cpu', 'System RAM', all, need.computeBytes, 0, ram)
  if (cpu.totalGiB <= ram)
    return {
      placement: 'cpu',
      gpu: null,
      memory: breakdown([cpu]),
      headroomGiB: ram - cpu.totalGiB,
    }
  return { placement: 'none', gpu: null, memory: breakdown([cpu]), headroomGiB: ram - cpu.totalGiB }
}

/** The largest memory any one device offers (for "too big" sentences). */
export function largestDeviceGiB(m: Machine): number {
  return Math.max(m.cpu.availableGiB, ...m.gpus.map((g) => g.availableGiB))
}

/** The compute the plan's device offers, with the efficiencies the engine fitted for it. */
export interface AuxCompute {
  readonly name: string
  readonly tflops: number
  readonly tflopsSource: string
  readonly computeEfficiency: number
  readonly bandwidthGBps: number
  readonly bandwidthSource: string
  readonly bandwidthEfficiency: number
  readonly efficiencySource: string
}

/** Compute of the plan's GPU, or of the CPU when it runs there. */
export function computeOf(plan: AuxPlan, m: Machine, data: FitData): AuxCompute {
  const g = plan.gpu
  if (g == null) {
    const c = cpuEfficiencyFor(data.efficiency, m.cpu.family)
    return {
      name: 'CPU',
      tflops: m.cpu.tflops,
      tflopsSource: m.cpu.tflopsSource,
      computeEfficiency: c.prefill,
      bandwidthGBps: m.cpu.bandwidthGBps,
      bandwidthSource: m.cpu.bandwidthSource,
      bandwidthEfficiency: c.decode,
      efficiencySource: c.key,
    }
  }
  // The vendor/backend factor, not the architecture's: per-architecture prefill factors are
  // fitted on llama.cpp LLM prompt processing only, not on image, speech or embedding runs.
  const e = efficiencyFor(data.efficiency, g.vendor, g.backend, g.efficiencyGroup)
  return {
    name: g.name,
    tflops: g.tflops ?? UNKNOWN_GPU_TFLOPS,
    tflopsSource: g.tflopsSource ?? `not in catalog: ${UNKNOWN_GPU_TFLOPS} TFLOPS assumed`,
    computeEfficiency: e.prefill,
    bandwidthGBps: g.bandwidthGBps,
    bandwidthSource: g.bandwidthSource,
    bandwidthEfficiency: e.decode,
    efficiencySource: e.key,
  }
}

/**
 * Verdict thresholds per kind; working rules for a homelab, not studies:
 * - image: an image in 10 s keeps prompt tweaking interactive; over a minute it is a batch job;
 * - speech: a real-time factor of 0.5 transcribes live with room to spare; above 1 it falls behind;
 * - embedding: 1000 tokens/s indexes a million tokens (a few thousand pages) in under 20 minutes;
 *   under 100 tokens/s the same takes about three hours.
 */
export const AUX_THRESHOLDS = {
  image: { runsWellSecondsPerImage: 10, usableSecondsPerImage: 60 },
  speech: { runsWellRealTimeFactor: 0.5, usableRealTimeFactor: 1 },
  embedding: { runsWellTokensPerSec: 1000, usableTokensPerSec: 100 },
} as const

/** The verdict from headroom and the kind's speed figure: `good` and `usable` as booleans. */
export function auxLevel(plan: AuxPlan, good: boolean, usable: boolean): FitLevel {
  if (plan.placement === 'none') return 'too-big'
  if (!usable || plan.headroomGiB < SAFETY_MARGIN_GIB) return 'tight'
  return good ? 'runs-well' : 'runs'
}

/** A sentence for the memory side of the plan. */
export function placementReason(plan: AuxPlan, m: Machine): string {
  const f1 = (n: number) => n.toFixed(1)
  const gpuPart = plan.memory.perDevice.find((d) => d.device !== 'cpu')
  const cpuPart = plan.memory.perDevice.find((d) => d.device === 'cpu')
  switch (plan.placement) {
    case 'gpu':
      return `Needs ${f1(gpuPart?.totalGiB ?? 0)} GiB of ${f1(gpuPart?.availableGiB ?? 0)} GiB on ${gpuPart?.name ?? 'the GPU'}`
    case 'partial-offload':
      return `The text encoders (${f1(cpuPart?.totalGiB ?? 0)} GiB) stay in system RAM; the rest needs ${f1(gpuPart?.totalGiB ?? 0)} GiB of ${f1(gpuPart?.availableGiB ?? 0)} GiB on ${gpuPart?.name ?? 'the GPU'}`
    case 'cpu':
      return `Runs on the CPU: needs ${f1(cpuPart?.totalGiB ?? 0)} GiB of ${f1(m.cpu.availableGiB)} GiB free RAM${m.gpus.length > 0 ? ' (it does not fit on the GPU)' : ''}`
    case 'none':
      return `Too big: needs ${f1(plan.memory.totalGiB)} GiB; the largest device here offers ${f1(largestDeviceGiB(m))} GiB`
  }
}

const LEVEL_ORDER: Readonly<Record<AuxFitResult['level'], number>> = {
  'runs-well': 0,
  runs: 1,
  tight: 2,
  unknown: 3,
  'too-big': 4,
}

// Larger models are the better ones within a kind (Whisper large vs tiny, FLUX vs SD 1.5), so, as
// for LLMs, doubling the parameters is worth ~1.4x the speed.
function auxScore(r: AuxFitResult, paramsB: number | null): number {
  const s = r.speed
  let rate = 0.01
  if (s?.kind === 'image') rate = 1 / s.secondsPerImage
  else if (s?.kind === 'speech') rate = 1 / s.realTimeFactor
  else if (s?.kind === 'embedding') rate = s.tokensPerSec
  return Math.log(Math.max(rate, 1e-6)) + Math.log(paramsB ?? 1) * 1.4
}

/** Best first: by verdict (unknown after tight), then speed weighed with model size. */
export function compareAux(
  a: { readonly fit: AuxFitResult; readonly paramsB: number | null },
  b: { readonly fit: AuxFitResult; readonly paramsB: number | null },
): number {
  const level = LEVEL_ORDER[a.fit.level] - LEVEL_ORDER[b.fit.level]
  if (level !== 0) return level
  return auxScore(b.fit, b.paramsB) - auxScore(a.fit, a.paramsB)
}

/** Whether `kind` is one of the non-LLM kinds. */
export function isAuxKind(kind: string): kind is AuxKind {
  return kind === 'image' || kind === 'speech' || kind === 'embedding'
}
