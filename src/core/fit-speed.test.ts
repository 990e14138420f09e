import { describe, expect, it } from 'vitest'
import { assessFit } from './fit.js'
import { hostOverheadScale } from './fit-cpu.js'
import { efficiencyFor, efficiencyGroup } from './speed-efficiency.js'
import { llm, TEST_FIT_DATA as data } from './test-fit-data.js'
import { macMiniM2Pro, rtx3090Box } from './test-hardware.js'

describe('prompt speed', () => {
  it('never beats the fixed per-layer cost of one micro-batch, however small the model', () => {
    const model = llm('qwen2.5-0.5b-instruct')
    const r = assessFit(
      { model, quant: 'Q4_K_M', contextTokens: 4096, kvCacheType: 'f16' },
      rtx3090Box(),
      data,
    )
    const e = efficiencyFor(data.efficiency, 'nvidia', 'cuda')
    const layers = model.architecture.layers ?? 0
    const ceiling = 512 / ((layers * e.decodeOverheadUsPerLayer) / 1e6)
    expect(r.speed?.prefillTokensPerSec).toBeLessThan(ceiling)
    expect(r.speed?.prefillTokensPerSec).toBeGreaterThan(ceiling / 20)
  })
})

describe('prompt speed and model width', () => {
  const on3090 = (id: string, width: number) =>
    assessFit(
      { model: llm(id), quant: 'Q4_K_M', contextTokens: 4096, kvCacheType: 'f16' },
      rtx3090Box(),
      {
        ...data,
        efficiency: {
          ...data.efficiency,
          prefillWidthOverhead: { factor: width, rows: 1, source: 'test' },
        },
      },
    ).speed?.prefillTokensPerSec ?? 0

  it('slows a narrow model more than an 8B one when h-proportional work is counted', () => {
    // Llama 3.2 3B is 3072 wide, Llama 3.1 8B 4096 (the reference width): only the 3B slows.
    const narrow = on3090('llama-3.2-3b-instruct', 4096) / on3090('llama-3.2-3b-instruct', 0)
    const wide = on3090('llama-3.1-8b-instruct', 4096) / on3090('llama-3.1-8b-instruct', 0)
    expect(wide).toBeCloseTo(1, 2)
    // Compute time x (1 + 4096/3072) / 2 = 1.167: a bit less overall, the per-layer floor stays.
    expect(narrow).toBeLessThan(1 / 1.1)
    expect(narrow).toBeGreaterThan(1 / 1.17)
  })
})

describe('efficiency groups', () => {
  it.each([
    ['apple', 'Apple M1 Max 32-core GPU', 'apple-max'],
    ['apple', 'Apple M2 Ultra', 'apple-max'],
    ['apple', 'Apple M2 Pro', 'apple'],
    ['apple', 'Apple M3 10-core GPU', 'apple'],
    ['nvidia', 'NVIDIA GeForce RTX 3090', 'nvidia'],
  ])('%s %s -> %s', (vendor, name, group) => {
    expect(efficiencyGroup(vendor, name)).toBe(group)
  })

  it('looks up the group first, then the vendor, then the fallback', () => {
    expect(efficiencyFor(data.efficiency, 'apple', 'metal', 'apple-max').key).toBe(
      'apple-max/metal',
    )
    expect(efficiencyFor(data.efficiency, 'apple', 'vulkan', 'apple-max').key).toBe('apple/*')
    expect(efficiencyFor(data.efficiency, 'acme', 'vulkan').key).toBe('*/*')
    const m2pro = assessFit(
      {
        model: llm('llama-3.1-8b-instruct'),
        quant: 'Q4_K_M',
        contextTokens: 4096,
        kvCacheType: 'f16',
      },
      macMiniM2Pro(),
      data,
    )
    // The M2 Pro's own architecture entry when the table has one, else apple/metal.
    const m2 = efficiencyFor(data.efficiency, 'apple', 'metal', 'apple', 'Apple M2').key
    expect(['apple@Apple M2/metal', 'apple/metal']).toContain(m2)
    expect(m2pro.speed?.basis.efficiencySource.startsWith(`${m2} `)).toBe(true)
  })

  it('looks up the architecture before its group, and falls back past an unknown one', () => {
    const entry = (key: string, prefill: number) => ({
      key,
      decode: 0.8,
      decodeOverheadUsPerLayer: 50,
      prefill,
      rows: 4,
      source: 'test',
    })
    const table = {
      ...data.efficiency,
      entries: [
        entry('nvidia@Ampere/cuda', 0.9),
        entry('nvidia/cuda', 0.6),
        entry('nvidia/*', 0.5),
      ],
    }
    expect(efficiencyFor(table, 'nvidia', 'cuda', 'nvidia', 'Ampere').prefill).toBe(0.9)
    expect(efficiencyFor(table, 'nvidia', 'cuda', 'nvidia', 'Pascal').prefill).toBe(0.6)
    expect(efficiencyFor(table, 'nvidia', 'cuda', 'nvidia', null).prefill).toBe(0.6)
    expect(efficiencyFor(table, 'nvidia', 'vulkan', 'nvidia', 'Ampere').prefill).toBe(0.5)
  })
})

describe('fitted shape factors', () => {
  const fitOn = (efficiency: typeof data.efficiency, id: string, promptTokens = 512) =>
    assessFit(
      { model: llm(id), quant: 'Q4_K_M', contextTokens: 8192, kvCacheType: 'f16', promptTokens },
      rtx3090Box(),
      { ...data, efficiency },
    ).speed
  const withFactors = (moeDecode: number, moePrefill: number, attention: number) => ({
    ...data.efficiency,
    moeDecode: { ...data.efficiency.moeDecode, factor: moeDecode },
    moePrefill: { ...data.efficiency.moePrefill, factor: moePrefill },
    attentionPrefill: { ...data.efficiency.attentionPrefill, factor: attention },
  })

  it('a MoE model decodes and reads its prompt slower by its own factors; a dense one does not', () => {
    const base = withFactors(1, 1, 1)
    const slow = withFactors(0.5, 0.25, 1)
    const moe = 'qwen3-30b-a3b'
    expect(fitOn(slow, moe)?.decodeTokensPerSec).toBeCloseTo(
      (fitOn(base, moe)?.decodeTokensPerSec ?? 0) * 0.5,
    )
    expect(fitOn(slow, moe)?.prefillTokensPerSec).toBeCloseTo(
      (fitOn(base, moe)?.prefillTokensPerSec ?? 0) * 0.25,
    )
    expect(fitOn(slow, moe)?.basis.efficiencySource).toMatch(/MoE decode x 0\.5, prompt x 0\.25/)
    expect(fitOn(slow, 'llama-3.1-8b-instruct')?.decodeTokensPerSec).toBe(
      fitOn(base, 'llama-3.1-8b-instruct')?.decodeTokensPerSec,
    )
  })

  it('a costlier attention slows long prompts more than short ones', () => {
    const id = 'llama-3.1-8b-instruct'
    const ratio = (promptTokens: number) =>
      (fitOn(withFactors(1, 1, 4), id, promptTokens)?.prefillTokensPerSec ?? 0) /
      (fitOn(withFactors(1, 1, 1), id, promptTokens)?.prefillTokensPerSec ?? 1)
    expect(ratio(512)).toBeLessThan(1)
    expect(ratio(4096)).toBeLessThan(ratio(512))
  })
})

describe('host clock', () => {
  it('a GPU behind a slow host core pays more per layer: a tiny model decodes slower', () => {
    const req = {
      model: llm('qwen2.5-0.5b-instruct'),
      quant: 'Q4_K_M',
      contextTokens: 4096,
      kvCacheType: 'f16' as const,
    }
    const desktop = rtx3090Box()
    const pi = { ...desktop, cpu: { ...desktop.cpu, maxClockMHz: 2400 } }
    const fast = assessFit(req, desktop, data).speed?.decodeTokensPerSec ?? 0
    const slow = assessFit(req, pi, data).speed?.decodeTokensPerSec ?? 0
    expect(slow).toBeLessThan(fast * 0.8)
    expect(hostOverheadScale(2.4)).toBeCloseTo(4.5 / 2.4)
    expect(hostOverheadScale(100)).toBe(0.5)
    expect(hostOverheadScale(null)).toBe(1)
  })
})
