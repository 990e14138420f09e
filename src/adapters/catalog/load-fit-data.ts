/**
 * Everything the fit engine reads, loaded from the package's catalog files: the GPU catalog,
 * quantization types, LLMs (to find a calibration's model) and catalog/speed-efficiency.json.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { InputFileError } from '../../core/errors.js'
import type { FitData } from '../../core/fit-request.js'
import type { GpuCatalog } from '../../core/gpu-catalog.js'
import type { ModelCatalog } from '../../core/model-catalog.js'
import { validateSpeedEfficiency, type SpeedEfficiency } from '../../core/speed-efficiency.js'
import { loadGpuCatalog } from './load-gpu-catalog.js'
import { findPackageRoot, loadModelCatalog } from './load-model-catalog.js'

/** The efficiency file, relative to the package root. */
export const SPEED_EFFICIENCY_FILE = 'catalog/speed-efficiency.json'

/** Reads and validates catalog/speed-efficiency.json under `root`. */
export async function loadSpeedEfficiency(
  root: string = findPackageRoot(),
): Promise<SpeedEfficiency> {
  const file = join(root, SPEED_EFFICIENCY_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new InputFileError(`cannot read ${file}`, { cause: err })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new InputFileError(`${file} is not valid JSON: ${(err as Error).message}`, { cause: err })
  }
  return validateSpeedEfficiency(json)
}

/** Sources for loadFitData; each defaults to the package's own catalog files. */
export interface FitDataSources {
  readonly root?: string
  readonly gpus?: () => Promise<GpuCatalog>
  readonly models?: () => Promise<ModelCatalog>
}

/** The fit engine's data in one value. */
export async function loadFitData(sources: FitDataSources = {}): Promise<FitData> {
  const root = sources.root ?? findPackageRoot()
  const [gpus, catalog, efficiency] = await Promise.all([
    (sources.gpus ?? (() => loadGpuCatalog()))(),
    (sources.models ?? (() => loadModelCatalog({ root })))(),
    loadSpeedEfficiency(root),
  ])
  return { gpus, quants: catalog.quantizations, efficiency, models: catalog.llm }
}
