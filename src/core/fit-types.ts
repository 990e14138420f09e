/**
 * The fit engine's contract: what `homelab-ai fit --json` prints, what the Models page and the
 * lab planner consume. Implemented in src/core/fit-*.ts; everything here is plain data.
 */

export type KvCacheType = 'f16' | 'q8_0' | 'q4_0'

/** How the model is spread over the machine. */
export type Placement = 'gpu' | 'multi-gpu' | 'partial-offload' | 'cpu' | 'none'

/** A verdict for people, with the machine-readable id. */
export type FitLevel = 'runs-well' | 'runs' | 'tight' | 'too-big'

/** One device's share of the memory, against what that device has free. */
export interface DeviceMemory {
  /** `gpu0`, `gpu1`, ... in probe order, or `cpu` for system RAM. */
  readonly device: string
  readonly name: string
  readonly weightsGiB: number
  readonly kvCacheGiB: number
  readonly computeGiB: number
  readonly reserveGiB: number
  readonly totalGiB: number
  /** Free VRAM when the probe knows it, else total VRAM (said in `reasons`); RAM available for `cpu`. */
  readonly availableGiB: number
  /** Layers (or experts' share, for MoE offload) placed here. */
  readonly layers: number
}

export interface MemoryBreakdown {
  readonly weightsGiB: number
  readonly kvCacheGiB: number
  readonly computeGiB: number
  readonly reserveGiB: number
  readonly totalGiB: number
  readonly perDevice: readonly DeviceMemory[]
}

/** The figures a speed estimate rests on, so a user can check them. */
export interface SpeedBasis {
  /** Effective bytes per second read per generated token, and where the bandwidth came from. */
  readonly bandwidthGBps: number
  readonly bandwidthSource: string
  /** FLOPS used for prefill, and where they came from. */
  readonly computeTflops: number | null
  readonly computeSource: string | null
  /** The efficiency factor applied (share of theoretical), per backend and vendor. */
  readonly efficiency: number
  readonly efficiencySource: string
  /** `catalog` (datasheet figures) or `measured` (this machine's own benchmark: calibration). */
  readonly kind: 'catalog' | 'measured'
  readonly explanation: string
}

export interface SpeedEstimate {
  /** Comparable with llama-bench `tg128`. */
  readonly decodeTokensPerSec: number
  /** Comparable with llama-bench `pp512`. */
  readonly prefillTokensPerSec: number
  /** For a prompt of `promptTokens` tokens. */
  readonly timeToFirstTokenSec: number
  readonly promptTokens: number
  readonly basis: SpeedBasis
}

/** The answer for one model at one quantization and context on one machine. */
export interface FitResult {
  readonly model: { readonly id: string; readonly name: string; readonly kind: string }
  readonly quant: string
  readonly contextTokens: number
  readonly kvCacheType: KvCacheType
  readonly fits: boolean
  readonly placement: Placement
  /** Layers on GPUs (all of them when placement is gpu/multi-gpu; 0 on cpu/none). */
  readonly gpuLayers: number
  readonly totalLayers: number
  /**
   * What lives in system RAM besides the embedding: `layers` (the first layers run on the CPU),
   * `moe-experts` (attention on the GPU, part of the experts in RAM), `none`.
   */
  readonly offload?: 'none' | 'layers' | 'moe-experts'
  readonly memory: MemoryBreakdown
  /** Null when it does not fit anywhere. */
  readonly speed: SpeedEstimate | null
  readonly level: FitLevel
  /** Why: one sentence each, most important first. */
  readonly reasons: readonly string[]
}
