/**
 * The verdict for people: runs-well / runs / tight / too-big, with the reasons in plain words,
 * most important first.
 */
import type { Machine } from './fit-machine.js'
import { SAFETY_MARGIN_GIB } from './fit-memory.js'
import { ramDrawnBytes, type Plan } from './fit-placement.js'
import type { FitLevel } from './fit-types.js'

const GIB = 2 ** 30

/**
 * Speed thresholds in generated tokens per second. People read about 238 words a minute
 * (Brysbaert 2019, "How many words do we read per minute?", J. Memory and Language) and a token
 * is about 0.75 words (OpenAI tokenizer help), so reading pace is ~5 tokens/s: "runs well" is
 * twice that, and under 2 tokens/s the answer arrives slower than a third of reading pace.
 */
export const RUNS_WELL_TOKENS_PER_SEC = 10
export const USABLE_TOKENS_PER_SEC = 2

/** What the verdict looks at. */
export interface LevelInput {
  readonly plan: Plan
  readonly machine: Machine
  readonly totalLayers: number
  readonly decodeTokensPerSec: number | null
  readonly allOnGpuDecodeTokensPerSec: number | null
  readonly needGiB: number
  readonly missing: readonly string[]
}

function f1(n: number): string {
  return n.toFixed(1)
}

function slowdown(fast: number | null, slow: number | null): string {
  if (fast == null || slow == null || slow <= 0) return ''
  const x = fast / slow
  return x >= 1.5 ? `, about ${x.toFixed(x >= 10 ? 0 : 1)}x slower than all on the GPU` : ''
}

/** Level and reasons for a plan. */
export function judge(i: LevelInput, withReasons = true): { level: FitLevel; reasons: string[] } {
  if (!withReasons) return { level: levelOf(i), reasons: [] }
  const { plan, machine: m } = i
  const reasons: string[] = []
  if (i.missing.length > 0)
    reasons.push(`The catalog lacks this model's ${i.missing.join(' and ')}: figures are rough`)
  const gpuGiB = m.gpus.reduce((s, g) => s + g.availableGiB, 0)
  if (!plan.fits) {
    if (plan.forcedTooMany)
      reasons.unshift(
        `The requested GPU layers do not fit: needs ${f1(i.needGiB)} GiB, the GPUs have ${f1(gpuGiB)} GiB`,
      )
    else
      reasons.unshift(
        m.gpus.length > 0
          ? `Too big: needs ${f1(i.needGiB)} GiB; the GPUs have ${f1(gpuGiB)} GiB and ${f1(m.cpu.availableGiB)} GiB of RAM is free`
          : `Too big: needs ${f1(i.needGiB)} GiB of RAM, ${f1(m.cpu.availableGiB)} GiB is free`,
      )
    return { level: 'too-big', reasons }
  }
  let tight = false
  for (const g of plan.gpus) {
    const used = (g.weightsBytes + g.kvBytes + g.computeBytes + g.reserveBytes) / GIB
    const left = g.dev.availableGiB - used
    reasons.push(`Needs ${f1(used)} GiB of ${g.dev.availableNote} on ${g.dev.name}`)
    if (left < SAFETY_MARGIN_GIB) {
      tight = true
      reasons.push(
        `Only ${f1(Math.max(0, left))} GiB left on ${g.dev.name}: another app or a longer context can push it out`,
      )
    }
  }
  const cpuUsed =
    (plan.cpu.weightsBytes + plan.cpu.kvBytes + plan.cpu.computeBytes + ramDrawnBytes(plan.gpus)) /
    GIB
  if (plan.placement === 'cpu') {
    reasons.unshift(
      `Runs on the CPU: needs ${f1(cpuUsed)} GiB of ${f1(m.cpu.availableGiB)} GiB free RAM`,
    )
    if (m.gpus.length > 0) reasons.push('It does not fit on the GPU')
  }
  const tps = i.decodeTokensPerSec ?? 0
  if (plan.offload === 'layers') {
    reasons.unshift(
      `Only ${plan.gpuLayers} of ${i.totalLayers} layers fit on the GPU: the rest run on the CPU${slowdown(i.allOnGpuDecodeTokensPerSec, tps)}`,
    )
    if (plan.gpus.some((g) => g.dev.ramBackedGiB > 0))
      reasons.push(
        'The iGPU may map only part of the RAM (its GTT limit); raising amdgpu.gttsize or ttm.pages_limit lets it hold more layers (docs/fit.md)',
      )
  }
  if (plan.offload === 'moe-experts')
    reasons.unshift(
      `Attention on the GPU, part of the experts in system RAM (llama.cpp --n-cpu-moe)${slowdown(i.allOnGpuDecodeTokensPerSec, tps)}`,
    )
  if (plan.placement === 'multi-gpu')
    reasons.unshift(
      `Split over ${plan.gpus.length} GPUs by layers: no faster than one GPU, but it fits`,
    )
  if (m.cpu.availableGiB - cpuUsed < SAFETY_MARGIN_GIB && plan.cpu.weightsBytes > 0) tight = true
  if (tps < USABLE_TOKENS_PER_SEC) {
    reasons.push(`About ${tps.toFixed(1)} tokens/s: slower than a third of reading pace`)
    return { level: 'tight', reasons }
  }
  if (tight) return { level: 'tight', reasons }
  if (tps >= RUNS_WELL_TOKENS_PER_SEC) return { level: 'runs-well', reasons }
  reasons.push(
    `About ${tps.toFixed(1)} tokens/s: usable, below ${RUNS_WELL_TOKENS_PER_SEC} tokens/s`,
  )
  return { level: 'runs', reasons }
}

/** The level alone, without building sentences: the ranking's hot path. */
export function levelOf(i: LevelInput): FitLevel {
  const { plan, machine: m } = i
  if (!plan.fits) return 'too-big'
  const tps = i.decodeTokensPerSec ?? 0
  if (tps < USABLE_TOKENS_PER_SEC) return 'tight'
  for (const g of plan.gpus) {
    const used = (g.weightsBytes + g.kvBytes + g.computeBytes + g.reserveBytes) / GIB
    if (g.dev.availableGiB - used < SAFETY_MARGIN_GIB) return 'tight'
  }
  const cpuUsed =
    (plan.cpu.weightsBytes + plan.cpu.kvBytes + plan.cpu.computeBytes + ramDrawnBytes(plan.gpus)) /
    GIB
  if (m.cpu.availableGiB - cpuUsed < SAFETY_MARGIN_GIB && plan.cpu.weightsBytes > 0) return 'tight'
  return tps >= RUNS_WELL_TOKENS_PER_SEC ? 'runs-well' : 'runs'
}
