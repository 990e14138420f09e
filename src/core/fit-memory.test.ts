import { describe, expect, it } from 'vitest'
import { gib, KV_BYTES_PER_ELEMENT, prepareModel } from './fit-memory.js'
import { llm, TEST_MODELS } from './test-fit-data.js'

const quants = TEST_MODELS.quantizations

describe('KV cache', () => {
  // Per-token f16 sizes from ../shared/notes/fit-estimation.md section 3.2.
  it.each([
    ['llama-3.1-8b-instruct', 8192, 1],
    ['llama-3.1-8b-instruct', 131072, 16],
    ['qwen2.5-7b-instruct', 32768, 1.75],
    ['llama-3.1-70b-instruct', 32768, 10],
  ])('%s at %i tokens holds %f GiB in f16', (id, ctx, expected) => {
    expect(gib(prepareModel(llm(id), quants).kvBytes(ctx, 'f16'))).toBeCloseTo(expected, 5)
  })

  it.each([
    ['q8_0', 34 / 32 / 2],
    ['q4_0', 18 / 32 / 2],
  ] as const)('%s cache is %f of f16', (type, share) => {
    const p = prepareModel(llm('llama-3.1-8b-instruct'), quants)
    expect(p.kvBytes(8192, type) / p.kvBytes(8192, 'f16')).toBeCloseTo(share, 6)
    expect(KV_BYTES_PER_ELEMENT[type]).toBeCloseTo(share * 2, 6)
  })

  it('keeps only window + micro-batch on sliding-window layers (Gemma 2: 21 local of 42)', () => {
    const p = prepareModel(llm('gemma-2-9b-it'), quants)
    const perTokenLayer = 8 * 256 * 2 * 2
    expect(p.kvBytes(8192, 'f16')).toBe((21 * 8192 + 21 * 4608) * perTokenLayer)
  })

  it('pads the context to 256 cells', () => {
    const p = prepareModel(llm('llama-3.1-8b-instruct'), quants)
    expect(p.kvBytes(1000, 'f16')).toBe(p.kvBytes(1024, 'f16'))
  })
})

describe('weights', () => {
  it('uses the catalog file size when the quant has a file', () => {
    const w = prepareModel(llm('llama-3.1-8b-instruct'), quants).weights('Q4_K_M')
    expect(w?.basis).toBe('file')
    expect(w?.totalBytes).toBeGreaterThan(4.5e9)
    expect(w?.totalBytes).toBeLessThan(5.1e9)
  })

  it('falls back to parameters x measured bits per weight', () => {
    const w = prepareModel(llm('llama-3.2-3b-instruct'), quants).weights('Q4_K_M')
    expect(w?.basis).toBe('bpw')
    expect(w?.totalBytes).toBeCloseTo((3.213e9 * 4.902) / 8, -6)
  })

  it('splits embedding, output head and layers so they add up', () => {
    const w = prepareModel(llm('llama-3.1-8b-instruct'), quants).weights('Q8_0')
    if (w == null) throw new Error('no weights')
    expect(w.embedBytes + w.outputBytes + 32 * w.layerBytes).toBeCloseTo(w.totalBytes, 0)
  })

  it('marks MoE expert bytes inside each layer', () => {
    const w = prepareModel(llm('qwen3-30b-a3b'), quants).weights('Q4_K_M')
    expect(w?.expertBytesPerLayer).toBeGreaterThan(0.8 * (w?.layerBytes ?? 0))
  })

  it('gives null, and names what is missing, when the catalog lacks the facts', () => {
    const g = llm('gemma-3-27b-it')
    const unsized = { ...g, params: { ...g.params, totalB: null, activeB: null, source: null } }
    const p = prepareModel(unsized, quants)
    expect(p.weights('Q4_K_M')).toBeNull()
    expect(p.missing).toContain('parameter count')
  })
})

describe('compute buffer', () => {
  it('grows with context only without flash attention', () => {
    const p = prepareModel(llm('llama-3.1-8b-instruct'), quants)
    expect(p.computeBytes(32768, true)).toBe(p.computeBytes(8192, true))
    expect(p.computeBytes(32768, false)).toBeGreaterThan(p.computeBytes(8192, false))
    // 128k-token vocabulary: the f32 logits of one micro-batch dominate (~0.25 GiB).
    expect(gib(p.computeBytes(8192, true))).toBeGreaterThan(0.25)
  })
})
