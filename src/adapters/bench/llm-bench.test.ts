import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runLlmBench } from './llm-bench.js'
import { writeTemporaryTinyModel } from './tiny-bench-model.js'

describe('runLlmBench', () => {
  it('runs pp and tg on the tiny generated model with identical greedy tokens', async () => {
    const tiny = await writeTemporaryTinyModel({
      embd: 64,
      layers: 2,
      ff: 128,
      heads: 4,
      kvHeads: 2,
    })
    try {
      const fractions: number[] = []
      const { result, backend, reloadGBps } = await runLlmBench({
        model: tiny.model,
        threads: 1,
        promptTokens: 64,
        generatedTokens: 16,
        load: { loadAverage1m: 0, logicalCpus: 2 },
        onProgress: (f) => fractions.push(f),
      })
      expect(backend).toBe(false)
      expect(reloadGBps).toBeNull()
      expect(result.promptTokensPerSec).toBeGreaterThan(0)
      expect(result.generationTokensPerSec).toBeGreaterThan(0)
      expect(result.identicalTokensAcrossRuns).toBe(true)
      expect(result.firstTokens).toHaveLength(16)
      expect(result.tokenLatencyP90Ms).toBeGreaterThanOrEqual(result.tokenLatencyP50Ms)
      expect(result.params).toMatchObject({
        promptTokens: 64,
        generatedTokens: 16,
        generationRuns: 2,
        threads: 1,
        gpuLayers: 0,
        gpu: false,
      })
      expect(result.modelSource).toBe('tiny-generated')
      expect(fractions.at(-1)).toBe(1)
    } finally {
      tiny.remove()
    }
    expect(existsSync(tiny.model.path)).toBe(false)
  }, 60_000)

  it('names a missing model file in one line', async () => {
    await expect(
      runLlmBench({
        model: { path: '/nonexistent/m.gguf', name: 'm.gguf', source: 'file' },
        threads: 1,
      }),
    ).rejects.toThrow(/cannot read the model m.gguf .*--model takes a .gguf file or ollama:NAME/)
  })
})
