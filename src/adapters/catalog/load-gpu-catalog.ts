import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { InputFileError } from '../../core/errors.js'
import { validateGpuCatalog, type GpuCatalog } from '../../core/gpu-catalog.js'

/**
 * catalog/gpus.json in the package root. Both `src/adapters/catalog/` (tsx) and
 * `dist/adapters/catalog/` (built) sit three folders below the root, so one relative URL serves both.
 */
export const DEFAULT_GPU_CATALOG_PATH = fileURLToPath(
  new URL('../../../catalog/gpus.json', import.meta.url),
)

// One parse per file per process: the catalog is read-only data shipped with the package.
const cache = new Map<string, Promise<GpuCatalog>>()

async function readCatalog(file: string): Promise<GpuCatalog> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    throw new InputFileError(`cannot read the GPU catalog ${file} (${code})`, { cause: error })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new InputFileError(`${file}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    })
  }
  return validateGpuCatalog(json, file)
}

/** Reads, validates and caches the GPU catalog; InputFileError if it is missing or malformed. */
export function loadGpuCatalog(file: string = DEFAULT_GPU_CATALOG_PATH): Promise<GpuCatalog> {
  const cached = cache.get(file)
  if (cached != null) return cached
  const loading = readCatalog(file)
  // A failed read is not cached, so a fixed file is picked up on the next call.
  loading.catch(() => cache.delete(file))
  cache.set(file, loading)
  return loading
}
