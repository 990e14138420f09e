import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TinyModelOptions } from '../gguf/tiny-model.js'
import type { LlmModelChoice } from './llm-bench.js'

/**
 * The generated model `bench llm` uses when none is named: 512-wide, 8 layers, Q8_0 (27.6 M
 * parameters, ~29 MB), big enough that matrix work outweighs per-token overhead, small enough to
 * write in a blink. Random weights: the text is gibberish; only the speed means something.
 */
export const TINY_BENCH_MODEL: TinyModelOptions = {
  embd: 512,
  layers: 8,
  ff: 1536,
  heads: 8,
  kvHeads: 8,
  type: 'q8_0',
  vocab: 512,
  seed: 1,
  contextLength: 2048,
}

/** A model file that lives only as long as the benchmark. */
export interface TemporaryModel {
  readonly model: LlmModelChoice
  remove(): void
}

/** Writes the tiny model (or `opts`) to a fresh temporary folder; `remove()` deletes it. */
export async function writeTemporaryTinyModel(
  opts: TinyModelOptions = TINY_BENCH_MODEL,
): Promise<TemporaryModel> {
  const { writeTinyLlamaModel } = await import('../gguf/tiny-model.js')
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homelab-ai-tiny-'))
  const file = path.join(dir, 'tiny-llama.gguf')
  try {
    await writeTinyLlamaModel(file, opts)
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const shape = `${opts.embd ?? 64}x${opts.layers ?? 2} ${(opts.type ?? 'f32').toUpperCase()}`
  return {
    model: {
      path: file,
      name: `tiny generated llama (${shape}, random weights)`,
      source: 'tiny-generated',
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
