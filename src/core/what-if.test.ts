import { describe, expect, it } from 'vitest'
import catalogJson from '../../catalog/gpus.json' with { type: 'json' }
import { UnknownNameError, UsageError } from './errors.js'
import { validateGpuCatalog } from './gpu-catalog.js'
import { miniPcNoGpu, rtx3090Box } from './test-hardware.js'
import { applyWhatIf, parseGpuSpec, parseWhatIfArgs } from './what-if.js'

const catalog = validateGpuCatalog(catalogJson)

describe('parseGpuSpec', () => {
  it.each([
    ['2x RTX 3090', [{ count: 2, name: 'RTX 3090' }]],
    ['2 x RTX 3090', [{ count: 2, name: 'RTX 3090' }]],
    ['2× RTX 3090', [{ count: 2, name: 'RTX 3090' }]],
    ['RTX 3090 x2', [{ count: 2, name: 'RTX 3090' }]],
    ['4x4090', [{ count: 4, name: '4090' }]],
    ['RTX 3090', [{ count: 1, name: 'RTX 3090' }]],
    [
      'RTX 3090, RTX 4090',
      [
        { count: 1, name: 'RTX 3090' },
        { count: 1, name: 'RTX 4090' },
      ],
    ],
    [
      '2x Tesla P40 + A4000',
      [
        { count: 2, name: 'Tesla P40' },
        { count: 1, name: 'A4000' },
      ],
    ],
    ['Radeon RX 7900 XTX', [{ count: 1, name: 'Radeon RX 7900 XTX' }]],
  ])('%s', (input, expected) => {
    expect(parseGpuSpec(input)).toEqual(expected)
  })

  it.each([
    ['', '--gpu needs a GPU name, like "2x RTX 3090"'],
    ['0x RTX 3090', '--gpu count must be between 1 and 64, got 0 in "0x RTX 3090"'],
    ['65x RTX 3090', '--gpu count must be between 1 and 64, got 65 in "65x RTX 3090"'],
    ['RTX 3090,', '--gpu has an empty item in "RTX 3090,"'],
    ['40x A100, 40x H100', '--gpu adds up to 80 GPUs; at most 64 fit one machine'],
  ])('refuses %j', (input, message) => {
    expect(() => parseGpuSpec(input)).toThrow(new UsageError(message))
  })
})

describe('parseWhatIfArgs', () => {
  it('reads every flag, forgiving a unit suffix', () => {
    expect(parseWhatIfArgs({ gpu: '2x RTX 3090', vram: '24GB', ram: '128', cores: '16' })).toEqual({
      gpus: [{ count: 2, name: 'RTX 3090' }],
      vramGiB: 24,
      ramGiB: 128,
      cores: 16,
    })
    expect(parseWhatIfArgs({})).toEqual({})
  })

  it.each([
    [{ vram: '-3' }, '--vram must be a number of GiB between 0.5 and 4096, got -3'],
    [{ vram: 'NaN' }, '--vram must be a number of GiB between 0.5 and 4096, got NaN'],
    [{ vram: '' }, '--vram must be a number of GiB between 0.5 and 4096, got ""'],
    [{ ram: '1e9' }, '--ram must be a number of GiB between 0.5 and 65536, got 1e9'],
    [{ ram: 'lots' }, '--ram must be a number of GiB between 0.5 and 65536, got lots'],
    [{ cores: '0' }, '--cores must be a whole number of cores between 1 and 4096, got 0'],
    [{ cores: '2.5' }, '--cores must be a whole number of cores between 1 and 4096, got 2.5'],
  ])('refuses %j', (args, message) => {
    expect(() => parseWhatIfArgs(args)).toThrow(new UsageError(message))
  })
})

describe('applyWhatIf', () => {
  it('replaces the GPUs with catalog cards and marks the profile what-if', () => {
    const hw = applyWhatIf(miniPcNoGpu(), { gpus: parseGpuSpec('2x RTX 3090') }, catalog)
    expect(hw.source).toBe('what-if')
    expect(hw.gpus).toHaveLength(2)
    expect(hw.gpus[0]).toMatchObject({
      vendor: 'nvidia',
      name: 'NVIDIA GeForce RTX 3090',
      vramMiB: 24576,
      vramFreeMiB: 24576,
      attachment: 'bare-metal',
      source: 'what-if',
    })
    expect(hw.notes.at(-1)?.message).toBe('What-if: GPUs replaced by 2x RTX 3090.')
    expect(hw.memory).toEqual(miniPcNoGpu().memory)
  })

  it('throws UnknownNameError with suggestions for an unknown card', () => {
    const attempt = () => applyWhatIf(miniPcNoGpu(), { gpus: parseGpuSpec('RTX 3095') }, catalog)
    expect(attempt).toThrow(UnknownNameError)
    expect(attempt).toThrow(/unknown GPU "RTX 3095"; did you mean: .*NVIDIA GeForce RTX 3090/)
  })

  it('--vram sets every GPU, or adds a generic one to a machine without', () => {
    const box = applyWhatIf(rtx3090Box(), { vramGiB: 48 }, catalog)
    expect(box.gpus.map((g) => [g.vramMiB, g.vramFreeMiB, g.name])).toEqual(
      rtx3090Box().gpus.map((g) => [49152, 49152, g.name]),
    )
    const mini = applyWhatIf(miniPcNoGpu(), { vramGiB: 24 }, catalog)
    expect(mini.gpus).toEqual([
      expect.objectContaining({ vendor: 'other', name: 'What-if GPU (24 GiB)', vramMiB: 24576 }),
    ])
  })

  it('--ram keeps what the base machine uses now', () => {
    const base = miniPcNoGpu() // 15.4 total, 13.1 available: 2.3 GiB in use
    const hw = applyWhatIf(base, { ramGiB: 64 }, catalog)
    expect(hw.memory.totalGiB).toBe(64)
    expect(hw.memory.availableGiB).toBeCloseTo(61.7, 5)
    expect(applyWhatIf(base, { ramGiB: 2 }, catalog).memory.availableGiB).toBe(0)
  })

  it('--cores keeps the threads-per-core ratio', () => {
    const base = rtx3090Box()
    const ratio = base.cpu.threads / base.cpu.cores
    const hw = applyWhatIf(base, { cores: 8 }, catalog)
    expect(hw.cpu.cores).toBe(8)
    expect(hw.cpu.threads).toBe(8 * ratio)
    expect(applyWhatIf(miniPcNoGpu(), { cores: 8 }, catalog).cpu.threads).toBe(8)
  })

  it('an Apple chip brings its unified memory unless --ram is given', () => {
    const hw = applyWhatIf(
      miniPcNoGpu(),
      { gpus: parseGpuSpec('Apple M2 Ultra (76-core GPU, 192GB)') },
      catalog,
    )
    expect(hw.gpus).toEqual([
      expect.objectContaining({
        vendor: 'apple',
        name: 'Apple M2 Ultra (76-core GPU)',
        attachment: 'unified',
        vramMiB: 192 * 1024,
      }),
    ])
    expect(hw.memory.totalGiB).toBe(192)
    const plain = applyWhatIf(miniPcNoGpu(), { gpus: parseGpuSpec('Apple M3 Max') }, catalog)
    expect(plain.memory.totalGiB).toBe(36)
    const withRam = applyWhatIf(
      miniPcNoGpu(),
      { gpus: parseGpuSpec('Apple M3 Max'), ramGiB: 96 },
      catalog,
    )
    expect(withRam.memory.totalGiB).toBe(96)
  })

  it('refuses counting or combining Apple chips', () => {
    expect(() =>
      applyWhatIf(miniPcNoGpu(), { gpus: parseGpuSpec('2x Apple M2 Ultra') }, catalog),
    ).toThrow(UsageError)
    expect(() =>
      applyWhatIf(miniPcNoGpu(), { gpus: parseGpuSpec('Apple M2 Ultra, RTX 3090') }, catalog),
    ).toThrow(/built into an Apple chip/)
  })

  it('does not change the base profile', () => {
    const base = rtx3090Box()
    const copy = structuredClone(base)
    applyWhatIf(
      base,
      { gpus: parseGpuSpec('4x4090'), vramGiB: 20, ramGiB: 256, cores: 32 },
      catalog,
    )
    expect(base).toEqual(copy)
  })
})
