import { statSync } from 'node:fs'
import path from 'node:path'
import type {
  BenchDocument,
  BenchLevel,
  BenchSection,
  LlmBenchResult,
  LoadSnapshot,
} from '../../core/bench-types.js'
import { BENCH_SCHEMA_VERSION, BENCH_SECTIONS } from '../../core/bench-types.js'
import {
  BENCH_LEVELS,
  estimateSectionSec,
  remainingSec,
  type BenchLevelParams,
} from '../../core/bench-levels.js'
import { chooseThreadCount } from '../../core/bench-threads.js'
import { HomelabError, InputFileError } from '../../core/errors.js'
import type { RunCommand } from '../system/run-command.js'
import type { TinyModelOptions } from '../gguf/tiny-model.js'
import type { LlmModelChoice } from './llm-bench.js'
import { readLoad as readMachineLoad, readLastLevelCacheBytes } from './machine-load.js'
import { resolveOllamaModel } from './ollama-model.js'
import type { BenchProgressEvent } from './progress.js'
import { BenchAbortedError } from './worker-team.js'

/** Which model the LLM (and GPU) sections run. */
export type ModelRequest =
  | { readonly kind: 'tiny' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'ollama'; readonly name: string }

/** What to run. */
export interface BenchPlan {
  readonly sections: readonly BenchSection[]
  readonly level: BenchLevel
  /** The folder for the disk test. */
  readonly diskPath: string
  readonly model: ModelRequest
  /** `--threads N`; otherwise each section picks (see chooseThreadCount). */
  readonly threads?: number
  readonly physicalCores: number
  readonly snapshotId: number | null
  /** Replaces the level's sizes (tests use tiny ones). */
  readonly params?: BenchLevelParams
  /** Replaces the generated model's shape (tests use a smaller one). */
  readonly tinyModel?: TinyModelOptions
}

/** What the run needs from outside; all but `run` and `now` have real defaults. */
export interface RunBenchmarksDeps {
  readonly run: RunCommand
  readonly now: () => Date
  readonly signal?: AbortSignal
  readonly onProgress?: (event: BenchProgressEvent) => void
  /** One-line notices for the user (which model was used, busy machine). */
  readonly onNotice?: (text: string) => void
  readonly readLoad?: () => LoadSnapshot
  readonly gpuBackends?: () => Promise<readonly string[]>
  readonly ollamaStores?: readonly string[]
}

/** Step names for progress. */
function stepName(section: BenchSection, plan: BenchPlan, modelName: string): string {
  switch (section) {
    case 'memory':
      return 'memory bandwidth'
    case 'disk':
      return `disk on ${plan.diskPath}`
    case 'cpu':
      return 'CPU scores'
    case 'gpu':
      return 'GPU'
    case 'llm':
      return `LLM inference (${modelName})`
  }
}

/**
 * Runs the chosen sections in the fixed order memory, disk, cpu, gpu, llm, and returns one
 * document. Rules:
 * - a section that fails with a HomelabError is recorded in `failures` and the rest still run;
 * - an abort (Ctrl-C) stops at once and throws BenchAbortedError, after every section removed
 *   its temporary files;
 * - the model is resolved before anything runs, so a wrong `--model` fails in a second.
 */
export async function runBenchmarks(
  plan: BenchPlan,
  deps: RunBenchmarksDeps,
): Promise<BenchDocument> {
  const started = performance.now()
  const runAt = deps.now().toISOString()
  const params = plan.params ?? BENCH_LEVELS[plan.level]
  const sections = BENCH_SECTIONS.filter((s) => plan.sections.includes(s))
  const load = deps.readLoad ?? (() => readMachineLoad())
  const needsModel = sections.includes('llm') || sections.includes('gpu')
  // A named model is checked before anything runs; the tiny one is written only when first used.
  const named =
    needsModel && plan.model.kind !== 'tiny' ? await resolveModel(plan.model, plan, deps) : null
  let resolved = named
  const model = async (): Promise<LlmModelChoice> => {
    resolved ??= await resolveModel(plan.model, plan, deps)
    return resolved.model
  }
  const modelName = named?.model.name ?? 'tiny generated model'
  const estimates = sections.map((s) => estimateSectionSec(s, params))
  const results: Partial<Record<BenchSection, unknown>> = {}
  const failures: { section: BenchSection; message: string }[] = []
  try {
    for (const [index, section] of sections.entries()) {
      if (deps.signal?.aborted === true) throw new BenchAbortedError()
      const sectionStart = performance.now()
      const step = stepName(section, plan, modelName)
      const report = (fraction: number) => {
        const elapsed = (performance.now() - sectionStart) / 1000
        const done = estimates.slice(0, index).reduce((s, e) => s + e, 0)
        const total = estimates.reduce((s, e) => s + e, 0)
        deps.onProgress?.({
          step,
          stepIndex: index + 1,
          stepCount: sections.length,
          fraction: Math.min(1, (done + (estimates[index] ?? 0) * fraction) / total),
          etaSec: remainingSec(
            estimates[index] ?? 0,
            elapsed,
            fraction,
            estimates.slice(index + 1),
          ),
        })
      }
      report(0)
      try {
        results[section] = await runSection(section, plan, params, model, load(), deps, report)
      } catch (error) {
        if (error instanceof BenchAbortedError || isAborted(deps.signal))
          throw new BenchAbortedError()
        if (!(error instanceof HomelabError)) throw error
        failures.push({ section, message: error.message })
      }
      report(1)
    }
  } finally {
    resolved?.remove()
  }
  return {
    schemaVersion: BENCH_SCHEMA_VERSION,
    runAt,
    snapshotId: plan.snapshotId,
    level: plan.level,
    sections,
    ...(results as Partial<Omit<BenchDocument, 'schemaVersion'>>),
    failures,
    durationMs: Math.round(performance.now() - started),
  }
}

async function runSection(
  section: BenchSection,
  plan: BenchPlan,
  params: BenchLevelParams,
  model: () => Promise<LlmModelChoice>,
  load: LoadSnapshot,
  deps: RunBenchmarksDeps,
  onProgress: (fraction: number) => void,
): Promise<unknown> {
  const common = { signal: deps.signal, onProgress, load }
  switch (section) {
    case 'memory': {
      const { runMemoryBench, defaultWorkingSetBytes } = await import('./memory-bench.js')
      const llc = readLastLevelCacheBytes()
      return runMemoryBench({
        ...common,
        threads: plan.threads,
        repetitions: params.memory.repetitions,
        lastLevelCacheBytes: llc,
        workingSetBytes: defaultWorkingSetBytes(llc, params.memory.floorMiB),
      })
    }
    case 'disk': {
      const { runDiskBench } = await import('./disk-bench.js')
      return runDiskBench({
        dir: plan.diskPath,
        fileBytes: params.disk.fileMiB * 1024 * 1024,
        randDurationMs: params.disk.randDurationMs,
        signal: deps.signal,
        onProgress,
      })
    }
    case 'cpu': {
      const { runCpuBench } = await import('./cpu-bench.js')
      return runCpuBench({
        ...common,
        threads: plan.threads,
        durationMsPerTest: params.cpu.durationMsPerTest,
      })
    }
    case 'gpu': {
      const { runGpuBench } = await import('./gpu-bench.js')
      return runGpuBench({
        run: deps.run,
        model,
        // With every layer on the GPU the CPU threads only feed it; llama.cpp's own default.
        threads: chooseThreadCount({
          physicalCores: plan.physicalCores,
          loadAverage1m: load.loadAverage1m,
          requested: plan.threads,
        }).threads,
        ...params.llm,
        signal: deps.signal,
        onProgress,
        gpuBackends: deps.gpuBackends,
      })
    }
    case 'llm': {
      const choice = chooseThreadCount({
        physicalCores: plan.physicalCores,
        loadAverage1m: load.loadAverage1m,
        requested: plan.threads,
      })
      if (choice.warning != null) deps.onNotice?.(choice.warning)
      const { runLlmBench } = await import('./llm-bench.js')
      const outcome = await runLlmBench({
        ...common,
        ...params.llm,
        model: await model(),
        threads: choice.threads,
        threadWarning: choice.warning,
      })
      return outcome.result satisfies LlmBenchResult
    }
  }
}

async function resolveModel(
  request: ModelRequest,
  plan: BenchPlan,
  deps: RunBenchmarksDeps,
): Promise<{ model: LlmModelChoice; remove: () => void }> {
  switch (request.kind) {
    case 'tiny': {
      const { writeTemporaryTinyModel } = await import('./tiny-bench-model.js')
      const tiny = await writeTemporaryTinyModel(plan.tinyModel)
      deps.onNotice?.(
        `No model named: using the tiny generated model (${tiny.model.name}); its speed shows llama.cpp on this CPU, not a real model's. Pass --model FILE.gguf or --model ollama:NAME for real figures.`,
      )
      return tiny
    }
    case 'file': {
      const file = path.resolve(request.path)
      let isFile = false
      try {
        isFile = statSync(file).isFile()
      } catch {
        throw new InputFileError(
          `the model file ${file} does not exist; --model takes a .gguf file or ollama:NAME`,
        )
      }
      if (!isFile)
        throw new InputFileError(`${file} is not a file; --model takes a .gguf file or ollama:NAME`)
      return {
        model: { path: file, name: path.basename(file), source: 'file' },
        remove: () => undefined,
      }
    }
    case 'ollama': {
      const found = resolveOllamaModel(
        request.name,
        deps.ollamaStores ? [...deps.ollamaStores] : undefined,
      )
      return {
        model: { path: found.path, name: `ollama:${found.name}`, source: 'ollama' },
        remove: () => undefined,
      }
    }
  }
}

// A function, so TypeScript does not narrow `aborted` across awaits.
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true
}
