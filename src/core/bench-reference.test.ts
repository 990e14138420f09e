import { describe, expect, it } from 'vitest'
import { benchReference } from './bench-reference.js'
import { TEST_FIT_DATA, TEST_MODELS } from './test-fit-data.js'
import { sampleBenchDocument, sampleLlmResult } from './test-bench.js'
import { miniPcNoGpu, rtx3090Box } from './test-hardware.js'

describe('benchReference', () => {
  it('puts the newest measured figures beside the RAM peak and the CPU prediction', () => {
    const older = sampleBenchDocument({ runAt: '2026-11-01T10:00:00.000Z' })
    const newer = sampleBenchDocument({
      sections: ['memory'],
      memory: { ...older.memory!, readGBps: 40 },
      llm: undefined,
      disk: undefined,
      cpu: undefined,
      gpu: undefined,
    })
    const ref = benchReference(
      [
        { id: 2, document: newer },
        { id: 1, document: older },
      ],
      miniPcNoGpu(),
      TEST_FIT_DATA,
      TEST_MODELS,
    )
    const byId = Object.fromEntries(ref.rows.map((r) => [r.id, r]))
    expect(byId['ram-read']).toMatchObject({
      measured: 40,
      measuredRunId: 2,
      referenceKind: 'peak',
    })
    expect(byId['ram-read']?.reference).toBeGreaterThan(0)
    // No GPU and no GPU run: no upload row.
    expect(byId['pcie-upload']).toBeUndefined()
    // The LLM figures come from the older run, the only one with an LLM section.
    expect(byId['llm-tg']).toMatchObject({ measured: 24, measuredRunId: 1, unit: 'tok/s' })
    expect(byId['llm-tg']?.reference).toBeGreaterThan(0)
    expect(byId['llm-pp']?.source).toMatch(/Qwen2\.5 0\.5B.*Q4_K_M.*CPU only/i)
  })

  it('lists the GPUs with their catalog bandwidth and the PCIe link as the upload reference', () => {
    const doc = sampleBenchDocument({
      gpu: {
        available: true,
        reason: null,
        devices: [],
        backend: 'cuda',
        hostToDeviceGBps: 11.5,
        llm: sampleLlmResult({ promptTokensPerSec: 9000, generationTokensPerSec: 300 }),
        notes: [],
      },
    })
    const ref = benchReference([{ id: 5, document: doc }], rtx3090Box(), TEST_FIT_DATA, TEST_MODELS)
    expect(ref.gpus[0]).toMatchObject({
      catalogName: 'NVIDIA GeForce RTX 3090',
      memoryBandwidthGBps: 936.2,
    })
    const upload = ref.rows.find((r) => r.id === 'pcie-upload')
    expect(upload).toMatchObject({ measured: 11.5, measuredRunId: 5 })
    expect(upload?.reference).toBeGreaterThan(11.5)
    const gpuTg = ref.rows.find((r) => r.id === 'gpu-llm-tg')
    expect(gpuTg?.measured).toBe(300)
    // All layers on the 3090: far faster than the CPU-only prediction.
    const cpuTg = ref.rows.find((r) => r.id === 'llm-tg')
    expect(gpuTg!.reference!).toBeGreaterThan(cpuTg!.reference!)
  })

  it('says why there is no prediction for the tiny generated model or an unknown one', () => {
    const tiny = sampleBenchDocument({ llm: sampleLlmResult({ modelSource: 'tiny-generated' }) })
    const unknown = sampleBenchDocument({ llm: sampleLlmResult({ model: 'my-own-finetune.gguf' }) })
    const rowOf = (doc: typeof tiny) =>
      benchReference(
        [{ id: 1, document: doc }],
        miniPcNoGpu(),
        TEST_FIT_DATA,
        TEST_MODELS,
      ).rows.find((r) => r.id === 'llm-pp')
    expect(rowOf(tiny)?.reference).toBeNull()
    expect(rowOf(tiny)?.source).toMatch(/tiny generated model/)
    expect(rowOf(unknown)).toMatchObject({
      reference: null,
      source: 'my-own-finetune.gguf is not in the model catalog',
    })
  })

  it('still gives the RAM peak with no runs at all', () => {
    const ref = benchReference([], rtx3090Box(), TEST_FIT_DATA, TEST_MODELS)
    expect(ref.rows.map((r) => [r.id, r.measured])).toEqual([
      ['ram-read', null],
      ['pcie-upload', null],
    ])
  })
})
