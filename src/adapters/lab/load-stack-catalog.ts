import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { InputFileError } from '../../core/errors.js'
import { validateStackCatalog, type StackCatalog } from '../../core/stack-catalog.js'

/** catalog/stacks.json in the package root (three folders up from src/ or dist/ adapters). */
export const DEFAULT_STACK_CATALOG_PATH = fileURLToPath(
  new URL('../../../catalog/stacks.json', import.meta.url),
)

/** Reads and validates the stack catalog; InputFileError if it is missing or malformed. */
export async function loadStackCatalog(file = DEFAULT_STACK_CATALOG_PATH): Promise<StackCatalog> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    throw new InputFileError(`cannot read the stack catalog ${file} (${code})`, { cause: error })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new InputFileError(`${file}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    })
  }
  return validateStackCatalog(json, file)
}
