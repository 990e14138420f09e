import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { CommandResult, RunCommand } from '../system/run-command.js'
import { runGpuBench } from './gpu-bench.js'
import type { LlmBenchOptions, LlmBenchOutcome } from './llm-bench.js'

const idle = readFileSync(
  new URL('./fixtures/nvidia-smi-query-gpu_rtx-4080-super_idle.csv', import.meta.url),
  'utf8',
)
const load = readFileSync(
  new URL('./fixtures/nvidia-smi-query-gpu_rtx-4080-super_load.csv', import.meta.url),
  'utf8',
)

const result = (over: Partial<CommandResult>): CommandResult => ({
  ok: true,
  stdout: '',
  stderr: '',
  exitCode: 0,
  notFound: false,
  timedOut: false,
  durationMs: 5,
  ...over,
})

describe('runGpuBench', () => {
  it('reports "no GPU" as a result on a machine without one', async () => {
    const run: RunCommand = () =>
      Promise.resolve(result({ ok: false, notFound: true, exitCode: null }))
    const gpu = await runGpuBench({
      run,
      model: () => Promise.resolve(null),
      threads: 1,
      gpuBackends: () => Promise.resolve([]),
    })
    expect(gpu).toMatchObject({ available: false, devices: [], llm: null, backend: null })
    expect(gpu.reason).toMatch(/^no GPU: nvidia-smi found no NVIDIA GPU/)
  })

  it('says when nvidia-smi hangs', async () => {
    const run: RunCommand = () =>
      Promise.resolve(result({ ok: false, timedOut: true, exitCode: null }))
    const gpu = await runGpuBench({
      run,
      model: () => Promise.resolve(null),
      threads: 1,
      timeoutMs: 100,
      gpuBackends: () => Promise.resolve([]),
    })
    expect(gpu.notes).toEqual(['nvidia-smi did not answer within 100 ms: the driver may be stuck'])
  })

  it('runs the model on the GPU and reads the link again after the run', async () => {
    const outputs = [idle, load]
    const calls: string[][] = []
    const run: RunCommand = (_file, args) => {
      calls.push([...args])
      return Promise.resolve(result({ stdout: outputs.shift() ?? '' }))
    }
    const seen: LlmBenchOptions[] = []
    const runLlm = (opts: LlmBenchOptions): Promise<LlmBenchOutcome> => {
      seen.push(opts)
      return Promise.resolve({
        backend: 'cuda',
        reloadGBps: 9.5,
        result: {
          model: 'm.gguf',
          modelSource: 'file',
          modelPath: '/m.gguf',
          modelSizeMiB: 4000,
          promptTokensPerSec: 5000,
          generationTokensPerSec: 120,
          tokenLatencyP50Ms: 8,
          tokenLatencyP90Ms: 9,
          identicalTokensAcrossRuns: true,
          firstTokens: [1, 2],
          params: {
            promptTokens: 512,
            generatedTokens: 128,
            promptRepetitions: 1,
            generationRuns: 2,
            threads: 1,
            batchSize: 512,
            contextSize: 768,
            gpuLayers: 33,
            gpu: 'cuda',
          },
          load: { loadAverage1m: 0, logicalCpus: 8 },
          warnings: [],
        },
      })
    }
    const gpu = await runGpuBench({
      run,
      model: () => Promise.resolve({ path: '/m.gguf', name: 'm.gguf', source: 'file' }),
      threads: 1,
      runLlm,
      gpuBackends: () => Promise.resolve(['cuda']),
    })
    expect(calls[0]?.[1]).toBe('--format=csv,noheader,nounits')
    expect(seen[0]).toMatchObject({ gpu: 'auto', gpuLayers: 'max', measureReload: true })
    expect(gpu).toMatchObject({ available: true, backend: 'cuda', hostToDeviceGBps: 9.5 })
    expect(gpu.devices[0]).toMatchObject({ pcieGenCurrent: 4, pcieGenMax: 4, memoryUsedMiB: 1474 })
    expect(gpu.llm?.generationTokensPerSec).toBe(120)
  })
})
