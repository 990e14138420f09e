/**
 * The benchmark document: what `homelab-ai bench --json` prints and what the store keeps in
 * `bench_runs.results_json`. Every figure names its unit, and every section keeps the parameters
 * it ran with, so two runs can be compared and a reader can repeat one.
 */

/** Bumped when a field changes meaning or is removed; adding fields keeps the version. */
export const BENCH_SCHEMA_VERSION = 1

/** The parts of a benchmark run, in the order `bench all` runs them. */
export const BENCH_SECTIONS = ['memory', 'disk', 'cpu', 'gpu', 'llm'] as const

export type BenchSection = (typeof BENCH_SECTIONS)[number]

/**
 * How long to measure:
 * - `quick`: small sizes and few repetitions (a minute on a small machine);
 * - `standard`: the default;
 * - `full`: bigger files and more repetitions, for figures worth keeping.
 */
export type BenchLevel = 'quick' | 'standard' | 'full'

/** The 1-minute load average and core count seen before a section ran. */
export interface LoadSnapshot {
  readonly loadAverage1m: number | null
  readonly logicalCpus: number
}

/** Memory bandwidth in GB/s (1e9 bytes per second). */
export interface MemoryBenchResult {
  /** Copy traffic with all threads, STREAM-style: copying N bytes counts 2N (read + write). */
  readonly copyGBps: number
  /** Read bandwidth with all threads (see `readMethod`). */
  readonly readGBps: number
  /** Write (fill) bandwidth with all threads. */
  readonly writeGBps: number
  /** Copy traffic (2N per N bytes copied) with one thread. */
  readonly singleThreadCopyGBps: number
  readonly singleThreadReadGBps: number
  readonly singleThreadWriteGBps: number
  readonly params: {
    readonly threads: number
    /** Bytes touched by one pass over all threads' buffers, in MiB. */
    readonly workingSetMiB: number
    /** The last-level cache the working set was sized against (null when the OS did not say). */
    readonly lastLevelCacheMiB: number | null
    /** Each figure is the best of this many repetitions. */
    readonly repetitions: number
    readonly copyMethod: string
    readonly readMethod: string
    readonly writeMethod: string
  }
  readonly load: LoadSnapshot
  readonly warnings: readonly string[]
}

/** Disk throughput on one folder, in MB/s (1e6 bytes per second) and IOPS. */
export interface DiskBenchResult {
  readonly seqWriteMBps: number
  readonly seqReadMBps: number
  readonly randReadIops: number
  /** Mean latency of one 4 KiB random read, in microseconds. */
  readonly randReadLatencyUs: number
  readonly params: {
    readonly path: string
    readonly fileMiB: number
    readonly seqBlockKiB: number
    readonly randBlockKiB: number
    /** Outstanding requests: 1 (one synchronous read at a time, like fio's psync with iodepth 1). */
    readonly queueDepth: number
    readonly randDurationMs: number
    /** True when O_DIRECT bypassed the page cache; false means the figures may show cache speed. */
    readonly directIo: boolean
    readonly fileSystem: string | null
  }
  readonly notes: readonly string[]
}

/** CPU throughput scores: millions of simple operations per second (higher is better). */
export interface CpuBenchResult {
  readonly singleThreadIntegerScore: number
  readonly singleThreadFloatScore: number
  readonly multiThreadIntegerScore: number
  readonly multiThreadFloatScore: number
  readonly params: {
    readonly threads: number
    readonly durationMsPerTest: number
    readonly integerKernel: string
    readonly floatKernel: string
  }
  readonly load: LoadSnapshot
  readonly warnings: readonly string[]
}

/** One GPU as nvidia-smi reported it while the benchmark ran. */
export interface GpuBenchDevice {
  readonly index: number | null
  readonly name: string
  readonly pciBusId: string | null
  readonly pcieGenCurrent: number | null
  readonly pcieGenMax: number | null
  readonly pcieWidthCurrent: number | null
  readonly pcieWidthMax: number | null
  readonly graphicsClockMHz: number | null
  readonly memoryClockMHz: number | null
  readonly maxGraphicsClockMHz: number | null
  readonly maxMemoryClockMHz: number | null
  readonly memoryUsedMiB: number | null
  readonly memoryTotalMiB: number | null
  readonly temperatureC: number | null
  readonly powerDrawW: number | null
}

/** GPU facts and the all-layers-on-GPU inference run; `available: false` is a result, not an error. */
export interface GpuBenchResult {
  readonly available: boolean
  /** Why there is no GPU figure ("no NVIDIA GPU found", "node-llama-cpp has no GPU build here"). */
  readonly reason: string | null
  readonly devices: readonly GpuBenchDevice[]
  /** The llama.cpp backend used (`cuda`, `vulkan`, `metal`) or null. */
  readonly backend: string | null
  /**
   * Weights uploaded per second while loading the model with every layer on the GPU (second load,
   * file in the page cache): a lower bound of host-to-device bandwidth; null when not measured.
   */
  readonly hostToDeviceGBps: number | null
  readonly llm: LlmBenchResult | null
  readonly notes: readonly string[]
}

/** Where the benchmarked model came from. */
export type LlmModelSource = 'file' | 'ollama' | 'tiny-generated'

/** Real inference through llama.cpp, comparable with llama-bench `pp512` and `tg128`. */
export interface LlmBenchResult {
  /** File name (or `ollama:NAME`) of the model. */
  readonly model: string
  readonly modelSource: LlmModelSource
  readonly modelPath: string
  readonly modelSizeMiB: number
  /** Prompt processing: tokens per second for one batch of `promptTokens` (mean over repetitions). */
  readonly promptTokensPerSec: number
  /** Generation: tokens per second, one token at a time, greedy (mean over runs). */
  readonly generationTokensPerSec: number
  /** Per-token generation latency percentiles over all runs, in ms. */
  readonly tokenLatencyP50Ms: number
  readonly tokenLatencyP90Ms: number
  /** Whether every run produced the same tokens at temperature 0. */
  readonly identicalTokensAcrossRuns: boolean
  /** The first generated token ids of the first run, for a reader to compare. */
  readonly firstTokens: readonly number[]
  readonly params: {
    readonly promptTokens: number
    readonly generatedTokens: number
    readonly promptRepetitions: number
    readonly generationRuns: number
    readonly threads: number
    readonly batchSize: number
    readonly contextSize: number
    /** 0 for CPU-only; the layer count when every layer is on the GPU. */
    readonly gpuLayers: number
    /** `false` (CPU) or the llama.cpp GPU backend. */
    readonly gpu: string | false
  }
  readonly load: LoadSnapshot
  readonly warnings: readonly string[]
}

/** One benchmark run: the sections asked for, and the machine snapshot they ran on. */
export interface BenchDocument {
  readonly schemaVersion: number
  /** ISO-8601 UTC. */
  readonly runAt: string
  /** The hardware snapshot saved with this run (null when it was not saved). */
  readonly snapshotId: number | null
  readonly level: BenchLevel
  readonly sections: readonly BenchSection[]
  readonly memory?: MemoryBenchResult
  readonly disk?: DiskBenchResult
  readonly cpu?: CpuBenchResult
  readonly gpu?: GpuBenchResult
  readonly llm?: LlmBenchResult
  /** Sections that could not run, with the reason; the others still count. */
  readonly failures: readonly { readonly section: BenchSection; readonly message: string }[]
  readonly durationMs: number
}

/** Measured figures the fit engine can use instead of datasheet ones. */
export interface Calibration {
  /** All-core read bandwidth of system RAM. */
  readonly memoryBandwidthGBps?: number
  readonly llm?: {
    readonly model: string
    readonly promptTokensPerSec: number
    readonly generationTokensPerSec: number
  }
  /** The same figures with every layer on the GPU (from `bench gpu`). */
  readonly gpuLlm?: {
    readonly model: string
    readonly promptTokensPerSec: number
    readonly generationTokensPerSec: number
  }
}
