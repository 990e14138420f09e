import { describe, expect, it } from 'vitest'
import type { DeviceMemory, FitResult } from '../core/fit-types.js'
import { miniPcNoGpu, rtx3090Box } from '../core/test-hardware.js'
import { capacityOf, memoryParts, placementText } from './model-memory.js'

function device(d: Partial<DeviceMemory> & Pick<DeviceMemory, 'device'>): DeviceMemory {
  return {
    name: d.device,
    weightsGiB: 4,
    kvCacheGiB: 1,
    computeGiB: 0.5,
    reserveGiB: 0.5,
    totalGiB: 6,
    availableGiB: 20,
    layers: 16,
    ...d,
  }
}

function fit(perDevice: DeviceMemory[], placement: FitResult['placement']): FitResult {
  return {
    model: { id: 'm', name: 'M', kind: 'llm' },
    quant: 'Q4_K_M',
    contextTokens: 8192,
    kvCacheType: 'f16',
    fits: placement !== 'none',
    placement,
    gpuLayers: 16,
    totalLayers: 32,
    memory: {
      weightsGiB: 8,
      kvCacheGiB: 2,
      computeGiB: 1,
      reserveGiB: 1,
      totalGiB: 12,
      perDevice,
    },
    speed: null,
    level: placement === 'none' ? 'too-big' : 'runs',
    reasons: [],
  }
}

describe('capacityOf', () => {
  it('adds up the devices the model was placed on and names them', () => {
    const f = fit(
      [device({ device: 'gpu0', availableGiB: 22 }), device({ device: 'cpu', availableGiB: 40 })],
      'partial-offload',
    )
    expect(capacityOf(f, rtx3090Box())).toEqual({ capacityGiB: 62, label: 'VRAM + RAM' })
    expect(placementText(f)).toBe('16 of 32 layers on GPU')
  })

  it('measures a model fully on the GPUs against VRAM only', () => {
    const f = fit(
      [
        device({ device: 'gpu0', availableGiB: 22 }),
        device({ device: 'gpu1', availableGiB: 22 }),
        device({ device: 'cpu', availableGiB: 40, layers: 0, totalGiB: 0.3 }),
      ],
      'multi-gpu',
    )
    expect(capacityOf(f, rtx3090Box())).toEqual({ capacityGiB: 44, label: 'VRAM' })
  })

  it('falls back to the VRAM, or the RAM without a GPU, when nothing was placed', () => {
    expect(capacityOf(fit([], 'none'), rtx3090Box()).label).toBe('VRAM')
    const noGpu = miniPcNoGpu()
    expect(capacityOf(fit([], 'none'), noGpu)).toEqual({
      capacityGiB: noGpu.memory.availableGiB,
      label: 'RAM',
    })
  })
})

describe('memoryParts', () => {
  it('keeps the four parts in drawing order', () => {
    expect(memoryParts(fit([], 'gpu').memory).map((p) => [p.label, p.valueGiB])).toEqual([
      ['weights', 8],
      ['KV cache', 2],
      ['compute', 1],
      ['reserve', 1],
    ])
  })
})
