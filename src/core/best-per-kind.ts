/**
 * "What this lab runs best" for the main report: per model kind, the top catalog models that fit
 * this machine, each at its best quantization with its speed.
 */
import { rankModels, type RankedModel } from './fit.js'
import type { Calibration, FitData } from './fit-request.js'
import type { HardwareProfile } from './hardware.js'
import type { ModelCatalog, ModelKind } from './model-catalog.js'

/** The report's picks for one kind of model. */
export interface KindPicks {
  readonly kind: ModelKind
  /** Best first; at most one model per family, only models that fit. */
  readonly picks: readonly RankedModel[]
  /** Catalog models of this kind that fit at all. */
  readonly fittingCount: number
  readonly totalCount: number
}

/** Options for bestPerKind. */
export interface BestPerKindOptions {
  /** Picks per kind; default 3. */
  readonly perKind?: number
  readonly calibration?: Calibration
}

/**
 * The top models per kind. The engine sizes language models only, so the list holds the `llm`
 * kind; image, speech and embedding join when the engine sizes them.
 * One model per family: a report should show a choice, not three sizes of the same model.
 */
export function bestPerKind(
  catalog: ModelCatalog,
  hw: HardwareProfile,
  data: FitData,
  opts: BestPerKindOptions = {},
): KindPicks[] {
  const ranked = rankModels(catalog.llm, hw, data, { calibration: opts.calibration })
  const fitting = ranked.filter((r) => r.best.fits)
  const picks: RankedModel[] = []
  const families = new Set<string>()
  for (const r of fitting) {
    if (picks.length >= (opts.perKind ?? 3)) break
    if (families.has(r.model.family)) continue
    families.add(r.model.family)
    picks.push(r)
  }
  return [{ kind: 'llm', picks, fittingCount: fitting.length, totalCount: ranked.length }]
}
