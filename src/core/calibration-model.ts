import type { Calibration } from './fit-request.js'
import type { ModelCatalog } from './model-catalog.js'
import { findModel, parseModelRef } from './model-lookup.js'

// A GGUF file name ends in its quantization (`Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf`).
const QUANT_SUFFIX = /[-.](?:i?q\d|f|bf)[\w]*\.gguf$/i

/**
 * A benchmark names its model as it ran it (a GGUF file name, or `ollama:NAME`), while the fit
 * engine compares with a catalog model: this points the calibration at the catalog id and the
 * file's quantization. A model the catalog does not know is left as it is (the engine then keeps
 * the measured memory bandwidth only and says so).
 */
export function calibrationForCatalog(cal: Calibration, catalog: ModelCatalog): Calibration {
  const llm = cal.llm
  if (llm == null) return cal
  const raw = llm.model.replace(/^ollama:/, '')
  const model = findModel(catalog, raw) ?? findModel(catalog, raw.replace(QUANT_SUFFIX, ''))
  if (model?.kind !== 'llm') return cal
  const quant = llm.quant ?? parseModelRef(raw).quant ?? undefined
  return { ...cal, llm: { ...llm, model: model.id, ...(quant != null ? { quant } : {}) } }
}
