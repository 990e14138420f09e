/**
 * Reads catalog/models/*.json and catalog/quantizations.json from the package root and validates
 * them with the pure core. The package root is found by walking up from this module, so the same
 * code works from src/ (tsx, vitest) and from dist/ (the published CLI).
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputFileError } from '../../core/errors.js'
import {
  validateModelCatalog,
  type ModelCatalog,
  type RawModelCatalog,
} from '../../core/model-catalog.js'
import { cachePerKey, readJsonCatalog } from './read-json-catalog.js'

/** Catalog files, relative to the package root, keyed as in `RawModelCatalog`. */
export const MODEL_CATALOG_FILES: Readonly<Record<keyof RawModelCatalog, string>> = {
  llm: 'catalog/models/llm.json',
  image: 'catalog/models/image.json',
  speech: 'catalog/models/speech.json',
  embedding: 'catalog/models/embedding.json',
  quantizations: 'catalog/quantizations.json',
}

/** The nearest folder at or above `fromUrl`'s folder that holds a package.json. */
export function findPackageRoot(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl))
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new InputFileError(`no package.json above ${fileURLToPath(fromUrl)}`)
    dir = parent
  }
}

const loadCached = cachePerKey(async (root): Promise<ModelCatalog> => {
  const entries = await Promise.all(
    Object.entries(MODEL_CATALOG_FILES).map(
      async ([key, rel]) =>
        [key, await readJsonCatalog(join(root, rel), 'the model catalog file')] as const,
    ),
  )
  return validateModelCatalog(Object.fromEntries(entries) as unknown as RawModelCatalog)
})

/**
 * The validated model catalog under `root` (default: this package's root). Loaded once per root;
 * a failed load is not cached, so a fixed file is picked up on the next call.
 */
export function loadModelCatalog({
  root = findPackageRoot(),
}: { root?: string } = {}): Promise<ModelCatalog> {
  return loadCached(resolve(root))
}
