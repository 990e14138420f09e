/**
 * Where the layers go, the way llama.cpp places them: the whole model on one GPU; split by layers
 * over several GPUs (each needs its own compute buffer, the output head sits on the last); MoE
 * experts in RAM with attention on the GPU (`--n-cpu-moe`); the first layers on the CPU and the
 * rest on the GPU (`-ngl N`); CPU only; or nowhere.
 */
import type { GpuDevice, Machine } from './fit-machine.js'
import { RESERVE_GIB, type WeightSplit } from './fit-memory.js'
import type { Placement } from './fit-types.js'

const GIB = 2 ** 30

/** One GPU's share. */
export interface GpuShare {
  readonly dev: GpuDevice
  readonly layers: number
  readonly weightsBytes: number
  /** Of weightsBytes, what one token reads (MoE: only the active experts). */
  readonly readBytes: number
  readonly kvBytes: number
  readonly computeBytes: number
  readonly reserveBytes: number
}

/** The placement and every device's share. */
export interface Plan {
  readonly placement: Placement
  readonly offload: 'none' | 'layers' | 'moe-experts'
  readonly fits: boolean
  readonly gpuLayers: number
  readonly gpus: readonly GpuShare[]
  readonly cpu: {
    readonly layers: number
    readonly weightsBytes: number
    /** Of weightsBytes, what llama.cpp streams to a GPU during prompt processing (all but the embedding). */
    readonly streamBytes: number
    readonly readBytes: number
    readonly kvBytes: number
    readonly computeBytes: number
  }
  /** GPU layers forced by the request that did not fit (llama.cpp would fail to allocate). */
  readonly forcedTooMany: boolean
}

/** What placement needs about the model at this quant and context. */
export interface PlacementInput {
  readonly w: WeightSplit
  readonly layers: number
  readonly kvBytes: number
  readonly computeBytes: number
  /** Share of expert bytes one token reads (experts used / experts total); 1 for dense. */
  readonly activeExpertShare: number
  readonly forcedGpuLayers?: number
}

function reserveBytes(dev: GpuDevice): number {
  return (dev.backend === 'metal' ? RESERVE_GIB.metal : RESERVE_GIB.cuda) * GIB
}

function readOf(inp: PlacementInput, layers: number, expertsOnGpu: boolean): number {
  const dense = inp.w.layerBytes - inp.w.expertBytesPerLayer
  const experts = expertsOnGpu ? inp.w.expertBytesPerLayer * inp.activeExpertShare : 0
  return layers * (dense + experts)
}

function share(
  dev: GpuDevice,
  inp: PlacementInput,
  layers: number,
  withOutput: boolean,
  expertLayers: number,
): GpuShare {
  const perLayerKv = inp.kvBytes / inp.layers
  const dense = inp.w.layerBytes - inp.w.expertBytesPerLayer
  const out = withOutput ? inp.w.outputBytes : 0
  return {
    dev,
    layers,
    weightsBytes: layers * dense + expertLayers * inp.w.expertBytesPerLayer + out,
    readBytes:
      readOf(inp, layers, false) +
      expertLayers * inp.w.expertBytesPerLayer * inp.activeExpertShare +
      out,
    kvBytes: layers * perLayerKv,
    computeBytes: inp.computeBytes,
    reserveBytes: reserveBytes(dev),
  }
}

// Free bytes per GPU after its fixed costs; the output head is charged to the last GPU.
function capacities(
  gpus: readonly GpuDevice[],
  inp: PlacementInput,
  withOutput: boolean,
): number[] {
  return gpus.map((g, i) => {
    const out = withOutput && i === gpus.length - 1 ? inp.w.outputBytes : 0
    return Math.max(0, g.availableGiB * GIB - reserveBytes(g) - inp.computeBytes - out)
  })
}

function layersFitting(caps: readonly number[], perLayer: number): number[] {
  return caps.map((c) => (perLayer > 0 ? Math.floor(c / perLayer) : Number.MAX_SAFE_INTEGER))
}

// Hand out `total` layers proportionally to what each GPU can hold (llama.cpp splits by free memory).
function distribute(total: number, fit: readonly number[]): number[] {
  const sum = fit.reduce((s, n) => s + n, 0)
  const out = fit.map((n) => Math.min(n, Math.floor((total * n) / Math.max(1, sum))))
  let left = total - out.reduce((s, n) => s + n, 0)
  for (let i = 0; left > 0 && i < out.length; i++) {
    const add = Math.min(left, (fit[i] ?? 0) - (out[i] ?? 0))
    out[i] = (out[i] ?? 0) + add
    left -= add
  }
  return out
}

function cpuPart(
  inp: PlacementInput,
  layers: number,
  withOutput: boolean,
  extraExpertBytes: number,
  extraExpertRead: number,
) {
  const dense = inp.w.layerBytes
  const out = withOutput ? inp.w.outputBytes : 0
  return {
    layers,
    weightsBytes: inp.w.embedBytes + out + layers * dense + extraExpertBytes,
    streamBytes: out + layers * dense + extraExpertBytes,
    readBytes: out + readOf(inp, layers, true) + extraExpertRead,
    kvBytes: (inp.kvBytes / inp.layers) * layers,
    computeBytes: layers > 0 || extraExpertBytes > 0 ? inp.computeBytes : 0,
  }
}

/**
 * Bytes the GPUs take from system RAM: what an AMD iGPU holds beyond its BIOS carve-out sits in
 * its GTT, which is the same free RAM the CPU side draws on.
 */
export function ramDrawnBytes(gpus: readonly GpuShare[]): number {
  let bytes = 0
  for (const g of gpus) {
    if (g.dev.ramBackedGiB <= 0) continue
    const used = g.weightsBytes + g.kvBytes + g.computeBytes + g.reserveBytes
    bytes += Math.max(0, used - (g.dev.availableGiB - g.dev.ramBackedGiB) * GIB)
  }
  return bytes
}

// RAM for the CPU-resident part and for the GPUs' share of system RAM. On unified memory the
// GPU's buffers are bounded by the Metal working-set limit already (fit-machine.ts), so they are
// not charged twice here.
function cpuFits(m: Machine, cpu: Plan['cpu'], gpus: readonly GpuShare[]): boolean {
  return (
    cpu.weightsBytes + cpu.kvBytes + cpu.computeBytes + ramDrawnBytes(gpus) <=
    m.cpu.availableGiB * GIB
  )
}

/** Decide the placement. Never throws; `fits: false` with placement `none` when nothing works. */
export function place(m: Machine, inp: PlacementInput): Plan {
  const L = inp.layers
  const perLayer = inp.w.layerBytes + inp.kvBytes / L
  const forced = inp.forcedGpuLayers
  const none = (forcedTooMany: boolean): Plan => ({
    placement: 'none',
    offload: 'none',
    fits: false,
    gpuLayers: 0,
    gpus: [],
    cpu: cpuPart(inp, L, true, 0, 0),
    forcedTooMany,
  })
  if (m.gpus.length > 0 && forced !== 0) {
    // Whole model on the GPU with the most room, then over all of them.
    let best = m.gpus[0] as GpuDevice
    for (const g of m.gpus) if (g.availableGiB > best.availableGiB) best = g
    const one = layersFitting(capacities([best], inp, true), perLayer)[0] ?? 0
    const wantAll = forced == null || forced >= L
    if (one >= L && wantAll) {
      const g = share(best, inp, L, true, L)
      return {
        placement: 'gpu',
        offload: 'none',
        fits: cpuFits(m, cpuPart(inp, 0, false, 0, 0), [g]),
        gpuLayers: L,
        gpus: [g],
        cpu: cpuPart(inp, 0, false, 0, 0),
        forcedTooMany: false,
      }
    }
    const ordered = m.gpus
    const fitAll = layersFitting(capacities(ordered, inp, true), perLayer)
    if (ordered.length > 1 && fitAll.reduce((s, n) => s + n, 0) >= L && wantAll) {
      const split = distribute(L, fitAll)
      const shares = ordered
        .map((d, i) => share(d, inp, split[i] ?? 0, i === ordered.length - 1, split[i] ?? 0))
        .filter((s) => s.layers > 0)
      return {
        placement: 'multi-gpu',
        offload: 'none',
        fits: cpuFits(m, cpuPart(inp, 0, false, 0, 0), shares),
        gpuLayers: L,
        gpus: shares,
        cpu: cpuPart(inp, 0, false, 0, 0),
        forcedTooMany: false,
      }
    }
    if (wantAll && forced != null) return none(true)
    // MoE: attention, norms and shared parts of every layer on the GPUs, experts of the rest in RAM.
    if (inp.w.expertBytesPerLayer > 0 && forced == null) {
      const dense = inp.w.layerBytes - inp.w.expertBytesPerLayer + inp.kvBytes / L
      const caps = capacities(ordered, inp, true)
      const room = caps.reduce((s, c) => s + c, 0) - L * dense
      if (room >= 0) {
        const keep = Math.min(L, Math.floor(room / inp.w.expertBytesPerLayer))
        const split = distribute(
          L,
          layersFitting(caps, dense + (keep / L) * inp.w.expertBytesPerLayer),
        )
        const expertSplit = distribute(keep, split)
        const shares = ordered
          .map((d, i) =>
            share(d, inp, split[i] ?? 0, i === ordered.length - 1, expertSplit[i] ?? 0),
          )
          .filter((s) => s.layers > 0)
        const off = (L - keep) * inp.w.expertBytesPerLayer
        const cpu = cpuPart(inp, 0, false, off, off * inp.activeExpertShare)
        if (cpuFits(m, cpu, shares))
          return {
            placement: 'partial-offload',
            offload: 'moe-experts',
            fits: true,
            gpuLayers: L,
            gpus: shares,
            cpu,
            forcedTooMany: false,
          }
      }
    }
    // Dense partial offload: llama.cpp offloads the last layers; the output head joins them only
    // when every layer is on the GPU, so here it stays on the CPU.
    const fitNoOut = layersFitting(capacities(ordered, inp, false), perLayer)
    const canGpu = Math.min(
      L - 1,
      fitNoOut.reduce((s, n) => s + n, 0),
    )
    const n = forced != null ? Math.min(forced, L) : canGpu
    if (forced != null && forced > canGpu) return none(true)
    if (n > 0) {
      const split = distribute(n, fitNoOut)
      const shares = ordered
        .map((d, i) => share(d, inp, split[i] ?? 0, false, split[i] ?? 0))
        .filter((s) => s.layers > 0)
      const cpu = cpuPart(inp, L - n, true, 0, 0)
      if (cpuFits(m, cpu, shares))
        return {
          placement: 'partial-offload',
          offload: 'layers',
          fits: true,
          gpuLayers: n,
          gpus: shares,
          cpu,
          forcedTooMany: false,
        }
    }
  }
  const cpu = cpuPart(inp, L, true, 0, 0)
  if (cpuFits(m, cpu, []))
    return {
      placement: 'cpu',
      offload: 'none',
      fits: true,
      gpuLayers: 0,
      gpus: [],
      cpu,
      forcedTooMany: false,
    }
  return none(false)
}
