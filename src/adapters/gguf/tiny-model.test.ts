import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeTinyLlamaModel, type TinyModelType } from './tiny-model.js'

const dir = mkdtempSync(path.join(tmpdir(), 'gguf-tiny-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const TOKENS = 8

describe('the tiny llama model in llama.cpp (node-llama-cpp, CPU)', () => {
  // getLlama alone takes 1-6 s on a busy 2-core machine; the models themselves load in ~0.1 s.
  it(
    'loads in every weight type and generates the same tokens twice at temperature 0',
    { timeout: 60_000 },
    async () => {
      const { getLlama, LlamaLogLevel } = await import('node-llama-cpp')
      const llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error })
      try {
        const byType: Partial<Record<TinyModelType, number[]>> = {}
        for (const type of ['f32', 'f16', 'q8_0'] as const) {
          const { file } = await writeTinyLlamaModel(path.join(dir, `tiny-${type}.gguf`), {
            type,
            seed: 42,
          })
          const model = await llama.loadModel({ modelPath: file })
          try {
            expect(model.fileInsights.totalLayers).toBe(3)
            // Byte-level vocabulary: "hello world" is the space piece and one token per byte.
            const prompt = model.tokenize('hello world')
            expect(model.detokenize(prompt)).toBe('hello world')
            const context = await model.createContext({ contextSize: 128, threads: 1 })
            try {
              const sequence = context.getSequence()
              const run = async () => {
                await sequence.clearHistory()
                const out: number[] = []
                for await (const token of sequence.evaluate(prompt, {
                  temperature: 0,
                  yieldEogToken: true,
                })) {
                  out.push(token)
                  if (out.length === TOKENS) break
                }
                return out
              }
              const first = await run()
              expect(first).toHaveLength(TOKENS)
              expect(await run()).toEqual(first)
              byType[type] = first
            } finally {
              await context.dispose()
            }
          } finally {
            await model.dispose()
          }
        }
        // Same seed, same weights up to rounding: every encoding picks tokens from the byte vocabulary.
        for (const tokens of Object.values(byType))
          expect(tokens.every((t) => t >= 0 && t < 260)).toBe(true)
      } finally {
        await llama.dispose()
      }
    },
  )
})
