import { describe, expect, it } from 'vitest'
import { bestFit } from './fit.js'
import type { HardwareProfile } from './hardware.js'
import {
  commandWords,
  fitOptionsOfCommand,
  handsOnFit,
  handsOnFitSentence,
  type HandsOnFitInputs,
} from './hands-on-fit.js'
import { llm, TEST_FIT_DATA, TEST_MODELS } from './test-fit-data.js'
import { miniPcNoGpu, rtx3090, rtx3090Box } from './test-hardware.js'

const inputs: HandsOnFitInputs = { catalog: TEST_MODELS, data: TEST_FIT_DATA }

/** A GPU the catalog knows by name only, with its own VRAM (the 3090's PCI id would win). */
const card = (name: string, vramMiB: number | null) =>
  rtx3090({ name, vramMiB, vramFreeMiB: vramMiB == null ? null : vramMiB - 300, pciId: null })

describe('fitOptionsOfCommand', () => {
  it.each([
    ['homelab-ai fit llama-3.1-8b-instruct', {}],
    ['homelab-ai fit llama-3.1-8b-instruct --ctx 32768', { contextTokens: 32768 }],
    [
      'homelab-ai fit llama-3.1-8b-instruct --ctx=32k --kv Q8_0 --quant q4_k_m',
      { contextTokens: 32768, kvCacheType: 'q8_0', quant: 'q4_k_m' },
    ],
    // The CLI rejects these; the verdict then just falls back to the defaults.
    ['homelab-ai fit llama-3.1-8b-instruct --ctx lots --kv q5', {}],
    // Other commands size the model as `fit MODEL` does.
    ['homelab-ai lab plan chat --model llama-3.1-8b-instruct --ctx 4096', {}],
    ['homelab-ai bench llm --quick', {}],
  ])('%s', (command, expected) => {
    expect(fitOptionsOfCommand(command)).toEqual(expected)
  })

  it('splits words with double quotes as the shell would', () => {
    expect(commandWords('homelab-ai lab plan chat --gpu "RTX 3090"')).toEqual([
      'homelab-ai',
      'lab',
      'plan',
      'chat',
      '--gpu',
      'RTX 3090',
    ])
  })
})

describe('handsOnFit', () => {
  const command = 'homelab-ai fit llama-3.1-8b-instruct'

  it('is null for a step without a model, or with an id the catalog lacks', () => {
    expect(handsOnFit({ command, model: null }, rtx3090Box(), inputs)).toBeNull()
    expect(handsOnFit({ command, model: 'llama-9-1b' }, rtx3090Box(), inputs)).toBeNull()
  })

  it('gives what `homelab-ai fit MODEL` gives, with the flags of the command', () => {
    const hw = rtx3090Box()
    const step = { command: `${command} --ctx 32k --kv q8_0`, model: 'llama-3.1-8b-instruct' }
    const best = bestFit(llm('llama-3.1-8b-instruct'), hw, TEST_FIT_DATA, {
      contextTokens: 32768,
      kvCacheType: 'q8_0',
    }).result
    expect(handsOnFit(step, hw, inputs)).toEqual({
      modelId: 'llama-3.1-8b-instruct',
      modelName: 'Llama 3.1 8B Instruct',
      quant: best.quant,
      contextTokens: 32768,
      kvCacheType: 'q8_0',
      fits: true,
      level: best.level,
      placement: 'gpu',
      offload: 'none',
      gpuLayers: 32,
      totalLayers: 32,
      gpus: ['NVIDIA GeForce RTX 3090'],
      decodeTokensPerSec: Math.round((best.speed?.decodeTokensPerSec ?? 0) * 10) / 10,
      speedBasis: 'catalog',
    })
  })

  it('keeps a quantization the command asks for, in any case', () => {
    const step = { command: `${command} --quant q4_k_m`, model: 'llama-3.1-8b-instruct' }
    expect(handsOnFit(step, rtx3090Box(), inputs)?.quant).toBe('Q4_K_M')
  })

  it('says measured when this machine has a benchmark calibration', () => {
    const step = { command, model: 'llama-3.1-8b-instruct' }
    const calibrated = { ...inputs, calibration: { memoryBandwidthGBps: 30 } }
    expect(handsOnFit(step, miniPcNoGpu(), calibrated)?.speedBasis).toBe('measured')
    expect(handsOnFit(step, miniPcNoGpu(), inputs)?.speedBasis).toBe('catalog')
  })
})

describe('handsOnFitSentence', () => {
  const tps = String.raw`about \d+(\.\d)? tokens/s`
  it.each<[string, string, string, HardwareProfile, RegExp]>([
    [
      'fully on one GPU',
      'homelab-ai fit llama-3.1-8b-instruct --quant Q4_K_M',
      'llama-3.1-8b-instruct',
      rtx3090Box(),
      new RegExp(
        `^Your NVIDIA GeForce RTX 3090 runs Llama 3.1 8B Instruct at Q4_K_M with 8K context fully on the GPU: expect ${tps}\\.$`,
      ),
    ],
    [
      'over two GPUs',
      'homelab-ai fit llama-3.1-70b-instruct',
      'llama-3.1-70b-instruct',
      rtx3090Box({ gpus: [rtx3090(), rtx3090({ busId: '0000:0c:00.0' })] }),
      new RegExp(
        `^Your 2 GPUs \\(NVIDIA GeForce RTX 3090, NVIDIA GeForce RTX 3090\\) hold all of Llama 3.1 70B Instruct at Q4_K_M with 8K context: expect ${tps}\\.$`,
      ),
    ],
    [
      'with layers on the CPU',
      'homelab-ai fit llama-3.1-8b-instruct --quant BF16',
      'llama-3.1-8b-instruct',
      rtx3090Box({ gpus: [card('NVIDIA GeForce RTX 3050', 6144)] }),
      new RegExp(
        `^Your NVIDIA GeForce RTX 3050 holds \\d+ of 32 layers of Llama 3.1 8B Instruct at BF16 with 8K context; the rest run on the CPU from system RAM: expect ${tps}\\.$`,
      ),
    ],
    [
      'with MoE experts in RAM',
      'homelab-ai fit qwen3-30b-a3b --quant Q4_K_M',
      'qwen3-30b-a3b',
      rtx3090Box({ gpus: [card('NVIDIA GeForce RTX 3060 12GB', 12288)] }),
      new RegExp(
        `^Your NVIDIA GeForce RTX 3060 12GB holds the attention layers of Qwen3 30B-A3B at Q4_K_M with 8K context, and part of its experts stay in system RAM: expect ${tps}\\.$`,
      ),
    ],
    [
      "CPU-only without a GPU (the issue's sentence)",
      'homelab-ai bench llm --quick',
      'llama-3.1-8b-instruct',
      miniPcNoGpu(),
      new RegExp(
        `^Your lab has no GPU: this lab runs CPU-only; expect ${tps} for Llama 3.1 8B Instruct at Q4_K_M with 8K context\\.$`,
      ),
    ],
    [
      'CPU-only beside a GPU without usable VRAM',
      'homelab-ai lab plan chat --model llama-3.1-8b-instruct',
      'llama-3.1-8b-instruct',
      miniPcNoGpu({ gpus: [card('Matrox G200eW', null)] }),
      new RegExp(
        `^Your Matrox G200eW cannot hold Llama 3.1 8B Instruct at Q4_K_M with 8K context \\(too little VRAM, or none the probe could read\\), so this lab runs it CPU-only: expect ${tps}\\.$`,
      ),
    ],
    [
      'too big for VRAM plus RAM',
      'homelab-ai fit llama-3.1-70b-instruct',
      'llama-3.1-70b-instruct',
      miniPcNoGpu(),
      /^Llama 3.1 70B Instruct at \S+ with 8K context does not fit in your lab's memory \(VRAM plus system RAM\): the command still runs and shows how much is missing; a smaller model or quantization may fit\.$/,
    ],
  ])('%s', (_name, command, model, hw, expected) => {
    const fit = handsOnFit({ command, model }, hw, inputs)
    expect(fit).not.toBeNull()
    if (fit != null) expect(handsOnFitSentence(fit, hw)).toMatch(expected)
  })

  it("credits the reader's own benchmark", () => {
    const hw = miniPcNoGpu()
    const step = { command: 'homelab-ai fit llama-3.1-8b-instruct', model: 'llama-3.1-8b-instruct' }
    const fit = handsOnFit(step, hw, { ...inputs, calibration: { memoryBandwidthGBps: 30 } })
    expect(fit == null ? '' : handsOnFitSentence(fit, hw)).toContain(
      'tokens/s (scaled from your own benchmark) for Llama 3.1 8B Instruct',
    )
  })
})
