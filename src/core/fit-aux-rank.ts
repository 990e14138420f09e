/** The image, speech or embedding catalog ranked for one machine, best first. */
import { compareAux } from './fit-aux.js'
import type { AuxFitResult } from './fit-aux-types.js'
import { assessAuxFit } from './fit-image-speech.js'
import type { FitData } from './fit-request.js'
import type { HardwareProfile } from './hardware.js'
import type { EmbeddingModel, ImageModel, SpeechModel } from './model-catalog.js'

/** A non-LLM catalog model. */
export type AuxModel = ImageModel | SpeechModel | EmbeddingModel

/** One model in the ranking. */
export interface RankedAux {
  readonly model: AuxModel
  readonly fit: AuxFitResult
  /** The size ranking weighs: the diffusion model's parameters for images, else the model's. */
  readonly paramsB: number | null
}

/** Parameters that say how capable the model is, in billions; null when the catalog lacks them. */
export function auxParamsB(model: AuxModel): number | null {
  if (model.kind === 'image')
    return model.components.find((c) => c.role === 'diffusion')?.paramsB ?? null
  return model.params.totalB
}

/**
 * Every model assessed and sorted: verdict first (models the catalog cannot size come after the
 * tight ones), then speed weighed with model size, as for LLMs.
 */
export function rankAuxModels(
  models: readonly AuxModel[],
  hw: HardwareProfile,
  data: FitData,
): RankedAux[] {
  return models
    .map((model) => ({ model, fit: assessAuxFit(model, hw, data), paramsB: auxParamsB(model) }))
    .sort(compareAux)
}
