import { fileURLToPath } from 'node:url'
import { validateStackCatalog, type StackCatalog } from '../../core/stack-catalog.js'
import { readJsonCatalog } from '../catalog/read-json-catalog.js'

/** catalog/stacks.json in the package root (three folders up from src/ or dist/ adapters). */
export const DEFAULT_STACK_CATALOG_PATH = fileURLToPath(
  new URL('../../../catalog/stacks.json', import.meta.url),
)

/** Reads and validates the stack catalog; InputFileError if it is missing or malformed. */
export async function loadStackCatalog(file = DEFAULT_STACK_CATALOG_PATH): Promise<StackCatalog> {
  return validateStackCatalog(await readJsonCatalog(file, 'the stack catalog'), file)
}
