/**
 * Fit and speed for the non-LLM catalog, dispatched on the model's kind: image generation
 * (fit-aux-image.ts), Whisper (fit-aux-speech.ts) and embeddings (fit-aux-embedding.ts). What the
 * catalog does not know becomes a reason and `unknown`, never a crash or a guess.
 */
import { assessEmbeddingFit } from './fit-aux-embedding.js'
import { assessImageFit } from './fit-aux-image.js'
import { assessSpeechFit } from './fit-aux-speech.js'
import type { AuxFitResult } from './fit-aux-types.js'
import type { FitData } from './fit-request.js'
import type { HardwareProfile } from './hardware.js'
import type { EmbeddingModel, ImageModel, SpeechModel } from './model-catalog.js'

export { assessEmbeddingFit } from './fit-aux-embedding.js'
export { assessImageFit, type ImageFitOptions } from './fit-aux-image.js'
export { assessSpeechFit, type SpeechFitOptions } from './fit-aux-speech.js'

/** A published format to size with: Whisper's file type, or an image model's diffusion format. */
export interface AuxFitOptions {
  readonly quant?: string
}

/** Any non-LLM catalog model, dispatched on its kind. */
export function assessAuxFit(
  model: ImageModel | SpeechModel | EmbeddingModel,
  hw: HardwareProfile,
  data: FitData,
  opts: AuxFitOptions = {},
): AuxFitResult {
  switch (model.kind) {
    case 'image':
      return assessImageFit(model, hw, data, opts)
    case 'speech':
      return assessSpeechFit(model, hw, data, opts)
    case 'embedding':
      return assessEmbeddingFit(model, hw, data)
  }
}
