import { fileURLToPath } from 'node:url'
import { validateGpuCatalog, type GpuCatalog } from '../../core/gpu-catalog.js'
import { cachePerKey, readJsonCatalog } from './read-json-catalog.js'

/**
 * catalog/gpus.json in the package root. Both `src/adapters/catalog/` (tsx) and
 * `dist/adapters/catalog/` (built) sit three folders below the root, so one relative URL serves both.
 */
export const DEFAULT_GPU_CATALOG_PATH = fileURLToPath(
  new URL('../../../catalog/gpus.json', import.meta.url),
)

const loadCached = cachePerKey(async (file): Promise<GpuCatalog> =>
  validateGpuCatalog(await readJsonCatalog(file, 'the GPU catalog'), file),
)

/** Reads, validates and caches the GPU catalog; InputFileError if it is missing or malformed. */
export function loadGpuCatalog(file: string = DEFAULT_GPU_CATALOG_PATH): Promise<GpuCatalog> {
  return loadCached(file)
}
