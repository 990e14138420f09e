import type { BenchLevel, BenchSection } from './bench-types.js'

/** What one level measures: sizes, repetitions and durations for each section. */
export interface BenchLevelParams {
  readonly memory: { readonly floorMiB: number; readonly repetitions: number }
  readonly disk: { readonly fileMiB: number; readonly randDurationMs: number }
  readonly cpu: { readonly durationMsPerTest: number }
  readonly llm: {
    readonly promptTokens: number
    readonly generatedTokens: number
    readonly promptRepetitions: number
    readonly generationRuns: number
  }
}

/**
 * The three levels. pp512 and tg128 stay at llama-bench's sizes at every level so figures compare
 * with published llama-bench tables; levels change only how often they repeat.
 */
export const BENCH_LEVELS: Readonly<Record<BenchLevel, BenchLevelParams>> = {
  quick: {
    memory: { floorMiB: 256, repetitions: 5 },
    disk: { fileMiB: 256, randDurationMs: 2000 },
    cpu: { durationMsPerTest: 500 },
    llm: { promptTokens: 512, generatedTokens: 128, promptRepetitions: 1, generationRuns: 2 },
  },
  standard: {
    memory: { floorMiB: 512, repetitions: 10 },
    disk: { fileMiB: 1024, randDurationMs: 5000 },
    cpu: { durationMsPerTest: 1000 },
    llm: { promptTokens: 512, generatedTokens: 128, promptRepetitions: 3, generationRuns: 2 },
  },
  full: {
    memory: { floorMiB: 1024, repetitions: 20 },
    disk: { fileMiB: 4096, randDurationMs: 10_000 },
    cpu: { durationMsPerTest: 3000 },
    llm: { promptTokens: 512, generatedTokens: 128, promptRepetitions: 5, generationRuns: 3 },
  },
}

/**
 * A first guess of each section's seconds, for the ETA before anything has run: a disk at
 * ~300 MB/s, memory at ~10 GB/s, the tiny model (a real model takes longer; the ETA then
 * follows the measured progress).
 */
export function estimateSectionSec(section: BenchSection, p: BenchLevelParams): number {
  switch (section) {
    case 'memory':
      return 2 + (p.memory.repetitions * 6 * p.memory.floorMiB) / 10_000
    case 'disk':
      return 1 + (2 * p.disk.fileMiB) / 300 + p.disk.randDurationMs / 1000
    case 'cpu':
      return 1 + (4 * p.cpu.durationMsPerTest) / 1000
    case 'gpu':
      return 2
    case 'llm':
      return 3 + p.llm.promptRepetitions * 1 + p.llm.generationRuns * 2
  }
}

/**
 * Seconds left: the sections not started at their estimate, plus the current one extrapolated
 * from its own progress once it has made some (its estimate minus elapsed before that).
 */
export function remainingSec(
  currentEstimateSec: number,
  currentElapsedSec: number,
  currentFraction: number,
  laterEstimatesSec: readonly number[],
): number {
  const later = laterEstimatesSec.reduce((sum, s) => sum + s, 0)
  const current =
    currentFraction > 0.05
      ? (currentElapsedSec * (1 - currentFraction)) / currentFraction
      : Math.max(0, currentEstimateSec - currentElapsedSec)
  return Math.max(0, current + later)
}
