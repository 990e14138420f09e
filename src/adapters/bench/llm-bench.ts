import { statSync } from 'node:fs'
import path from 'node:path'
import type { Token } from 'node-llama-cpp'
import type { LlmBenchResult, LlmModelSource, LoadSnapshot } from '../../core/bench-types.js'
import { mean, percentile, roundSignificant } from '../../core/bench-stats.js'
import { HomelabError, InputFileError } from '../../core/errors.js'
import { readLoad } from './machine-load.js'
import { BenchAbortedError } from './worker-team.js'

/** The model to run and where it came from. */
export interface LlmModelChoice {
  readonly path: string
  /** What the report calls it: a file name, `ollama:NAME`, or the tiny model's name. */
  readonly name: string
  readonly source: LlmModelSource
}

/** How the inference benchmark runs; llama-bench's defaults where it has one. */
export interface LlmBenchOptions {
  readonly model: LlmModelChoice
  readonly threads: number
  /** `false` runs on the CPU; `'auto'` lets llama.cpp pick CUDA, Vulkan or Metal. */
  readonly gpu?: false | 'auto'
  /** 0 on the CPU; `'max'` puts every layer on the GPU. */
  readonly gpuLayers?: number | 'max'
  /** pp: tokens evaluated in one batch (llama-bench `-p 512`). */
  readonly promptTokens?: number
  /** tg: tokens generated one at a time (llama-bench `-n 128`). */
  readonly generatedTokens?: number
  readonly promptRepetitions?: number
  /** At least 2, so determinism can be checked. */
  readonly generationRuns?: number
  /** Load the model twice and time the second load (the GPU upload figure). */
  readonly measureReload?: boolean
  readonly signal?: AbortSignal
  readonly onProgress?: (fraction: number) => void
  readonly load?: LoadSnapshot
  /** A warning from the thread choice (busy machine), carried into the result. */
  readonly threadWarning?: string | null
}

/** The result, plus the timed second load when asked for. */
export interface LlmBenchOutcome {
  readonly result: LlmBenchResult
  /** Bytes of weights per second on the second load; null when not measured. */
  readonly reloadGBps: number | null
  /** The GPU backend llama.cpp used, or false. */
  readonly backend: string | false
}

/** Words for the prompt: ordinary English, so real tokenizers give ordinary tokens. */
const PROMPT_TEXT =
  'The quick brown fox jumps over the lazy dog while the homelab hums along in the rack. ' +
  'Every node reports its memory, its disks and its graphics cards, and the admin reads the numbers twice. '

/**
 * Runs the model through llama.cpp (node-llama-cpp, loaded only here), like llama-bench:
 * - pp: `promptTokens` tokens evaluated in one batch, timed, `promptRepetitions` times;
 * - tg: from an empty context, `generatedTokens` tokens one at a time, greedy (temperature 0),
 *   `generationRuns` times; the runs must produce the same tokens.
 * Never compiles llama.cpp: `build: 'never'` uses the prebuilt binaries from the npm package.
 */
export async function runLlmBench(opts: LlmBenchOptions): Promise<LlmBenchOutcome> {
  const promptTokens = opts.promptTokens ?? 512
  const generatedTokens = opts.generatedTokens ?? 128
  const promptRepetitions = Math.max(1, opts.promptRepetitions ?? 1)
  const generationRuns = Math.max(2, opts.generationRuns ?? 2)
  const load = opts.load ?? readLoad()
  const modelBytes = modelSize(opts.model.path)
  const check = () => {
    if (opts.signal?.aborted === true) throw new BenchAbortedError()
  }
  const steps = 2 + promptRepetitions + generationRuns + (opts.measureReload === true ? 1 : 0)
  let done = 0
  const tick = () => opts.onProgress?.(++done / steps)

  const { getLlama, LlamaLogLevel } = await import('node-llama-cpp')
  check()
  let llama: Awaited<ReturnType<typeof getLlama>>
  try {
    llama = await getLlama({
      gpu: opts.gpu ?? false,
      build: 'never',
      logLevel: LlamaLogLevel.error,
      progressLogs: false,
    })
  } catch (error) {
    throw new HomelabError(
      `llama.cpp could not start from node-llama-cpp's prebuilt binaries (${messageOf(error)}); no build from source is attempted`,
      { cause: error },
    )
  }
  try {
    tick()
    const gpuLayers = opts.gpuLayers ?? 0
    const loadModel = () =>
      llama
        .loadModel({ modelPath: opts.model.path, gpuLayers, loadSignal: opts.signal })
        .catch((error: unknown) => {
          check()
          throw new InputFileError(
            `llama.cpp could not load ${opts.model.path}: ${messageOf(error)}`,
            { cause: error },
          )
        })
    let reloadGBps: number | null = null
    if (opts.measureReload === true) {
      // The first load reads the file into the page cache; the second is then mostly the upload.
      await (await loadModel()).dispose()
      check()
      tick()
      const start = performance.now()
      const again = await loadModel()
      reloadGBps = modelBytes / (performance.now() - start) / 1e6
      await again.dispose()
    }
    const model = await loadModel()
    check()
    tick()
    try {
      const contextSize = Math.min(
        model.trainContextSize,
        Math.ceil((promptTokens + generatedTokens + 8) / 256) * 256,
      )
      if (contextSize < promptTokens + generatedTokens + 1)
        throw new InputFileError(
          `${opts.model.name} has a ${model.trainContextSize}-token context, too small for pp${promptTokens} + tg${generatedTokens}`,
        )
      const context = await model.createContext({
        contextSize,
        batchSize: promptTokens,
        threads: opts.threads,
      })
      try {
        const sequence = context.getSequence()
        const prompt = promptOf(model, promptTokens)
        const ppRates: number[] = []
        for (let rep = 0; rep < promptRepetitions; rep++) {
          await sequence.clearHistory()
          const start = performance.now()
          await sequence.evaluateWithoutGeneratingNewTokens(prompt)
          ppRates.push(promptTokens / ((performance.now() - start) / 1000))
          check()
          tick()
        }
        const first = model.tokens.bos ?? prompt[0]
        if (first == null)
          throw new InputFileError(`${opts.model.name} has no tokens to start from`)
        const runs: { tokens: Token[]; latenciesMs: number[]; rate: number }[] = []
        for (let run = 0; run < generationRuns; run++) {
          await sequence.clearHistory()
          const tokens: Token[] = []
          const latenciesMs: number[] = []
          const start = performance.now()
          let last = start
          // yieldEogToken: without it, generation stops quietly at the first end-of-text token.
          for await (const token of sequence.evaluate([first], {
            temperature: 0,
            yieldEogToken: true,
          })) {
            const now = performance.now()
            latenciesMs.push(now - last)
            last = now
            tokens.push(token)
            if (tokens.length >= generatedTokens) break
            check()
          }
          runs.push({ tokens, latenciesMs, rate: tokens.length / ((last - start) / 1000) })
          tick()
        }
        const reference = runs[0]?.tokens ?? []
        const identical = runs.every((r) => sameTokens(r.tokens, reference))
        const warnings: string[] = []
        if (opts.threadWarning != null) warnings.push(opts.threadWarning)
        if (!identical)
          warnings.push(
            'runs at temperature 0 produced different tokens: the backend is not deterministic here (GPU reductions can do this); speeds still count',
          )
        const latencies = runs.flatMap((r) => r.latenciesMs)
        const backend = llama.gpu
        return {
          reloadGBps: reloadGBps == null ? null : roundSignificant(reloadGBps),
          backend,
          result: {
            model: opts.model.name,
            modelSource: opts.model.source,
            modelPath: opts.model.path,
            modelSizeMiB: roundSignificant(modelBytes / 1024 / 1024),
            promptTokensPerSec: roundSignificant(mean(ppRates)),
            generationTokensPerSec: roundSignificant(mean(runs.map((r) => r.rate))),
            tokenLatencyP50Ms: roundSignificant(percentile(latencies, 50)),
            tokenLatencyP90Ms: roundSignificant(percentile(latencies, 90)),
            identicalTokensAcrossRuns: identical,
            firstTokens: reference.slice(0, 16),
            params: {
              promptTokens,
              generatedTokens,
              promptRepetitions,
              generationRuns,
              threads: opts.threads,
              batchSize: promptTokens,
              contextSize,
              gpuLayers: gpuLayers === 'max' ? model.gpuLayers : gpuLayers,
              gpu: backend,
            },
            load,
            warnings,
          },
        }
      } finally {
        await context.dispose()
      }
    } finally {
      await model.dispose()
    }
  } finally {
    await llama.dispose()
  }
}

/** Tokenizes the prompt text, repeated until there are enough tokens, and keeps exactly `count`. */
function promptOf(model: { tokenize(text: string): Token[] }, count: number): Token[] {
  const tokens: Token[] = []
  let text = PROMPT_TEXT
  while (tokens.length < count) {
    const more = model.tokenize(text)
    if (more.length === 0) throw new InputFileError('the model tokenized the prompt to nothing')
    tokens.push(...more)
    text = PROMPT_TEXT
  }
  return tokens.slice(0, count)
}

function sameTokens(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i])
}

function modelSize(file: string): number {
  try {
    const stats = statSync(file)
    if (!stats.isFile())
      throw new InputFileError(`${file} is not a file; --model takes a .gguf file or ollama:NAME`)
    return stats.size
  } catch (error) {
    if (error instanceof InputFileError) throw error
    throw new InputFileError(
      `cannot read the model ${path.basename(file)} (${messageOf(error)}); --model takes a .gguf file or ollama:NAME`,
    )
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
}
