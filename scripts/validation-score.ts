/**
 * Runs the engine on every validation case and scores it: absolute percentage errors of decode
 * and prefill speed, and whether fit/OOM verdicts match. Shared by validate.ts and fit-efficiency.ts.
 */
import { assessFit } from '../src/core/fit.js'
import type { FitData } from '../src/core/fit-request.js'
import { resolveGpuName } from '../src/core/gpu-name.js'
import type { Case, Loaded } from './validation-rows.js'

/** One case with the engine's answer. */
export interface Scored {
  readonly c: Case
  readonly predicted: number | null
  readonly baseline: number | null
  readonly fits: boolean
  readonly gpuOnlyFits: boolean
  readonly layers: number
  readonly gpuLayers: number
  readonly placement: string
}

/** The engine's figure for a case (decode or prefill), or null when it predicts no run. */
export function scoreAll(l: Loaded, efficiency: FitData['efficiency']): Scored[] {
  const data: FitData = { ...l.data, efficiency }
  return l.cases.map((c) => {
    const r = assessFit(c.req, c.hw, data)
    const s = r.speed
    const predicted =
      s == null ? null : c.kind === 'decode' ? s.decodeTokensPerSec : s.prefillTokensPerSec
    return {
      c,
      predicted,
      baseline: baseline(c, data, r.memory.weightsGiB),
      fits: r.fits,
      gpuOnlyFits: r.fits && r.placement !== 'cpu',
      layers: r.totalLayers,
      gpuLayers: r.gpuLayers,
      placement: r.placement,
    }
  })
}

// The public baseline: decode = bandwidth / model size (the rule llmfit, whichllm and most
// calculators start from), prefill = peak FLOPS / (2 x parameters) (gguf-parser's roofline, eta 1).
function baseline(c: Case, data: FitData, weightsGiB: number): number | null {
  const gpu = c.hw.gpus[0]
  const bytes = c.fileBytes ?? weightsGiB * 2 ** 30
  const e = gpu == null ? null : resolveGpuName(data.gpus, gpu.name)
  const m = c.hw.memory
  const bw =
    e?.memoryBandwidthGBps ??
    (m.speedMTs != null ? ((m.channels ?? 2) * 8 * m.speedMTs) / 1000 : null)
  if (c.kind === 'decode') return bw == null || bytes <= 0 ? null : (bw * 1e9) / bytes
  const tflops = e?.tensorFp16Tflops ?? e?.fp32Tflops ?? null
  const params = (c.req.model.params.activeB ?? 0) * 1e9
  return tflops == null || params <= 0 ? null : (tflops * 1e12) / (2 * params)
}

/** Absolute percentage error. */
export function ape(pred: number, meas: number): number {
  return (Math.abs(pred - meas) / meas) * 100
}

/** The q-quantile (0..1) of values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const s = [...values].sort((a, b) => a - b)
  const pos = (s.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return (s[lo] ?? 0) + ((s[hi] ?? 0) - (s[lo] ?? 0)) * (pos - lo)
}
