/**
 * The fit engine's entry points: one model at one quantization and context (`assessFit`), the
 * best quantization and context for a model (`bestFit`), and the whole catalog ranked
 * (`rankModels`). Memory, placement, speed and verdict live in fit-memory/-placement/-speed/-level.
 */
import type { FitLevel, FitResult, KvCacheType } from './fit-types.js'
import type { HardwareProfile } from './hardware.js'
import type { LlmModel } from './model-catalog.js'
import type { Calibration, FitData, FitRequest } from './fit-request.js'
import { prepareModel, type PreparedModel } from './fit-memory.js'
import { machineOf, type Machine } from './fit-machine.js'
import { calibrationRatio, evaluate, evaluateLevel } from './fit-evaluate.js'

export { calibrationRatio } from './fit-evaluate.js'

export type { Calibration, FitData, FitRequest } from './fit-request.js'

/** Options shared by bestFit and rankModels. */
export interface BestFitOptions {
  /** Context wanted when picking the quantization; default 8192, capped at the model's maximum. */
  readonly contextTokens?: number
  readonly kvCacheType?: KvCacheType
  readonly promptTokens?: number
  /** Quantizations to consider, best quality first; default QUANT_LADDER. */
  readonly quants?: readonly string[]
  readonly calibration?: Calibration
}

/** The best way to run one model on this machine. */
export interface BestFit {
  /** At the chosen quantization and the asked context (or the too-big result of the smallest quant). */
  readonly result: FitResult
  /** Largest context (up to the model maximum) that still fits at that quantization; 0 if none. */
  readonly maxContextTokens: number
  /** Every quantization tried, best quality first. */
  readonly tried: readonly { readonly quant: string; readonly level: FitLevel }[]
}

/** Context sizes rankModels checks for each model (capped at the model's maximum). */
export const RANK_CONTEXTS: readonly number[] = [4096, 8192, 32768, 131072]

/** One catalog model in the ranking. */
export interface RankedModel {
  readonly model: LlmModel
  readonly best: FitResult
  /** Per RANK_CONTEXTS size: the best quantization that fits there, or null. */
  readonly byContext: readonly {
    readonly contextTokens: number
    readonly quant: string | null
    readonly level: FitLevel
  }[]
}

/**
 * Quantizations bestFit climbs down, best quality first. Q4_K_M is the usual sweet spot: below
 * it quality drops fast (llama.cpp `llama-quantize` lists +0.18 ppl for Q4_K_M vs +0.65 for
 * Q3_K_M on Llama-3-8B), so lower rungs are taken only when nothing above runs well.
 */
export const QUANT_LADDER: readonly string[] = [
  'BF16',
  'Q8_0',
  'Q6_K',
  'Q5_K_M',
  'Q4_K_M',
  'IQ4_XS',
  'Q3_K_M',
  'IQ3_M',
  'Q2_K',
  'IQ2_M',
]
const SWEET_SPOT = 'Q4_K_M'
const DEFAULT_CONTEXT = 8192

/** Memory, placement, speed and verdict of one model at one quantization and context. */
export function assessFit(
  req: FitRequest,
  hw: HardwareProfile,
  data: FitData,
  calibration?: Calibration,
): FitResult {
  const machine = machineOf(hw, data, req)
  const prepared = prepareModel(req.model, data.quants)
  return evaluate(
    prepared,
    req,
    machine,
    data,
    calibration,
    calibrationRatio(machine, data, calibration),
  )
}

function wantedContext(model: LlmModel, asked: number | undefined): number {
  const max = model.architecture.maxContext ?? DEFAULT_CONTEXT
  return Math.min(asked ?? DEFAULT_CONTEXT, max)
}

/**
 * Picks from `results` (best quality first). Quality is not traded away for speed below the sweet
 * spot (Q4_K_M): below it, quality falls off fast (Q3 and Q2 lose far more than Q4 does), so
 * - among the quants at or above Q4_K_M, the best verdict any of them reaches: at runs-well the
 *   highest quality that gets it; at runs or tight the sweet spot itself (the fastest of them);
 * - only when none of those fits at all, the highest quality below Q4_K_M with the best verdict.
 */
function pick(results: readonly FitResult[], upper: (r: FitResult) => boolean): FitResult | null {
  const best = (rs: readonly FitResult[]) => {
    let top: FitLevel = 'too-big'
    for (const r of rs) if (LEVEL_ORDER[r.level] < LEVEL_ORDER[top]) top = r.level
    return top
  }
  const uppers = results.filter(upper)
  const topUpper = best(uppers)
  if (topUpper !== 'too-big') {
    const atTop = uppers.filter((r) => r.level === topUpper)
    return (topUpper === 'runs-well' ? atTop[0] : atTop[atTop.length - 1]) ?? null
  }
  const lowers = results.filter((r) => !upper(r))
  const topLower = best(lowers)
  if (topLower === 'too-big') return null
  return lowers.find((r) => r.level === topLower) ?? null
}

// F32 GGUFs are conversion intermediates: F16/BF16 quality at twice the size, never the pick.
const NEVER_PICK = new Set(['F32'])

/** Quants to try, largest file (best quality) first, and the size of the sweet spot. */
function ladderFor(
  opts: BestFitOptions,
  p: PreparedModel,
): { quants: string[]; sweetBytes: number } {
  const asked = (opts.quants ?? QUANT_LADDER).filter((q) => p.canWeigh(q) && !NEVER_PICK.has(q))
  const size = (q: string) => p.weights(q)?.totalBytes ?? 0
  const quants = asked.length > 0 ? asked.sort((a, b) => size(b) - size(a)) : [SWEET_SPOT]
  return { quants, sweetBytes: size(SWEET_SPOT) }
}

function upperOf(p: PreparedModel, sweetBytes: number): (r: FitResult) => boolean {
  return (r) => sweetBytes <= 0 || (p.weights(r.quant)?.totalBytes ?? 0) >= sweetBytes * 0.999
}

// The largest context that keeps the chosen placement (a model fully on the GPU stays there).
function largestContext(
  p: PreparedModel,
  base: FitRequest,
  machine: Machine,
  data: FitData,
  chosen: FitResult,
): number {
  const max = base.model.architecture.maxContext ?? base.contextTokens
  const fitsAt = (c: number) => {
    const r = evaluate(p, { ...base, contextTokens: c }, machine, data, undefined, null, true)
    return r.fits && r.placement === chosen.placement && r.offload === chosen.offload
  }
  if (!fitsAt(Math.min(256, max))) return 0
  if (fitsAt(max)) return max
  // Memory grows monotonically with context, so bisect on 256-token steps (llama.cpp pads to 256).
  let lo = 1
  let hi = Math.floor(max / 256)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (fitsAt(mid * 256)) lo = mid
    else hi = mid
  }
  return lo * 256
}

/**
 * The best quantization for `model`: the highest quality that runs well at or above Q4_K_M, else
 * the highest that runs well, else the highest that fits at all; plus the largest context it allows.
 */
export function bestFit(
  model: LlmModel,
  hw: HardwareProfile,
  data: FitData,
  opts: BestFitOptions = {},
): BestFit {
  const prepared = prepareModel(model, data.quants)
  const contextTokens = wantedContext(model, opts.contextTokens)
  const kvCacheType = opts.kvCacheType ?? 'f16'
  const base = { model, contextTokens, kvCacheType, promptTokens: opts.promptTokens }
  const machine = machineOf(hw, data, base)
  const ratio = calibrationRatio(machine, data, opts.calibration)
  const { quants, sweetBytes } = ladderFor(opts, prepared)
  const results = quants.map((quant) =>
    evaluate(prepared, { ...base, quant }, machine, data, opts.calibration, ratio),
  )
  const chosen =
    pick(results, upperOf(prepared, sweetBytes)) ?? (results[results.length - 1] as FitResult)
  const maxContextTokens = chosen.fits
    ? largestContext(prepared, { ...base, quant: chosen.quant }, machine, data, chosen)
    : 0
  return {
    result: chosen,
    maxContextTokens,
    tried: results.map((r) => ({ quant: r.quant, level: r.level })),
  }
}

const LEVEL_ORDER: Readonly<Record<FitLevel, number>> = {
  'runs-well': 0,
  runs: 1,
  tight: 2,
  'too-big': 3,
}

/**
 * Every model × every quantization × RANK_CONTEXTS, best first: by verdict, then by decode speed
 * times model size (a bigger model that still runs well ranks above a tiny one).
 */
export function rankModels(
  models: readonly LlmModel[],
  hw: HardwareProfile,
  data: FitData,
  opts: BestFitOptions = {},
): RankedModel[] {
  const kvCacheType = opts.kvCacheType ?? 'f16'
  const machine = machineOf(hw, data, { kvCacheType })
  const ratio = calibrationRatio(machine, data, opts.calibration)
  const ranked = models.map((model) => rankOne(model, machine, data, opts, kvCacheType, ratio))
  return ranked.sort((a, b) => compareRanked(a, b))
}

function rankOne(
  model: LlmModel,
  machine: Machine,
  data: FitData,
  opts: BestFitOptions,
  kvCacheType: KvCacheType,
  ratio: { decode: number; prefill: number } | null,
): RankedModel {
  const prepared = prepareModel(model, data.quants)
  const { quants } = ladderFor(opts, prepared)
  const maxCtx = model.architecture.maxContext ?? DEFAULT_CONTEXT
  const wanted = wantedContext(model, opts.contextTokens)
  const base = { model, kvCacheType, promptTokens: opts.promptTokens }
  // The shown result (sentences and memory table) is built once, at the asked context when the
  // ranking checks it, else at the first context checked.
  let shown: { quant: string; contextTokens: number } | null = null
  const byContext: RankedModel['byContext'][number][] = []
  for (const ctx of RANK_CONTEXTS) {
    if (ctx > maxCtx && ctx !== RANK_CONTEXTS[0]) continue
    const contextTokens = Math.min(ctx, maxCtx)
    const levels: (FitLevel | undefined)[] = []
    const at = (k: number): FitLevel => {
      let level = levels[k]
      if (level == null) {
        const quant = quants[k] ?? SWEET_SPOT
        // A literal, not a spread of `base`: this runs thousands of times per ranking.
        const req = { model, kvCacheType, promptTokens: opts.promptTokens, quant, contextTokens }
        level = evaluateLevel(prepared, req, machine, data, opts.calibration, ratio)
        levels[k] = level
      }
      return level
    }
    const chosen = chooseQuant(quants, (k) => LEVEL_ORDER[at(k)])
    byContext.push({
      contextTokens,
      quant: chosen == null ? null : (quants[chosen] ?? SWEET_SPOT),
      level: chosen == null ? 'too-big' : at(chosen),
    })
    if (contextTokens === wanted || shown == null) {
      const quant =
        (chosen == null ? undefined : quants[chosen]) ?? quants[quants.length - 1] ?? SWEET_SPOT
      shown = { quant, contextTokens }
    }
  }
  const best = evaluate(
    prepared,
    { ...base, quant: shown?.quant ?? SWEET_SPOT, contextTokens: shown?.contextTokens ?? wanted },
    machine,
    data,
    opts.calibration,
    ratio,
  )
  return { model, best, byContext }
}

/**
 * The ranking's fast path for the rule in `pick`: verdicts only improve down the ladder (smaller
 * files fit better and run faster), so binary searches find the quant without trying them all.
 * `order(k)` is the verdict rank of quants[k] (0 = runs-well); null when nothing fits.
 */
function chooseQuant(quants: readonly string[], order: (k: number) => number): number | null {
  const tooBig = LEVEL_ORDER['too-big']
  const last = quants.length - 1
  // The largest k in [from, to] whose verdict is as good as the verdict at `to`.
  const largestReaching = (from: number, to: number): number => {
    const target = order(to)
    let lo = from
    let hi = to
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (order(mid) <= target) hi = mid
      else lo = mid + 1
    }
    return lo
  }
  const sweet = quants.indexOf(SWEET_SPOT)
  if (sweet >= 0 && order(sweet) < tooBig) {
    // At or above the sweet spot: runs-well keeps the best quality; otherwise the sweet spot.
    return order(sweet) === 0 ? largestReaching(0, sweet) : sweet
  }
  if (last < 0 || order(last) >= tooBig) return null
  return largestReaching(sweet >= 0 ? sweet + 1 : 0, last)
}

function score(r: FitResult, m: LlmModel): number {
  const speed = r.speed?.decodeTokensPerSec ?? 0
  // Reward size with diminishing returns: doubling the parameters is worth ~1.4x the speed.
  return Math.log(Math.max(speed, 0.01)) + Math.log(m.params.totalB ?? 1) * 1.4
}

function compareRanked(a: RankedModel, b: RankedModel): number {
  const level = LEVEL_ORDER[a.best.level] - LEVEL_ORDER[b.best.level]
  if (level !== 0) return level
  return score(b.best, b.model) - score(a.best, a.model)
}
