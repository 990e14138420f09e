import { runCommand } from 'citty'
import { describe, expect, it } from 'vitest'
import { HomelabError, StoreError, UnknownNameError, UsageError } from '../../core/errors.js'
import type { FitResult } from '../../core/fit-types.js'
import type { AuxFitResult } from '../../core/fit-aux-types.js'
import type { HardwareProfile } from '../../core/hardware.js'
import { miniPcNoGpu, rtx3090Box } from '../../core/test-hardware.js'
import type { Calibration } from '../../core/fit-request.js'
import { createTestContext } from '../test-context.js'
import { fitContextFrom, type FitContext } from '../fit-context.js'
import { fitCommand } from './fit.js'

async function fit(
  rawArgs: string[],
  machine: HardwareProfile = rtx3090Box(),
  extra: Partial<FitContext> = {},
) {
  const ctx: FitContext = { ...createTestContext(machine), ...extra }
  const test = ctx as ReturnType<typeof createTestContext>
  const { result } = await runCommand(fitCommand(ctx), { rawArgs })
  return { result: result as FitResult, out: test.stdoutText(), err: test.err.join('\n') }
}

async function fitJson(rawArgs: string[], machine?: HardwareProfile): Promise<FitResult> {
  const { out } = await fit([...rawArgs, '--json'], machine)
  return JSON.parse(out) as FitResult
}

async function failure(rawArgs: string[]): Promise<HomelabError> {
  try {
    await fit(rawArgs)
  } catch (err) {
    if (err instanceof HomelabError) return err
    throw err
  }
  throw new Error(`fit ${rawArgs.join(' ')} did not fail`)
}

/** Every Llama 3/3.1, Qwen2.5, Mistral 7B and Gemma 2 model of the catalog, by its original HF repo. */
const HF_MODELS: readonly [repo: string, id: string, paramsB: number][] = [
  ['meta-llama/Meta-Llama-3-8B-Instruct', 'llama-3-8b-instruct', 8],
  ['meta-llama/Meta-Llama-3-70B-Instruct', 'llama-3-70b-instruct', 70],
  ['meta-llama/Llama-3.1-8B-Instruct', 'llama-3.1-8b-instruct', 8],
  ['meta-llama/Llama-3.1-70B-Instruct', 'llama-3.1-70b-instruct', 70],
  ['Qwen/Qwen2.5-0.5B-Instruct', 'qwen2.5-0.5b-instruct', 0.5],
  ['Qwen/Qwen2.5-1.5B-Instruct', 'qwen2.5-1.5b-instruct', 1.5],
  ['Qwen/Qwen2.5-3B-Instruct', 'qwen2.5-3b-instruct', 3],
  ['Qwen/Qwen2.5-7B-Instruct', 'qwen2.5-7b-instruct', 7],
  ['Qwen/Qwen2.5-14B-Instruct', 'qwen2.5-14b-instruct', 14],
  ['Qwen/Qwen2.5-32B-Instruct', 'qwen2.5-32b-instruct', 32],
  ['Qwen/Qwen2.5-72B-Instruct', 'qwen2.5-72b-instruct', 72],
  ['mistralai/Mistral-7B-Instruct-v0.3', 'mistral-7b-instruct-v0.3', 7],
  ['mistralai/Mistral-7B-Instruct-v0.1', 'mistral-7b-instruct-v0.1', 7],
  ['google/gemma-2-2b-it', 'gemma-2-2b-it', 2],
  ['google/gemma-2-9b-it', 'gemma-2-9b-it', 9],
  ['google/gemma-2-27b-it', 'gemma-2-27b-it', 27],
]

/** What any FitResult must satisfy, whatever the machine. */
function expectConsistent(r: FitResult): void {
  expect(r.reasons.length).toBeGreaterThan(0)
  if (!r.fits) {
    expect(r.level).toBe('too-big')
    expect(r.speed).toBeNull()
    return
  }
  expect(r.memory.totalGiB).toBeGreaterThan(0)
  for (const d of r.memory.perDevice) expect(d.totalGiB).toBeLessThanOrEqual(d.availableGiB)
  const gpuLayers = r.memory.perDevice
    .filter((d) => d.device !== 'cpu')
    .reduce((s, d) => s + d.layers, 0)
  expect(gpuLayers).toBe(r.gpuLayers)
  expect(r.speed?.decodeTokensPerSec).toBeGreaterThan(0)
  expect(r.speed?.prefillTokensPerSec).toBeGreaterThan(r.speed?.decodeTokensPerSec ?? 0)
  expect(r.speed?.basis.bandwidthSource).not.toBe('')
}

describe('homelab-ai fit: Hugging Face models on real homelab machines', () => {
  it.each(HF_MODELS)('%s on an RTX 3090 box', async (repo, id, paramsB) => {
    const r = await fitJson([repo])
    expect(r.model.id).toBe(id)
    expect(r.contextTokens).toBe(8192)
    expectConsistent(r)
    // 24 GiB holds up to ~32B at 4-5 bits; a 70B needs ~40 GiB at Q4_K_M.
    if (paramsB <= 32) {
      expect(r).toMatchObject({ fits: true, placement: 'gpu', level: 'runs-well' })
      expect(r.gpuLayers).toBe(r.totalLayers)
    } else expect(r.placement).not.toBe('gpu')
  })

  it.each(HF_MODELS)('%s on an N100 mini PC without GPU', async (repo, id, paramsB) => {
    const r = await fitJson([repo], miniPcNoGpu())
    expect(r.model.id).toBe(id)
    expectConsistent(r)
    expect(r.gpuLayers).toBe(0)
    // 13.1 GiB of free RAM: a 14B fits at 4 bits, a 32B only below 3 bits, 70B never.
    if (paramsB <= 14) expect(r).toMatchObject({ fits: true, placement: 'cpu' })
    if (paramsB >= 70) expect(r).toMatchObject({ fits: false, placement: 'none' })
    if (paramsB <= 3) expect(r.level).toBe('runs-well')
  })

  it.each(HF_MODELS)('%s on what-if 2x RTX 3090', async (repo, id, paramsB) => {
    const r = await fitJson([repo, '--gpu', '2x RTX 3090'])
    expect(r.model.id).toBe(id)
    expectConsistent(r)
    expect(r.fits).toBe(true)
    // A 70B at Q4_K_M (~40 GiB) needs both cards; small models stay on one.
    if (paramsB >= 70) {
      expect(r.placement).toBe('multi-gpu')
      expect(r.memory.perDevice.filter((d) => d.device.startsWith('gpu'))).toHaveLength(2)
    }
    if (paramsB <= 9) expect(r.placement).toBe('gpu')
    expect(r.level).toBe('runs-well')
  })
})

describe('homelab-ai fit: choices', () => {
  it('takes --quant, --ctx and --kv as given', async () => {
    const r = await fitJson(['llama3.1:8b', '--quant', 'q4_k_m', '--ctx', '32k', '--kv', 'Q8_0'])
    expect(r).toMatchObject({ quant: 'Q4_K_M', contextTokens: 32768, kvCacheType: 'q8_0' })
  })

  it('a quantized KV cache takes less memory than f16', async () => {
    const f16 = await fitJson(['qwen2.5:7b', '--quant', 'Q4_K_M', '--ctx', '32768'])
    const q4 = await fitJson(['qwen2.5:7b', '--quant', 'Q4_K_M', '--ctx', '32768', '--kv', 'q4_0'])
    expect(q4.memory.kvCacheGiB).toBeLessThan(f16.memory.kvCacheGiB / 3)
  })

  it('--quant alone keeps that quantization; --ctx alone picks the best one for it', async () => {
    expect((await fitJson(['gemma2:9b', '--quant', 'IQ4_XS'])).quant).toBe('IQ4_XS')
    const long = await fitJson(['qwen2.5:32b', '--ctx', '32768'])
    expect(long.contextTokens).toBe(32768)
    expect(long.fits).toBe(true)
  })

  it('reads the quantization from an Ollama hf.co reference', async () => {
    const r = await fitJson(['hf.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF:Q5_K_M'])
    expect(r).toMatchObject({ model: { id: 'llama-3.1-8b-instruct' }, quant: 'Q5_K_M' })
  })

  it('says when a model is too big at every quantization', async () => {
    const { result, out } = await fit(['llama3.1:70b'], miniPcNoGpu())
    expect(result.level).toBe('too-big')
    expect(out).toContain('Too big')
    expect(out).toMatch(/Tried BF16, Q8_0, .*: none fits\./)
  })
})

describe('homelab-ai fit: text', () => {
  it('prints the verdict, a memory bar per device, the speed with its basis and the reasons', async () => {
    const { out } = await fit(['llama3.1:8b', '--quant', 'Q4_K_M'])
    const lines = out.split('\n')
    expect(lines[0]).toBe('Llama 3.1 8B Instruct (llama-3.1-8b-instruct) on this machine (gpu-box)')
    expect(lines[1]).toMatch(
      /^Runs well: Q4_K_M with 8K context, all 32 layers on NVIDIA GeForce RTX 3090$/,
    )
    expect(out).toMatch(/gpu0 NVIDIA GeForce RTX 3090 +\[#+\.+\] +\d+\.\d \/ 23\.6 GiB/)
    expect(out).toMatch(
      /weights \d+\.\d \+ KV cache 1\.0 \+ compute \d+\.\d \+ runtime 0\.4 GiB, 32 layers/,
    )
    expect(out).toMatch(
      /How: RTX 3090: 936 GB\/s × 0\.\d\d efficiency \(share reached in llama\.cpp runs\) \/ \d\.\d GB of weights read per token ≈ \d+(\.\d)? tokens\/s/,
    )
    expect(out).toContain('Why\n  - ')
    expect(out).not.toContain('\u001b[')
  })

  it('splits a 70B over two what-if GPUs and says so', async () => {
    const { out } = await fit(['llama3.1:70b', '--gpu', '2x RTX 3090'])
    expect(out).toContain('on what-if hardware (--gpu "2x RTX 3090")')
    expect(out).toContain('all 80 layers split over 2 GPUs')
    expect(out).toMatch(/gpu0 .*\n.*\n\s+gpu1 /)
  })

  it('colors the verdict on a terminal unless NO_COLOR is set', async () => {
    const color = await fit(['qwen2.5:0.5b'], rtx3090Box(), { isTty: true })
    expect(color.out).toContain('\u001b[32m')
    const plain = await fit(['qwen2.5:0.5b'], rtx3090Box(), { isTty: true, env: { NO_COLOR: '1' } })
    expect(plain.out).not.toContain('\u001b[')
  })

  it('shows predicted vs measured when this machine has a benchmark', async () => {
    const calibration: Calibration = {
      llm: {
        model: 'llama-3.1-8b-instruct',
        quant: 'Q4_K_M',
        promptTokensPerSec: 4200,
        generationTokensPerSec: 120,
      },
    }
    const loads: (string | undefined)[] = []
    const extra: Partial<FitContext> = {
      loadCalibration: (db) => {
        loads.push(db)
        return Promise.resolve(calibration)
      },
    }
    const same = await fit(
      ['llama3.1:8b', '--quant', 'Q4_K_M', '--ctx', '4096'],
      rtx3090Box(),
      extra,
    )
    expect(same.result.speed).toMatchObject({
      decodeTokensPerSec: 120,
      basis: { kind: 'measured' },
    })
    expect(same.out).toContain('Predicted vs measured')
    expect(same.out).toContain(
      'Measured: llama-bench of llama-3.1-8b-instruct Q4_K_M ran 120 tokens/s generation, 4200 prompt',
    )
    const other = await fit(['qwen2.5:7b', '--db', ':memory:'], rtx3090Box(), extra)
    expect(other.result.speed?.basis.kind).toBe('measured')
    expect(other.out).toMatch(/Datasheet estimate [\d.]+ tokens\/s generation/)
    expect(loads).toEqual([undefined, ':memory:'])
    // A benchmark of this machine says nothing about pretend hardware.
    const whatIf = await fit(['qwen2.5:7b', '--gpu', 'RTX 4090'], rtx3090Box(), extra)
    expect(whatIf.result.speed?.basis.kind).toBe('catalog')
    expect(loads).toHaveLength(2)
  })
})

describe('fitContextFrom', () => {
  it('reads the calibration from the history store; none saved means datasheet figures', async () => {
    const ctx = createTestContext()
    const { result } = await runCommand(fitCommand(fitContextFrom(ctx)), {
      rawArgs: ['qwen2.5:7b'],
    })
    expect((result as FitResult).speed?.basis.kind).toBe('catalog')
    expect(ctx.stdoutText()).not.toContain('Predicted vs measured')
  })

  it('a broken store leaves the estimate uncalibrated with a note', async () => {
    const { result, err } = await fit(['qwen2.5:7b'], rtx3090Box(), {
      loadCalibration: () => Promise.reject(new StoreError('database is locked')),
    })
    expect(result.speed?.basis.kind).toBe('catalog')
    expect(err).toBe('note: no calibration from the benchmark history (database is locked)')
  })
})

describe('homelab-ai fit: bad input', () => {
  it.each([
    [
      ['llama3.1:8b', '--ctx', '0'],
      /^--ctx must be a whole number of tokens from 1 to 10000000, such as 4096, 8192 or 32k; got "0"$/,
    ],
    [['llama3.1:8b', '--ctx', 'abc'], /^--ctx must be a whole number .* got "abc"$/],
    [['llama3.1:8b', '--ctx', '-5'], /^--ctx must be/],
    [
      ['llama3.1:8b', '--ctx', '1000000'],
      /^--ctx 1000000 is more than Llama 3.1 8B Instruct supports \(at most 131072 tokens\)$/,
    ],
    [
      ['llama3.1:8b', '--quant', 'Q9_K'],
      /^--quant must be one of F32, F16, BF16, Q8_0, .*Q4_K_M.*; got "Q9_K"$/,
    ],
    [['llama3.1:8b', '--kv', 'f32'], /^--kv must be one of f16, q8_0, q4_0; got "f32"$/],
    [[], /^name a model, e\.g\. `homelab-ai fit llama3\.1:8b`/],
    [
      ['whisper:large-v3', '--ctx', '8k'],
      /^--ctx applies to language models; whisper-large-v3 is a speech model/,
    ],
    [['mxbai-embed-large', '--quant', 'Q8_0'], /^--quant applies to language models; mxbai/],
    [
      ['flux-1-schnell', '--quant', 'Q9_K'],
      /^--quant for flux-1-schnell must be one of its published formats: bf16, .*fp8.*; got "Q9_K"$/,
    ],
    [
      ['whisper:large-v3', '--quant', 'q9_k'],
      /^--quant for whisper-large-v3 must be one of its published formats: F16, Q5_0; got "q9_k"$/,
    ],
    [
      ['hf.co/bartowski/Meta-Llama-3.1-8B-Instruct-GGUF:Q9'],
      /^the quantization tag must be one of/,
    ],
    [['llama3.1:8b', '--gpu', 'RTX 9999'], /unknown GPU/i],
  ])('fit %j → UsageError', async (args, message) => {
    const err = await failure(args)
    expect(err).toBeInstanceOf(UsageError)
    expect(err.message).toMatch(message)
    expect(err.message).not.toContain('\n')
  })

  it('an unknown model names the closest catalog models', async () => {
    const err = await failure(['llama3.1:7b'])
    expect(err).toBeInstanceOf(UnknownNameError)
    expect(err.message).toMatch(
      /^unknown model "llama3\.1:7b"; did you mean: .*llama-3\.1-8b-instruct/,
    )
  })

  it('checks flags before probing the machine', async () => {
    const ctx = createTestContext()
    await expect(runCommand(fitCommand(ctx), { rawArgs: ['nope-model'] })).rejects.toThrow(
      UnknownNameError,
    )
    expect(ctx.probeCalls).toHaveLength(0)
  })
})

describe('homelab-ai fit: image, speech and embedding models', () => {
  it('whisper: its own breakdown, real-time factor and reasons; --json has the shared fields', async () => {
    const ctx = createTestContext(rtx3090Box())
    await runCommand(fitCommand(ctx), { rawArgs: ['whisper:large-v3', '--json'] })
    const r = JSON.parse(ctx.stdoutText()) as AuxFitResult
    expect(Object.keys(r)).toEqual([
      'model',
      'quant',
      'formats',
      'files',
      'fits',
      'placement',
      'memory',
      'speed',
      'level',
      'reasons',
    ])
    expect(r).toMatchObject({ model: { kind: 'speech' }, fits: true, placement: 'gpu' })
    expect(r.speed?.kind).toBe('speech')
    const text = createTestContext(rtx3090Box())
    await runCommand(fitCommand(text), { rawArgs: ['whisper:large-v3', '--quant', 'F16'] })
    const out = text.stdoutText()
    expect(out).toMatch(/^Whisper large-v3 \(whisper-large-v3\) on this machine/)
    expect(out).toMatch(/Runs well: GPU, \d+x real time/)
    expect(out).toContain('NVIDIA GeForce RTX 3090')
    expect(out).toMatch(/F16 file, Needs [\d.]+ GiB/)
  })

  it('an image model is sized from its published files, with seconds per image', async () => {
    const ctx = createTestContext(rtx3090Box())
    await runCommand(fitCommand(ctx), { rawArgs: ['flux-1-schnell'] })
    expect(ctx.stdoutText()).toMatch(/^Runs well: GPU, text encoders in RAM, [\d.]+ s\/image$/m)
    expect(ctx.stdoutText()).toMatch(/Files: .* Q8_0 \(12\.7 GB\)/)
  })

  it('--quant picks a published format of an image model', async () => {
    const ctx = createTestContext(rtx3090Box())
    await runCommand(fitCommand(ctx), { rawArgs: ['flux-1-schnell', '--quant', 'fp8', '--json'] })
    const r = JSON.parse(ctx.stdoutText()) as AuxFitResult
    expect(r.quant).toBe('fp8')
    expect(r.fits).toBe(true)
  })
})
