/** Text for `homelab-ai fit`: verdict, memory per device against its VRAM, speed and its basis, reasons. */
import type { Calibration } from '../../core/fit-request.js'
import type { DeviceMemory, FitLevel, FitResult, SpeedEstimate } from '../../core/fit-types.js'
import { bar, num, type Style } from './style.js'
import {
  LEVEL_LABEL,
  contextLabel,
  levelColor,
  placementPhrase,
  tokensPerSec,
} from './fit-words.js'

/** Everything `fit` shows besides the result itself. */
export interface FitView {
  readonly result: FitResult
  /** `best`: quant and context picked by the engine; `asked`: as the user gave them. */
  readonly chosen: 'best' | 'asked'
  /** Largest context that fits at the chosen quantization, when the engine searched for it. */
  readonly maxContextTokens?: number
  /** Quantizations tried, best quality first (bestFit). */
  readonly tried?: readonly { readonly quant: string; readonly level: FitLevel }[]
  /** Which hardware: `this machine`, a profile file, or the what-if description. */
  readonly hardwareLabel: string
  /** This machine's benchmark, when the store has one. */
  readonly calibration?: Calibration | null
  /** The same request estimated from datasheets only, to set beside the calibrated figure. */
  readonly catalogSpeed?: SpeedEstimate | null
  /** A mixture-of-experts model reads only its active experts, so the simple formula does not apply. */
  readonly moe?: boolean
}

const BAR_WIDTH = 24
const GIB = 2 ** 30

/** The whole `fit` answer as text. */
export function formatFitText(view: FitView, style: Style): string {
  const r = view.result
  const lines: string[] = []
  lines.push(`${style.bold(r.model.name)} ${style.dim(`(${r.model.id})`)} on ${view.hardwareLabel}`)
  lines.push(verdictLine(r, style))
  const choice = choiceLine(view)
  if (choice !== '') lines.push(`  ${choice}`)
  lines.push('')
  lines.push(...memoryLines(r, style))
  if (r.speed != null) {
    lines.push('')
    lines.push(...speedLines(r, r.speed, style, view.moe === true))
    lines.push(...calibrationLines(view, r.speed, style))
  }
  if (r.reasons.length > 0) {
    lines.push('', style.bold('Why'))
    for (const reason of r.reasons) lines.push(`  - ${reason}`)
  }
  return lines.join('\n')
}

/** `Runs well: Q4_K_M with 8K context, all 32 layers on NVIDIA GeForce RTX 3090`. */
export function verdictLine(r: FitResult, style: Style): string {
  const color = levelColor(r.level, style)
  const what = `${r.quant} with ${contextLabel(r.contextTokens)} context`
  if (!r.fits)
    return `${color(style.bold(LEVEL_LABEL[r.level]))}: ${what} does not fit this machine`
  return `${color(style.bold(LEVEL_LABEL[r.level]))}: ${what}, ${placementPhrase(r)}`
}

function choiceLine(view: FitView): string {
  const r = view.result
  if (view.chosen === 'asked') return ''
  if (!r.fits) {
    const tried = view.tried?.map((t) => t.quant) ?? []
    return tried.length > 0 ? `Tried ${tried.join(', ')}: none fits.` : ''
  }
  const parts = ['The best quantization for this machine']
  if (view.maxContextTokens != null && view.maxContextTokens > 0)
    parts.push(`up to ${contextLabel(view.maxContextTokens)} context fits at ${r.quant}`)
  return `${parts.join('; ')} (set --quant and --ctx to choose).`
}

function memoryLines(r: FitResult, style: Style): string[] {
  const m = r.memory
  const head = `${style.bold('Memory')} ${style.dim(`(${r.quant}, ${contextLabel(r.contextTokens)} context, ${r.kvCacheType} KV cache)`)}`
  if (m.perDevice.length === 0) {
    const need = m.totalGiB > 0 ? `needs ${num(m.totalGiB)} GiB in all` : 'no placement found'
    return [head, `  ${need}`]
  }
  const label = (d: DeviceMemory) => `${d.device} ${d.name}`
  const width = Math.max(...m.perDevice.map((d) => label(d).length))
  const lines = [head]
  for (const d of m.perDevice) {
    const share = d.availableGiB > 0 ? d.totalGiB / d.availableGiB : 1
    const color = share > 1 ? style.red : share > 0.9 ? style.yellow : style.green
    lines.push(
      `  ${label(d).padEnd(width)}  ${color(bar(share, BAR_WIDTH))}  ${num(d.totalGiB)} / ${num(d.availableGiB)} GiB`,
    )
    const parts = [`weights ${num(d.weightsGiB)}`, `KV cache ${num(d.kvCacheGiB)}`]
    parts.push(`compute ${num(d.computeGiB)}`)
    if (d.reserveGiB > 0) parts.push(`runtime ${num(d.reserveGiB)}`)
    // With every layer on the GPUs, RAM still holds the token embeddings: llama.cpp looks rows up on the CPU.
    const where =
      d.device === 'cpu' && d.layers === 0 ? 'token embeddings only' : `${d.layers} layers`
    lines.push(`  ${''.padEnd(width)}  ${style.dim(`${parts.join(' + ')} GiB, ${where}`)}`)
  }
  if (m.perDevice.length > 1)
    lines.push(`  ${'total'.padEnd(width)}  ${''.padEnd(BAR_WIDTH + 2)}  ${num(m.totalGiB)} GiB`)
  return lines
}

function speedLines(r: FitResult, s: SpeedEstimate, style: Style, moe: boolean): string[] {
  const b = s.basis
  const kind =
    b.kind === 'measured' ? 'from this machine’s own benchmark' : 'estimated from datasheets'
  const lines = [`${style.bold('Speed')} ${style.dim(`(${kind})`)}`]
  lines.push(
    `  Generation  ${style.bold(`${tokensPerSec(s.decodeTokensPerSec)} tokens/s`)}  ${style.dim('(compare llama-bench tg128)')}`,
  )
  lines.push(
    `  Prompt      ${style.bold(`${tokensPerSec(s.prefillTokensPerSec)} tokens/s`)}  ${style.dim(`(compare pp512); first token after ${seconds(s.timeToFirstTokenSec)} for a ${s.promptTokens}-token prompt`)}`,
  )
  lines.push(`  How: ${basisSentence(r, s, moe)}`)
  lines.push(style.dim(`       bandwidth: ${b.bandwidthSource}`))
  lines.push(style.dim(`       efficiency: ${b.efficiencySource}`))
  if (b.computeTflops != null)
    lines.push(
      style.dim(
        `       prompt: ${num(b.computeTflops)} TFLOPS (${b.computeSource ?? 'source unknown'})`,
      ),
    )
  return lines
}

/**
 * The decode estimate as arithmetic a reader can redo: bandwidth × efficiency ÷ weight bytes read
 * per token, then the engine's fixed per-layer cost. Only where that arithmetic holds (dense model,
 * one kind of device, datasheet figures); otherwise the engine's own explanation.
 */
export function basisSentence(r: FitResult, s: SpeedEstimate, moe = false): string {
  const b = s.basis
  const gpus = r.memory.perDevice.filter((d) => d.device !== 'cpu')
  const sameGpus = gpus.length > 0 && gpus.every((d) => d.name === gpus[0]?.name)
  const simple =
    r.placement === 'cpu' || ((r.placement === 'gpu' || r.placement === 'multi-gpu') && sameGpus)
  if (b.kind === 'measured' || !simple || moe || s.decodeTokensPerSec <= 0) return b.explanation
  const read = r.placement === 'cpu' ? r.memory.perDevice : gpus
  const gbPerToken = (read.reduce((sum, d) => sum + d.weightsGiB, 0) * GIB) / 1e9
  const ideal = (b.bandwidthGBps * b.efficiency) / gbPerToken
  // The formula must reproduce the engine's figure (it can only add per-layer costs to it).
  if (!(gbPerToken > 0) || ideal < s.decodeTokensPerSec * 0.98) return b.explanation
  const where = r.placement === 'cpu' ? 'System RAM' : shortGpuName(gpus[0]?.name)
  const formula = `${where}: ${num(b.bandwidthGBps)} GB/s × ${b.efficiency.toFixed(2)} efficiency (share reached in llama.cpp runs) / ${num(gbPerToken)} GB of weights read per token ≈ ${tokensPerSec(ideal)} tokens/s`
  return ideal > s.decodeTokensPerSec * 1.02
    ? `${formula}; a fixed cost per layer (kernel launches, synchronisation) brings it to ${tokensPerSec(s.decodeTokensPerSec)}`
    : formula
}

function calibrationLines(view: FitView, s: SpeedEstimate, style: Style): string[] {
  const cal = view.calibration
  if (cal == null) return []
  const lines = [
    '',
    `${style.bold('Predicted vs measured')} ${style.dim('(this machine’s benchmark)')}`,
  ]
  const cat = view.catalogSpeed
  if (cat != null && s.basis.kind === 'measured')
    lines.push(
      `  Datasheet estimate ${tokensPerSec(cat.decodeTokensPerSec)} tokens/s generation, ${tokensPerSec(cat.prefillTokensPerSec)} prompt; with this machine’s benchmark ${tokensPerSec(s.decodeTokensPerSec)} and ${tokensPerSec(s.prefillTokensPerSec)}`,
    )
  if (cal.llm != null)
    lines.push(
      `  Measured: llama-bench of ${cal.llm.model} ${cal.llm.quant ?? 'Q4_K_M'} ran ${tokensPerSec(cal.llm.generationTokensPerSec)} tokens/s generation, ${tokensPerSec(cal.llm.promptTokensPerSec)} prompt`,
    )
  if (cal.memoryBandwidthGBps != null)
    lines.push(`  Measured memory bandwidth: ${num(cal.memoryBandwidthGBps)} GB/s`)
  return lines
}

/** `NVIDIA GeForce RTX 3090` → `RTX 3090`: the vendor and brand add nothing in a formula. */
function shortGpuName(name: string | undefined): string {
  if (name == null) return 'GPU'
  return name.replace(/^(NVIDIA|AMD|Intel)\s+/i, '').replace(/^(GeForce|Radeon)\s+/i, '')
}

function seconds(s: number): string {
  if (s < 1) return `${(s * 1000).toFixed(0)} ms`
  return `${num(s)} s`
}
