/** Words and colors for fit verdicts, shared by the fit, models and report formatters. */
import type { FitLevel, FitResult, Placement } from '../../core/fit-types.js'
import type { Style } from './style.js'

/** The verdict as people say it. */
export const LEVEL_LABEL: Readonly<Record<FitLevel, string>> = {
  'runs-well': 'Runs well',
  runs: 'Runs',
  tight: 'Tight',
  'too-big': 'Too big',
}

/** Short placement names for tables. */
export const PLACEMENT_LABEL: Readonly<Record<Placement, string>> = {
  gpu: 'GPU',
  'multi-gpu': 'multi-GPU',
  'partial-offload': 'GPU+RAM',
  cpu: 'CPU',
  none: '-',
}

/** `text` colored by the verdict: green good, yellow marginal, red no. */
export function levelColor(level: FitLevel, style: Style): (text: string) => string {
  switch (level) {
    case 'runs-well':
      return style.green
    case 'runs':
      return style.cyan
    case 'tight':
      return style.yellow
    case 'too-big':
      return style.red
  }
}

/** Where the model runs, in one phrase. */
export function placementPhrase(r: FitResult): string {
  const gpus = r.memory.perDevice.filter((d) => d.device !== 'cpu')
  switch (r.placement) {
    case 'gpu':
      return `all ${r.totalLayers} layers on ${gpus[0]?.name ?? 'the GPU'}`
    case 'multi-gpu':
      return `all ${r.totalLayers} layers split over ${gpus.length} GPUs`
    case 'partial-offload':
      return r.offload === 'moe-experts'
        ? 'attention on the GPU, most experts in system RAM'
        : `${r.gpuLayers} of ${r.totalLayers} layers on the GPU, the rest in system RAM`
    case 'cpu':
      return 'on the CPU, in system RAM'
    case 'none':
      return 'nowhere on this machine'
  }
}

/** `131072` → `128K`, `8192` → `8K`, `1000` → `1000`. */
export function contextLabel(tokens: number): string {
  if (tokens >= 1024 && tokens % 1024 === 0) return `${tokens / 1024}K`
  return String(tokens)
}

/** Tokens per second for people: no decimals from 100, one below, two below 1. */
export function tokensPerSec(n: number): string {
  if (n >= 100) return n.toFixed(0)
  if (n >= 1) return n.toFixed(1)
  return n.toFixed(2)
}
