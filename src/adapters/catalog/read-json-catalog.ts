import { readFile } from 'node:fs/promises'
import { InputFileError } from '../../core/errors.js'

/**
 * Reads and parses one JSON data file, leaving validation to the core. A missing or malformed
 * file is an InputFileError of one line that names it:
 * - `cannot read the GPU catalog /…/gpus.json (ENOENT)` (`what` is "the GPU catalog");
 * - `/…/gpus.json: not valid JSON (Unexpected token …)`.
 */
export async function readJsonCatalog(file: string, what: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    throw new InputFileError(`cannot read ${what} ${file} (${code})`, { cause: error })
  }
  return parseJsonText(file, text)
}

/** JSON.parse with the one-line `FILE: not valid JSON (…)` InputFileError. */
export function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new InputFileError(`${file}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    })
  }
}

/**
 * Memoizes `load` per key for the life of the process: catalogs are read-only data shipped with
 * the package. A failed load is forgotten, so a fixed file is picked up on the next call.
 */
export function cachePerKey<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>()
  return (key) => {
    const cached = cache.get(key)
    if (cached != null) return cached
    const loading = load(key)
    loading.catch(() => cache.delete(key))
    cache.set(key, loading)
    return loading
  }
}
