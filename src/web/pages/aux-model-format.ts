/**
 * How the Models page words and measures an image, speech or embedding answer: the speed figure
 * in the CLI's words (`4.2 s/image`, `25x real time`, `1,850 tokens/s`), the placement, the
 * memory parts and what they are measured against, the sort orders, and the detail link.
 */
import type { AuxFitResult, AuxKind } from '../../core/fit-aux-types.js'
import { totalVramGiB, type HardwareProfile } from '../../core/hardware.js'
import type { BarPart } from '../components/stacked-bar.js'
import { count, tokensPerSec } from '../format.js'
import { modelHref } from '../router.js'

/** The three non-LLM kinds in the order the page shows them, with their section titles. */
export const AUX_SECTIONS: readonly { readonly kind: AuxKind; readonly title: string }[] = [
  { kind: 'image', title: 'Image generation' },
  { kind: 'speech', title: 'Speech recognition' },
  { kind: 'embedding', title: 'Embeddings' },
]

/** Whether a kind filter value is one of the non-LLM kinds. */
export function isAuxKind(kind: string): kind is AuxKind {
  return AUX_SECTIONS.some((s) => s.kind === kind)
}

/** The speed figure as the CLI's `models --kind` table prints it. */
export function auxSpeedText(r: AuxFitResult): string {
  const s = r.speed
  if (s == null) return r.fits === false ? 'no speed: does not fit' : 'no speed estimate'
  switch (s.kind) {
    case 'image':
      return `${s.secondsPerImage.toFixed(s.secondsPerImage < 10 ? 1 : 0)} s/image`
    case 'speech':
      return s.realTimeFactor <= 1
        ? `${(1 / s.realTimeFactor).toFixed(s.realTimeFactor < 0.1 ? 0 : 1)}x real time`
        : `${s.realTimeFactor.toFixed(1)}x slower than real time`
    case 'embedding':
      return `${count(s.tokensPerSec)} tokens/s`
  }
}

/** The second line under the speed figure: the arithmetic's inputs in a few words. */
export function auxSpeedDetail(r: AuxFitResult): string {
  const s = r.speed
  if (s == null) return ''
  switch (s.kind) {
    case 'image':
      // Below one step a second, seconds per step read better than 0.00 it/s.
      return `${s.iterationsPerSec >= 1 ? `${tokensPerSec(s.iterationsPerSec)} it/s` : `${tokensPerSec(1 / s.iterationsPerSec)} s/step`} · ${s.width}x${s.height} · ${s.steps} steps`
    case 'speech':
      return `real-time factor ${s.realTimeFactor.toFixed(s.realTimeFactor < 0.1 ? 3 : 2)}`
    case 'embedding':
      return 'batched, compute-bound'
  }
}

/** Words for where it runs. */
export function auxPlacementText(r: AuxFitResult): string {
  switch (r.placement) {
    case 'gpu':
      return 'on the GPU'
    case 'partial-offload':
      return 'GPU, text encoders in RAM'
    case 'cpu':
      return 'on the CPU'
    case 'none':
      return r.fits == null ? 'not sized' : 'does not fit'
  }
}

/** Weights, compute buffers and reserve (no KV cache for these kinds). */
export function auxMemoryParts(memory: NonNullable<AuxFitResult['memory']>): BarPart[] {
  return [
    { label: 'weights', valueGiB: memory.weightsGiB, className: 'part-weights' },
    { label: 'compute', valueGiB: memory.computeGiB, className: 'part-compute' },
    { label: 'reserve', valueGiB: memory.reserveGiB, className: 'part-reserve' },
  ]
}

/**
 * What the bar compares with: the devices the placement uses (free memory), both GPU and RAM for
 * text encoders kept in RAM; when nothing fits, the machine's VRAM, or its RAM without a GPU.
 */
export function auxCapacity(
  r: AuxFitResult,
  hw: HardwareProfile,
): { capacityGiB: number; label: string } {
  const devices = (r.memory?.perDevice ?? []).filter((d) =>
    r.placement === 'cpu'
      ? d.device === 'cpu'
      : r.placement === 'gpu'
        ? d.device !== 'cpu'
        : r.placement === 'partial-offload',
  )
  if (devices.length > 0) {
    const hasCpu = devices.some((d) => d.device === 'cpu')
    const hasGpu = devices.some((d) => d.device !== 'cpu')
    return {
      capacityGiB: devices.reduce((n, d) => n + d.availableGiB, 0),
      label: hasCpu && hasGpu ? 'VRAM + RAM' : hasCpu ? 'RAM' : 'VRAM',
    }
  }
  const vram = totalVramGiB(hw)
  return vram > 0
    ? { capacityGiB: vram, label: 'VRAM' }
    : { capacityGiB: hw.memory.availableGiB, label: 'RAM' }
}

// Higher is faster for every kind: images per second, audio seconds per compute second, tokens/s.
function rate(r: AuxFitResult): number {
  const s = r.speed
  if (s == null) return -1
  switch (s.kind) {
    case 'image':
      return 1 / s.secondsPerImage
    case 'speech':
      return 1 / s.realTimeFactor
    case 'embedding':
      return s.tokensPerSec
  }
}

/** The Models page's sort orders applied to one kind's list (`rank` keeps the server's order). */
export function sortAux(
  list: readonly AuxFitResult[],
  sort: 'rank' | 'decode' | 'memory' | 'name',
): AuxFitResult[] {
  const copy = [...list]
  switch (sort) {
    case 'rank':
      return copy
    case 'decode':
      return copy.sort((a, b) => rate(b) - rate(a))
    case 'memory':
      return copy.sort(
        (a, b) => (a.memory?.totalGiB ?? Infinity) - (b.memory?.totalGiB ?? Infinity),
      )
    case 'name':
      return copy.sort((a, b) => a.model.name.localeCompare(b.model.name))
  }
}

/**
 * The detail link of a non-LLM model: its kind travels in the id (`image:flux-1-dev`; catalog
 * ids never hold a colon), so a reloaded detail page knows which list to read.
 */
export function auxModelHref(r: AuxFitResult): string {
  return modelHref(`${r.model.kind}:${r.model.id}`)
}

/** The kind and catalog id of a detail route made by auxModelHref; null for an LLM id. */
export function parseAuxModelId(modelId: string): { kind: AuxKind; id: string } | null {
  const m = /^(image|speech|embedding):(.+)$/.exec(modelId)
  return m == null ? null : { kind: m[1] as AuxKind, id: m[2] as string }
}
