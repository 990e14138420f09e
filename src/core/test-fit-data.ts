/**
 * The real catalogs as FitData for tests (JSON imports, validated like the adapters do), plus a
 * lookup of catalog LLMs by id. Tests use the shipped data, never hand-made fakes of it.
 */
import gpusJson from '../../catalog/gpus.json' with { type: 'json' }
import embeddingJson from '../../catalog/models/embedding.json' with { type: 'json' }
import imageJson from '../../catalog/models/image.json' with { type: 'json' }
import llmJson from '../../catalog/models/llm.json' with { type: 'json' }
import speechJson from '../../catalog/models/speech.json' with { type: 'json' }
import quantsJson from '../../catalog/quantizations.json' with { type: 'json' }
import efficiencyJson from '../../catalog/speed-efficiency.json' with { type: 'json' }
import type { FitData } from './fit-request.js'
import { validateGpuCatalog } from './gpu-catalog.js'
import { validateModelCatalog, type LlmModel } from './model-catalog.js'
import { validateSpeedEfficiency } from './speed-efficiency.js'

/** The shipped model catalog. */
export const TEST_MODELS = validateModelCatalog({
  llm: llmJson,
  image: imageJson,
  speech: speechJson,
  embedding: embeddingJson,
  quantizations: quantsJson,
})

/** The shipped GPU catalog, quantizations and fitted efficiency factors. */
export const TEST_FIT_DATA: FitData = {
  gpus: validateGpuCatalog(gpusJson),
  quants: TEST_MODELS.quantizations,
  efficiency: validateSpeedEfficiency(efficiencyJson),
  models: TEST_MODELS.llm,
}

/** A catalog LLM by id; throws in a test when the id is wrong. */
export function llm(id: string): LlmModel {
  const m = TEST_MODELS.llm.find((x) => x.id === id)
  if (m == null) throw new Error(`no catalog LLM ${id}`)
  return m
}
