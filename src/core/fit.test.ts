import { describe, expect, it } from 'vitest'
import { assessFit, bestFit, rankModels, RANK_CONTEXTS } from './fit.js'
import type { FitRequest } from './fit-request.js'
import type { HardwareProfile } from './hardware.js'
import { llm, TEST_FIT_DATA as data } from './test-fit-data.js'
import {
  esxiVmWithPassthrough,
  macMiniM2Pro,
  miniPcNoGpu,
  rtx3090Box,
  ryzenApuMiniPc,
} from './test-hardware.js'
import { applyWhatIf } from './what-if.js'

function req(id: string, quant = 'Q4_K_M', contextTokens = 8192): FitRequest {
  return { model: llm(id), quant, contextTokens, kvCacheType: 'f16' }
}
const gpus = (spec: string, count = 1): HardwareProfile =>
  applyWhatIf(rtx3090Box(), { gpus: [{ count, name: spec }] }, data.gpus)

describe('assessFit placement', () => {
  it.each([
    ['8B on one RTX 3090', req('llama-3.1-8b-instruct'), rtx3090Box(), 'gpu', 'none'],
    [
      '8B in an ESXi VM with the 3090 passed through',
      req('llama-3.1-8b-instruct'),
      esxiVmWithPassthrough(),
      'gpu',
      'none',
    ],
    [
      '70B on one RTX 3090',
      req('llama-3.1-70b-instruct'),
      rtx3090Box(),
      'partial-offload',
      'layers',
    ],
    [
      '70B on two RTX 3090',
      req('llama-3.1-70b-instruct'),
      gpus('RTX 3090', 2),
      'multi-gpu',
      'none',
    ],
    [
      'Qwen3-30B-A3B on an 8 GB RTX 3070',
      req('qwen3-30b-a3b'),
      gpus('RTX 3070'),
      'partial-offload',
      'moe-experts',
    ],
    ['3B on a mini PC without GPU', req('llama-3.2-3b-instruct'), miniPcNoGpu(), 'cpu', 'none'],
    ['70B on a mini PC', req('llama-3.1-70b-instruct'), miniPcNoGpu(), 'none', 'none'],
    [
      '8B on a Mac mini M2 Pro (unified)',
      req('llama-3.1-8b-instruct'),
      macMiniM2Pro(),
      'gpu',
      'none',
    ],
  ] as const)('%s: %s', (_label, r, hw, placement, offload) => {
    const result = assessFit(r, hw, data)
    expect(result.placement).toBe(placement)
    expect(result.offload).toBe(offload)
    expect(result.fits).toBe(placement !== 'none')
    expect(result.speed == null).toBe(placement === 'none')
  })

  it('says how much VRAM it needs of how much is free', () => {
    const r = assessFit(req('llama-3.1-8b-instruct'), rtx3090Box(), data)
    expect(r.level).toBe('runs-well')
    expect(r.reasons[0]).toMatch(
      /^Needs \d+\.\d GiB of 23\.6 GiB free VRAM on NVIDIA GeForce RTX 3090$/,
    )
    expect(r.memory.perDevice.map((d) => d.device)).toContain('gpu0')
  })

  it('says how many layers fit and how much slower the rest makes it', () => {
    const r = assessFit(req('llama-3.1-70b-instruct'), rtx3090Box(), data)
    expect(r.reasons[0]).toMatch(
      /^Only \d+ of 80 layers fit on the GPU: the rest run on the CPU, about \d+(\.\d)?x slower/,
    )
    expect(r.gpuLayers).toBeGreaterThan(30)
    expect(r.gpuLayers).toBeLessThan(80)
  })

  it('refuses forced GPU layers that do not fit (llama.cpp would run out of memory)', () => {
    const r = assessFit({ ...req('llama-3.1-70b-instruct'), gpuLayers: 80 }, rtx3090Box(), data)
    expect(r.fits).toBe(false)
    expect(r.level).toBe('too-big')
  })

  it('gives a reason instead of a crash when the catalog lacks the model facts', () => {
    const g = llm('gemma-3-27b-it')
    const unsized = { ...g, params: { ...g.params, totalB: null, activeB: null, source: null } }
    const r = assessFit({ ...req('gemma-3-27b-it'), model: unsized }, rtx3090Box(), data)
    expect(r.fits).toBe(false)
    expect(r.reasons[0]).toMatch(/Cannot size .* parameter count/)
  })

  it('uses the Metal working-set limit (2/3 of 32 GiB) on Apple Silicon', () => {
    const r = assessFit(req('llama-3.1-8b-instruct'), macMiniM2Pro(), data)
    expect(r.memory.perDevice[0]?.availableGiB).toBeCloseTo(21.33, 1)
  })
})

describe('assessFit speed', () => {
  it('is near the measured 115 tokens/s of Llama 3 8B Q4_K_M on an RTX 3090 (XiongjieDai)', () => {
    const r = assessFit(
      { ...req('llama-3-8b-instruct', 'Q4_K_M', 1024), depthTokens: 256 },
      rtx3090Box(),
      data,
    )
    expect(r.speed?.decodeTokensPerSec).toBeGreaterThan(115 * 0.8)
    expect(r.speed?.decodeTokensPerSec).toBeLessThan(115 * 1.2)
  })

  it('slows down as the context fills (KV cache read per token)', () => {
    const at = (depthTokens: number) =>
      assessFit(
        { ...req('llama-3.1-8b-instruct', 'Q4_K_M', 32768), depthTokens },
        rtx3090Box(),
        data,
      ).speed?.decodeTokensPerSec ?? 0
    expect(at(16384)).toBeLessThan(at(0) * 0.85)
  })

  it('puts partial offload between all-GPU and CPU-only speed', () => {
    const partial =
      assessFit(req('qwen2.5-32b-instruct', 'Q8_0'), rtx3090Box(), data).speed
        ?.decodeTokensPerSec ?? 0
    const cpu =
      assessFit({ ...req('qwen2.5-32b-instruct', 'Q8_0'), backend: 'cpu' }, rtx3090Box(), data)
        .speed?.decodeTokensPerSec ?? 0
    const twoGpus =
      assessFit(req('qwen2.5-32b-instruct', 'Q8_0'), gpus('RTX 3090', 2), data).speed
        ?.decodeTokensPerSec ?? 0
    expect(cpu).toBeLessThan(partial)
    expect(partial).toBeLessThan(twoGpus)
  })

  it('gives time to first token = prompt / prefill speed', () => {
    const s = assessFit(
      { ...req('llama-3.1-8b-instruct'), promptTokens: 2000 },
      rtx3090Box(),
      data,
    ).speed
    expect(s?.timeToFirstTokenSec).toBeCloseTo(2000 / (s?.prefillTokensPerSec ?? 1), 6)
    expect(s?.basis.kind).toBe('catalog')
  })

  it('uses a measured benchmark of the same model as is, and scales other models by it', () => {
    const cal = {
      llm: { model: 'llama-3.1-8b-instruct', promptTokensPerSec: 3000, generationTokensPerSec: 90 },
    }
    const same = assessFit(req('llama-3.1-8b-instruct'), rtx3090Box(), data, cal).speed
    expect(same?.decodeTokensPerSec).toBe(90)
    expect(same?.basis.kind).toBe('measured')
    const plain =
      assessFit(req('qwen2.5-14b-instruct'), rtx3090Box(), data).speed?.decodeTokensPerSec ?? 0
    const other = assessFit(req('qwen2.5-14b-instruct'), rtx3090Box(), data, cal).speed
    expect(other?.basis.kind).toBe('measured')
    expect(other?.decodeTokensPerSec).toBeLessThan(plain)
  })
})

describe('bestFit', () => {
  it.each([
    [
      '8B on an RTX 3090: the best quality runs well',
      'llama-3.1-8b-instruct',
      rtx3090Box(),
      'BF16',
      'runs-well',
    ],
    [
      '70B on an RTX 3090: nothing runs well, the sweet spot',
      'llama-3.1-70b-instruct',
      rtx3090Box(),
      'Q4_K_M',
      'tight',
    ],
    [
      '8B on a mini PC: CPU only, the sweet spot',
      'llama-3.1-8b-instruct',
      miniPcNoGpu(),
      'Q4_K_M',
      'runs',
    ],
  ] as const)('%s', (_label, id, hw, quant, level) => {
    const b = bestFit(llm(id), hw, data)
    expect(b.result.quant).toBe(quant)
    expect(b.result.level).toBe(level)
    expect(b.tried.length).toBeGreaterThan(3)
  })

  it('finds the largest context that keeps the model on the GPU', () => {
    const b = bestFit(llm('llama-3.1-8b-instruct'), rtx3090Box(), data)
    expect(b.maxContextTokens).toBeGreaterThan(32768)
    expect(b.maxContextTokens).toBeLessThan(131072)
    expect(b.maxContextTokens % 256).toBe(0)
  })

  it('reports 0 context when nothing fits', () => {
    expect(bestFit(llm('llama-3.1-70b-instruct'), miniPcNoGpu(), data).maxContextTokens).toBe(0)
  })
})

describe('rankModels', () => {
  it('ranks every catalog LLM, verdicts best first, with an answer per context size', () => {
    const models = data.models ?? []
    const ranked = rankModels(models, rtx3090Box(), data)
    expect(ranked).toHaveLength(models.length)
    const order = { 'runs-well': 0, runs: 1, tight: 2, 'too-big': 3 }
    for (let i = 1; i < ranked.length; i++)
      expect(order[ranked[i]?.best.level ?? 'too-big']).toBeGreaterThanOrEqual(
        order[ranked[i - 1]?.best.level ?? 'runs-well'],
      )
    const llama = ranked.find((r) => r.model.id === 'llama-3.1-8b-instruct')
    expect(llama?.byContext.map((c) => c.contextTokens)).toEqual([...RANK_CONTEXTS])
  })
})

describe('assessFit on an AMD iGPU (shared memory)', () => {
  const gpuMem = (r: ReturnType<typeof assessFit>) =>
    r.memory.perDevice.find((d) => d.device === 'gpu0')

  it('knows the iGPU by its PCI id, runs Vulkan and counts the carve-out plus the GTT', () => {
    const r = assessFit(req('llama-3.1-8b-instruct'), ryzenApuMiniPc(), data)
    expect(r.placement).toBe('gpu')
    // Named by the catalog, not by sysfs's "AMD GPU 1002:150e".
    expect(gpuMem(r)?.name).toBe('AMD Radeon 890M')
    // 1900 MiB free carve-out + 31437 MiB GTT.
    expect(gpuMem(r)?.availableGiB).toBeCloseTo((1900 + 31437) / 1024, 6)
    expect(r.reasons.join(' ')).toMatch(/1\.9 GiB BIOS carve-out \+ 30\.7 GiB of system RAM/)
    expect(r.speed?.basis.efficiencySource).toMatch(/\/vulkan/)
    // It reads the system RAM: dual-channel DDR5-5600 = 89.6 GB/s, not a graphics card's.
    expect(r.speed?.basis.bandwidthGBps).toBeCloseTo(89.6, 6)
    expect(r.speed?.basis.bandwidthSource).toMatch(/^system RAM shared with the CPU/)
  })

  it('keeps layers in RAM when the GTT is too small, and says how to raise it', () => {
    const r = assessFit(req('llama-3.1-70b-instruct'), ryzenApuMiniPc(), data)
    expect(r.placement).toBe('partial-offload')
    expect(r.reasons.join(' ')).toMatch(/amdgpu\.gttsize or ttm\.pages_limit/)
    const raised = assessFit(
      req('llama-3.1-70b-instruct'),
      ryzenApuMiniPc({ gttMiB: 56 * 1024 }),
      data,
    )
    expect(raised.placement).toBe('gpu')
    expect(raised.reasons.join(' ')).not.toMatch(/gttsize/)
  })

  it('charges what the GTT holds to system RAM, so RAM and GTT are not counted twice', () => {
    // A 56 GiB GTT with 20 GiB free RAM can take only 20 GiB.
    const hw = ryzenApuMiniPc(
      { gttMiB: 56 * 1024 },
      { memory: { totalGiB: 61.4, availableGiB: 20, type: 'DDR5', speedMTs: 5600, channels: 2 } },
    )
    const r = assessFit(req('llama-3.1-8b-instruct', 'Q8_0'), hw, data)
    expect(r.placement).toBe('gpu')
    expect(gpuMem(r)?.availableGiB).toBeCloseTo(1900 / 1024 + 20, 6)
    const ram = r.memory.perDevice.find((d) => d.device === 'cpu')
    const drawn = (gpuMem(r)?.totalGiB ?? 0) - 1900 / 1024
    expect(ram?.availableGiB).toBeCloseTo(20 - drawn, 6)
    // 70B Q3_K_S (28.8 GiB) would pass if the 21.9 GiB iGPU and the 20 GiB of RAM were added up.
    expect(assessFit(req('llama-3.1-70b-instruct', 'Q3_K_S'), hw, data).fits).toBe(false)
  })

  it('gives ROCm only the carve-out (hipMalloc does not reach the GTT)', () => {
    const r = assessFit(
      { ...req('llama-3.1-8b-instruct'), backend: 'rocm' },
      ryzenApuMiniPc(),
      data,
    )
    expect(gpuMem(r)?.availableGiB ?? 0).toBeCloseTo(1900 / 1024, 6)
    expect(r.placement).not.toBe('gpu')
  })

  it('leaves the iGPU out when a graphics card is present, as llama.cpp does', () => {
    const hw = applyWhatIf(ryzenApuMiniPc(), { gpus: [{ count: 1, name: 'RTX 3060' }] }, data.gpus)
    const both: HardwareProfile = { ...hw, gpus: [...hw.gpus, ...ryzenApuMiniPc().gpus] }
    const r = assessFit(req('llama-3.1-70b-instruct'), both, data)
    expect(r.memory.perDevice.map((d) => d.name)).not.toContain('AMD Radeon 890M')
    expect(r.memory.perDevice.map((d) => d.name)).toContain('NVIDIA GeForce RTX 3060 12GB')
  })

  it('gives a what-if iGPU the kernel default GTT: half the RAM', () => {
    const hw = applyWhatIf(
      rtx3090Box(),
      { gpus: [{ count: 1, name: 'Radeon 890M' }], ramGiB: 64 },
      data.gpus,
    )
    const r = assessFit(req('llama-3.1-8b-instruct'), hw, data)
    expect(r.placement).toBe('gpu')
    expect(gpuMem(r)?.availableGiB).toBeCloseTo(32, 6)
    expect(r.reasons.join(' ')).toMatch(/GTT: the kernel default, half the RAM/)
  })
})
