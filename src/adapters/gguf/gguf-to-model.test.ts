import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadFitData } from '../catalog/load-fit-data.js'
import { assessFit } from '../../core/fit.js'
import { miniPcNoGpu, rtx3090Box } from '../../core/test-hardware.js'
import { ggufToModel } from './gguf-to-model.js'
import { readGgufHeader } from './read-gguf-header.js'
import { writeTinyLlamaModel } from './tiny-model.js'
import { encodeGguf, gv, type GgufTensorWrite, type GgufWriteValue } from './write-gguf.js'

const dir = mkdtempSync(path.join(tmpdir(), 'gguf-model-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A header-only file of `arch` with `layers` blocks: attention plus dense or expert FFNs. */
async function headerOnly(
  name: string,
  arch: string,
  meta: Record<string, GgufWriteValue>,
  opts: { layers: number; embd: number; ff: number; experts?: number; output?: boolean },
) {
  const t = (n: string, shape: number[], type = 'Q8_0'): GgufTensorWrite => ({
    name: n,
    type,
    shape,
  })
  const tensors: GgufTensorWrite[] = [t('token_embd.weight', [opts.embd, 1000])]
  for (let l = 0; l < opts.layers; l++) {
    tensors.push(t(`blk.${l}.attn_q.weight`, [opts.embd, opts.embd]))
    if (opts.experts == null) tensors.push(t(`blk.${l}.ffn_up.weight`, [opts.embd, opts.ff]))
    else tensors.push(t(`blk.${l}.ffn_up_exps.weight`, [opts.embd, opts.ff, opts.experts]))
  }
  if (opts.output !== false) tensors.push(t('output.weight', [opts.embd, 1000]))
  const file = path.join(dir, name)
  writeFileSync(
    file,
    encodeGguf({
      metadata: {
        'general.architecture': gv.str(arch),
        [`${arch}.block_count`]: gv.u32(opts.layers),
        [`${arch}.embedding_length`]: gv.u32(opts.embd),
        [`${arch}.attention.head_count`]: gv.u32(8),
        [`${arch}.context_length`]: gv.u32(32768),
        ...meta,
      },
      tensors,
    }),
  )
  return readGgufHeader(file)
}

describe('ggufToModel', () => {
  it('turns the tiny model into a catalog LLM with its exact weights as the file size', async () => {
    const info = await writeTinyLlamaModel(path.join(dir, 'tiny.gguf'), { type: 'f16' })
    const header = await readGgufHeader(info.file)
    const { model, quant, notes } = ggufToModel(header)
    expect(quant).toBe('F16')
    expect(notes).toEqual([])
    expect(model).toMatchObject({
      kind: 'llm',
      id: 'homelab-ai-tiny-llama-64x2-random-weights',
      params: { totalB: info.parameterCount / 1e9, activeB: info.parameterCount / 1e9 },
      architecture: {
        arch: 'llama',
        layers: 2,
        hiddenSize: 64,
        ffnSize: 128,
        attentionHeads: 4,
        kvHeads: 2,
        headDim: 16,
        vocabSize: 260,
        maxContext: 2048,
        tiedEmbeddings: false,
      },
      slidingWindow: null,
      moe: null,
    })
    expect(model.files).toEqual([
      expect.objectContaining({
        quant: 'F16',
        sizeBytes: header.weightsBytes,
        file: 'tiny.gguf',
        source: expect.stringMatching(/^file:\/\/.*tiny\.gguf$/) as unknown,
      }),
    ])
  })

  it('reads a MoE llama (Mixtral-style) with its active share of the expert weights', async () => {
    const header = await headerOnly(
      'moe.gguf',
      'llama',
      { 'llama.expert_count': gv.u32(8), 'llama.expert_used_count': gv.u32(2) },
      { layers: 2, embd: 64, ff: 128, experts: 8 },
    )
    const { model } = ggufToModel(header)
    const experts = 2 * 64 * 128 * 8
    expect(model.architecture.arch).toBe('mixtral')
    expect(model.moe).toMatchObject({
      expertsTotal: 8,
      expertsActive: 2,
      expertFfnSize: 128,
      sharedExperts: 0,
    })
    expect(model.params.totalB).toBeCloseTo(header.parameterCount / 1e9, 12)
    expect(model.params.activeB).toBeCloseTo((header.parameterCount - experts * 0.75) / 1e9, 12)
    expect(header.dataComplete).toBe(false)
  })

  it('lays out gemma3 sliding-window layers as llama.cpp does (5 local : 1 global)', async () => {
    const header = await headerOnly(
      'gemma3.gguf',
      'gemma3',
      { 'gemma3.attention.sliding_window': gv.u32(1024) },
      { layers: 26, embd: 64, ff: 128, output: false },
    )
    const { model } = ggufToModel(header)
    expect(model.architecture.tiedEmbeddings).toBe(true)
    expect(model.slidingWindow).toMatchObject({
      window: 1024,
      pattern: '5:1 local:global',
      localLayers: 22,
      globalLayers: 4,
    })
  })

  it('takes a per-layer sliding-window pattern when the header has one', async () => {
    const header = await headerOnly(
      'swa.gguf',
      'gpt-oss',
      {
        'gpt-oss.attention.sliding_window': gv.u32(128),
        'gpt-oss.attention.sliding_window_pattern': gv.array('bool', [true, false, true, true]),
      },
      { layers: 4, embd: 64, ff: 128 },
    )
    expect(ggufToModel(header).model.slidingWindow).toMatchObject({
      localLayers: 3,
      globalLayers: 1,
    })
  })

  it('estimates an unknown architecture as a generic transformer and says so', async () => {
    const header = await headerOnly('odd.gguf', 'starcoder2', {}, { layers: 2, embd: 64, ff: 128 })
    const { model, notes } = ggufToModel(header)
    expect(model.architecture.arch).toBe('llama')
    expect(notes.join(' ')).toMatch(/"starcoder2" is estimated as a generic dense transformer/)
    expect(notes.join(' ')).toMatch(/header-only or cut-off/)
  })

  it('lets the fit engine answer for a header-only Llama-3-8B Q4_K_M file', async () => {
    const info = await writeTinyLlamaModel(path.join(dir, 'fake-8b.gguf'), {
      embd: 4096,
      layers: 32,
      ff: 14336,
      heads: 32,
      kvHeads: 8,
      vocab: 128256,
      type: 'q4_k',
      contextLength: 8192,
      headerOnly: true,
    })
    const { model, quant } = ggufToModel(await readGgufHeader(info.file))
    const data = await loadFitData()
    const req = { model, quant, contextTokens: 8192, kvCacheType: 'f16' as const }
    const gpu = assessFit(req, rtx3090Box(), data)
    expect(gpu).toMatchObject({ quant: 'Q4_K_M', fits: true, placement: 'gpu', totalLayers: 32 })
    // 4.21 GiB of weights plus an 8K f16 KV cache of 1 GiB (32 layers x 8 heads x 128 x 2 x 2 B).
    expect(gpu.memory.weightsGiB).toBeCloseTo(4.21, 2)
    expect(gpu.memory.kvCacheGiB).toBeCloseTo(1, 2)
    expect(gpu.speed?.decodeTokensPerSec).toBeGreaterThan(20)
    const cpu = assessFit(req, miniPcNoGpu(), data)
    expect(cpu.placement).toBe('cpu')
  })
})
