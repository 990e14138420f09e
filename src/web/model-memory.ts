/**
 * How the Models page draws one fit's memory: the four parts of the estimate against the memory
 * the placement uses (VRAM of the GPUs it runs on, RAM for the CPU, both for partial offload).
 */
import type { FitResult } from '../core/fit-types.js'
import { totalVramGiB, type HardwareProfile } from '../core/hardware.js'
import type { BarPart } from './components/stacked-bar.js'

/** Weights, KV cache, compute buffers and reserve, in the order the bar draws them. */
export function memoryParts(memory: FitResult['memory']): BarPart[] {
  return [
    { label: 'weights', valueGiB: memory.weightsGiB, className: 'part-weights' },
    { label: 'KV cache', valueGiB: memory.kvCacheGiB, className: 'part-kv' },
    { label: 'compute', valueGiB: memory.computeGiB, className: 'part-compute' },
    { label: 'reserve', valueGiB: memory.reserveGiB, className: 'part-reserve' },
  ]
}

/** The memory a fit is measured against, and what to call it. */
export interface Capacity {
  readonly capacityGiB: number
  readonly label: string
}

/**
 * What the bar compares with:
 * - the devices the placement uses (their free memory): GPUs for `gpu` / `multi-gpu`, RAM for
 *   `cpu`, both for `partial-offload`;
 * - otherwise (too big anywhere) the machine's VRAM, or its available RAM without a GPU.
 */
export function capacityOf(fit: FitResult, hw: HardwareProfile): Capacity {
  // The placement says which memory counts: a model fully on the GPUs is measured against VRAM
  // even when the engine lists the small host-side share it keeps in RAM.
  const onGpuOnly = fit.placement === 'gpu' || fit.placement === 'multi-gpu'
  const devices = fit.memory.perDevice.filter((d) =>
    fit.placement === 'cpu' ? d.device === 'cpu' : onGpuOnly ? d.device !== 'cpu' : true,
  )
  if (devices.length > 0) {
    const capacityGiB = devices.reduce((n, d) => n + d.availableGiB, 0)
    const hasCpu = devices.some((d) => d.device === 'cpu')
    const hasGpu = devices.some((d) => d.device !== 'cpu')
    const label = hasCpu && hasGpu ? 'VRAM + RAM' : hasCpu ? 'RAM' : 'VRAM'
    return { capacityGiB, label }
  }
  const vram = totalVramGiB(hw)
  if (vram > 0) return { capacityGiB: vram, label: 'VRAM' }
  return { capacityGiB: hw.memory.availableGiB, label: 'RAM' }
}

/** Words for a placement, as a reader would say it. */
export function placementText(fit: FitResult): string {
  switch (fit.placement) {
    case 'gpu':
      return 'on the GPU'
    case 'multi-gpu':
      return 'split over GPUs'
    case 'partial-offload':
      return `${fit.gpuLayers} of ${fit.totalLayers} layers on GPU`
    case 'cpu':
      return 'on the CPU'
    case 'none':
      return 'does not fit'
  }
}
