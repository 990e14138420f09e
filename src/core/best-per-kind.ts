/**
 * "What this lab runs best" for the main report: per model kind, the top catalog models that fit
 * this machine, each at its best quantization (LLMs) or its published file (the others), with its
 * speed figure.
 */
import { rankAuxModels, type RankedAux } from './fit-aux-rank.js'
import type { AuxKind } from './fit-aux-types.js'
import { rankModels, type RankedModel } from './fit.js'
import type { Calibration, FitData } from './fit-request.js'
import type { HardwareProfile } from './hardware.js'
import type { ModelCatalog } from './model-catalog.js'

/** The report's picks for the language models. */
export interface LlmPicks {
  readonly kind: 'llm'
  /** Best first; at most one model per family, only models that fit. */
  readonly picks: readonly RankedModel[]
  /** Catalog models of this kind that fit at all. */
  readonly fittingCount: number
  readonly totalCount: number
}

/** The report's picks for image, speech or embedding models. */
export interface AuxPicks {
  readonly kind: AuxKind
  /** Best first; at most one model per family, only models known to fit. */
  readonly picks: readonly RankedAux[]
  readonly fittingCount: number
  /** Catalog models of this kind the engine could not judge for lack of facts. */
  readonly unknownCount: number
  readonly totalCount: number
}

/** The report's picks for one kind of model. */
export type KindPicks = LlmPicks | AuxPicks

/** Options for bestPerKind. */
export interface BestPerKindOptions {
  /** Picks per kind; default 3. */
  readonly perKind?: number
  readonly calibration?: Calibration
}

// One model per family: a report should show a choice, not three sizes of the same model.
function onePerFamily<T>(ranked: readonly T[], family: (x: T) => string, n: number): T[] {
  const picks: T[] = []
  const families = new Set<string>()
  for (const r of ranked) {
    if (picks.length >= n) break
    if (families.has(family(r))) continue
    families.add(family(r))
    picks.push(r)
  }
  return picks
}

/** The top models per kind, in the order llm, image, speech, embedding. */
export function bestPerKind(
  catalog: ModelCatalog,
  hw: HardwareProfile,
  data: FitData,
  opts: BestPerKindOptions = {},
): KindPicks[] {
  const n = opts.perKind ?? 3
  const ranked = rankModels(catalog.llm, hw, data, { calibration: opts.calibration })
  const fitting = ranked.filter((r) => r.best.fits)
  const out: KindPicks[] = [
    {
      kind: 'llm',
      picks: onePerFamily(fitting, (r) => r.model.family, n),
      fittingCount: fitting.length,
      totalCount: ranked.length,
    },
  ]
  for (const kind of ['image', 'speech', 'embedding'] as const) {
    const aux = rankAuxModels(catalog[kind], hw, data)
    const fits = aux.filter((r) => r.fit.fits === true)
    out.push({
      kind,
      picks: onePerFamily(fits, (r) => r.model.family, n),
      fittingCount: fits.length,
      unknownCount: aux.filter((r) => r.fit.fits == null).length,
      totalCount: aux.length,
    })
  }
  return out
}
