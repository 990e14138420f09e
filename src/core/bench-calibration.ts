import type { BenchDocument, Calibration, LlmBenchResult } from './bench-types.js'

/**
 * The measured figures the fit engine should use, from saved runs given newest first. Rules:
 * - each figure comes from the newest run that has it, so `bench memory` today does not hide
 *   yesterday's `bench llm`;
 * - memory: the all-core read bandwidth, because generating a token streams the weights once;
 * - runs on the tiny generated model are skipped: their speed is runtime overhead, not the machine.
 */
export function calibrationFromRuns(runsNewestFirst: readonly BenchDocument[]): Calibration {
  const memory = runsNewestFirst.find((run) => run.memory != null)?.memory
  const llm = runsNewestFirst.map((run) => run.llm).find(isRealModel)
  const gpuLlm = runsNewestFirst.map((run) => run.gpu?.llm ?? undefined).find(isRealModel)
  return {
    ...(memory == null ? {} : { memoryBandwidthGBps: memory.readGBps }),
    ...(llm == null ? {} : { llm: figures(llm) }),
    ...(gpuLlm == null ? {} : { gpuLlm: figures(gpuLlm) }),
  }
}

function isRealModel(result: LlmBenchResult | undefined): result is LlmBenchResult {
  return result != null && result.modelSource !== 'tiny-generated'
}

function figures(result: LlmBenchResult): NonNullable<Calibration['llm']> {
  return {
    model: result.model,
    promptTokensPerSec: result.promptTokensPerSec,
    generationTokensPerSec: result.generationTokensPerSec,
  }
}
