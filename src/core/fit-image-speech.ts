/**
 * Fit and speed for the non-LLM catalog, dispatched on the model's kind: image generation
 * (fit-aux-image.ts), Whisper (fit-aux-speech.ts) and embeddings (fit-aux-embedding.ts). What the
 * catalog does not know becomes a reason and `unknown`, never a crash or a guess.
 */
import { assessEmbeddingFit } from './fit-aux-embedding.js'
import { assessImageFit } from './fit-aux-image.js'
import { diffusionLadder, imageFormats, matchesFormat } from './fit-aux-image-files.js'
import { assessSpeechFit, speechPublished } from './fit-aux-speech.js'
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

/**
 * Whether `quant` names a published format of `model` (what `fit MODEL --quant` accepts), with
 * the formats to list when it does not. Embedding models have no choice of file.
 */
export function auxQuantKnown(
  model: ImageModel | SpeechModel | EmbeddingModel,
  quant: string,
  data: Pick<FitData, 'quants'>,
): { readonly known: boolean; readonly formats: readonly string[] } {
  switch (model.kind) {
    case 'image':
      return {
        known: diffusionLadder(model, data.quants).some((f) => matchesFormat(f, quant)),
        formats: imageFormats(model, data.quants),
      }
    case 'speech': {
      const formats = [...new Set(speechPublished(model).map((x) => x.f.quant))]
      return { known: formats.some((f) => f.toLowerCase() === quant.toLowerCase()), formats }
    }
    case 'embedding':
      return { known: false, formats: [] }
  }
}
