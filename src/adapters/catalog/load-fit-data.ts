/**
 * Everything the fit engine reads, loaded from the package's catalog files: the GPU catalog,
 * quantization types, LLMs (to find a calibration's model) and catalog/speed-efficiency.json.
 */
import { join } from 'node:path'
import type { FitData } from '../../core/fit-request.js'
import type { GpuCatalog } from '../../core/gpu-catalog.js'
import type { ModelCatalog } from '../../core/model-catalog.js'
import type { SpeedEfficiency } from '../../core/speed-efficiency.js'
import { loadGpuCatalog } from './load-gpu-catalog.js'
import { findPackageRoot, loadModelCatalog } from './load-model-catalog.js'
import { loadSpeedEfficiency as loadSpeedEfficiencyFile } from './load-speed-efficiency.js'

/** The efficiency file, relative to the package root. */
export const SPEED_EFFICIENCY_FILE = 'catalog/speed-efficiency.json'

/** Reads and validates catalog/speed-efficiency.json under `root`. */
export function loadSpeedEfficiency(root: string = findPackageRoot()): Promise<SpeedEfficiency> {
  return loadSpeedEfficiencyFile(join(root, SPEED_EFFICIENCY_FILE))
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
