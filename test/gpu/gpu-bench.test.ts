// @module-tag gpu
/**
 * `bench gpu` on a real NVIDIA GPU: nvidia-smi's PCIe link, clocks and memory, and the generated
 * model through node-llama-cpp with every layer on the GPU. Run with `npm run test:gpu`; the
 * default `npm run test:unit` leaves the `gpu` tag out. Without a GPU each test is skipped with
 * the reason, because a skip that says why is more useful than a red line on every laptop.
 */
import { existsSync } from 'node:fs'
import os from 'node:os'
import { beforeAll, describe, expect, it } from 'vitest'
import { BENCH_LEVELS } from '../../src/core/bench-levels.js'
import type { BenchDocument, GpuBenchDevice, GpuBenchResult } from '../../src/core/bench-types.js'
import { readPhysicalCores } from '../../src/adapters/bench/machine-load.js'
import { runBenchmarks } from '../../src/adapters/bench/run-benchmarks.js'
import { TINY_BENCH_MODEL } from '../../src/adapters/bench/tiny-bench-model.js'
import type { TinyModelOptions } from '../../src/adapters/gguf/tiny-model.js'
import { runCommand } from '../../src/adapters/system/run-command.js'

/**
 * F32 weights, 1024 wide, 6 layers: ~298 MiB, above the 256 MiB that `bench gpu` needs before it
 * reports host-to-device bandwidth, and quick to write (no quantizing).
 */
const UPLOAD_MODEL: TinyModelOptions = {
  embd: 1024,
  layers: 6,
  ff: 2816,
  heads: 16,
  kvHeads: 16,
  type: 'f32',
  vocab: 512,
  seed: 1,
  contextLength: 2048,
}

/** Usable GB/s per lane after line encoding, by PCIe generation (PCI-SIG base specifications). */
const LANE_GBPS: Readonly<Record<number, number>> = {
  1: 0.25,
  2: 0.5,
  3: 0.985,
  4: 1.969,
  5: 3.938,
  6: 7.563,
}

const PCIE_WIDTHS = [1, 2, 4, 8, 12, 16, 32]

/** `homelab-ai bench gpu --quick` as the CLI runs it, minus printing and saving. */
function benchGpu(tinyModel: TinyModelOptions): Promise<BenchDocument> {
  return runBenchmarks(
    {
      sections: ['gpu'],
      level: 'quick',
      diskPath: os.tmpdir(),
      model: { kind: 'tiny' },
      physicalCores: readPhysicalCores(),
      snapshotId: null,
      params: BENCH_LEVELS.quick,
      tinyModel,
    },
    { run: runCommand, now: () => new Date() },
  )
}

function expectSaneDevice(d: GpuBenchDevice): void {
  expect(d.name).not.toBe('')
  for (const gen of [d.pcieGenCurrent, d.pcieGenMax]) {
    expect(Number.isInteger(gen)).toBe(true)
    expect(gen).toBeGreaterThanOrEqual(1)
    expect(gen).toBeLessThanOrEqual(6)
  }
  expect(d.pcieGenCurrent).toBeLessThanOrEqual(d.pcieGenMax ?? 0)
  expect(PCIE_WIDTHS).toContain(d.pcieWidthCurrent)
  expect(PCIE_WIDTHS).toContain(d.pcieWidthMax)
  expect(d.pcieWidthCurrent).toBeLessThanOrEqual(d.pcieWidthMax ?? 0)
  expect(d.graphicsClockMHz).toBeGreaterThan(0)
  expect(d.memoryClockMHz).toBeGreaterThan(0)
  expect(d.graphicsClockMHz).toBeLessThanOrEqual(d.maxGraphicsClockMHz ?? Infinity)
  expect(d.memoryTotalMiB).toBeGreaterThan(0)
  expect(d.memoryUsedMiB).toBeGreaterThanOrEqual(0)
  expect(d.memoryUsedMiB).toBeLessThanOrEqual(d.memoryTotalMiB ?? 0)
}

/** The run put every layer on the GPU and produced real, repeatable tokens. */
function expectGpuInference(gpu: GpuBenchResult, layers: number): void {
  expect(gpu.reason, 'bench gpu could not use the GPU').toBeNull()
  expect(gpu.available).toBe(true)
  expect(gpu.backend).toMatch(/^(cuda|vulkan)$/)
  const llm = gpu.llm
  expect(llm).not.toBeNull()
  if (llm == null) return
  expect(llm.modelSource).toBe('tiny-generated')
  expect(llm.params.gpu).toBe(gpu.backend)
  // llama.cpp counts the output layer too: n_layer + 1 offloadable layers.
  expect(llm.params.gpuLayers).toBeGreaterThanOrEqual(layers)
  expect(llm.promptTokensPerSec).toBeGreaterThan(0)
  expect(llm.generationTokensPerSec).toBeGreaterThan(0)
  expect(llm.identicalTokensAcrossRuns).toBe(true)
  expect(llm.firstTokens).toHaveLength(16)
  expect(existsSync(llm.modelPath)).toBe(false)
}

/** Why this machine cannot run the GPU tests, in one line; null when nvidia-smi lists a GPU. */
async function whyNoGpu(): Promise<string | null> {
  const r = await runCommand('nvidia-smi', ['-L'], { timeoutMs: 10_000 })
  if (r.notFound) return 'no NVIDIA GPU: nvidia-smi is not installed'
  if (r.timedOut) return 'no NVIDIA GPU: nvidia-smi did not answer within 10 s'
  if (!r.ok)
    return `no NVIDIA GPU: nvidia-smi failed (${(r.stderr || r.stdout).trim().split('\n')[0] ?? ''})`
  return /^GPU \d+:/m.test(r.stdout) ? null : 'no NVIDIA GPU: nvidia-smi lists none'
}

describe('bench gpu on a real NVIDIA GPU', { tags: ['gpu'] }, () => {
  let noGpu: string | null = null
  beforeAll(async () => {
    noGpu = await whyNoGpu()
    // The default reporter hides skip notes; one line on stderr says why nothing ran.
    if (noGpu != null) console.warn(`GPU tests skipped: ${noGpu}`)
  }, 20_000)

  it('reads the PCIe link, clocks and memory, and runs the tiny model with every layer on the GPU', async (ctx) => {
    ctx.skip(noGpu != null, noGpu ?? undefined)
    const first = await benchGpu(TINY_BENCH_MODEL)
    expect(first.failures).toEqual([])
    const gpu = first.gpu
    if (gpu == null) throw new Error('bench gpu returned no gpu section')
    expect(gpu.devices.length).toBeGreaterThan(0)
    for (const d of gpu.devices) expectSaneDevice(d)
    expectGpuInference(gpu, TINY_BENCH_MODEL.layers ?? 1)
    // The tiny model is too small to time an upload; the result says so instead of a figure.
    expect(gpu.hostToDeviceGBps).toBeNull()
    expect(gpu.notes.join(' ')).toContain('host-to-device bandwidth needs a model of 256 MiB')

    // Same file (same seed), same GPU, greedy: a second run must give the same tokens.
    const second = await benchGpu(TINY_BENCH_MODEL)
    expect(second.gpu?.llm?.firstTokens).toEqual(gpu.llm?.firstTokens)
  }, 180_000)

  it('measures host-to-device bandwidth on a 298 MiB model, within what the PCIe link can carry', async (ctx) => {
    ctx.skip(noGpu != null, noGpu ?? undefined)
    const doc = await benchGpu(UPLOAD_MODEL)
    expect(doc.failures).toEqual([])
    const gpu = doc.gpu
    if (gpu == null) throw new Error('bench gpu returned no gpu section')
    expectGpuInference(gpu, UPLOAD_MODEL.layers ?? 1)
    expect(gpu.llm?.modelSizeMiB).toBeGreaterThanOrEqual(256)
    const h2d = gpu.hostToDeviceGBps
    expect(h2d).toBeGreaterThan(0)
    // A lower bound of the link's speed cannot beat the link: the fastest device's max gen x width.
    const linkGBps = Math.max(
      ...gpu.devices.map((d) => (LANE_GBPS[d.pcieGenMax ?? 0] ?? 0) * (d.pcieWidthMax ?? 0)),
    )
    expect(linkGBps).toBeGreaterThan(0)
    expect(h2d).toBeLessThanOrEqual(linkGBps * 1.05)
    await ctx.annotate(
      `host-to-device ${h2d} GB/s over a link of ${linkGBps.toFixed(1)} GB/s; ` +
        `pp512 ${gpu.llm?.promptTokensPerSec} tok/s, tg128 ${gpu.llm?.generationTokensPerSec} tok/s`,
    )
  }, 300_000)
})
