import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { InputFileError } from '../../core/errors.js'
import { validateSpeedEfficiency, type SpeedEfficiency } from '../../core/speed-efficiency.js'

/** catalog/speed-efficiency.json in the package root (three folders up from src/ or dist/). */
export const DEFAULT_SPEED_EFFICIENCY_PATH = fileURLToPath(
  new URL('../../../catalog/speed-efficiency.json', import.meta.url),
)

/** Reads and validates the fitted efficiency factors; InputFileError if missing or malformed. */
export async function loadSpeedEfficiency(
  file: string = DEFAULT_SPEED_EFFICIENCY_PATH,
): Promise<SpeedEfficiency> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    throw new InputFileError(`cannot read ${file} (${code})`, { cause: error })
  }
  try {
    return validateSpeedEfficiency(JSON.parse(text))
  } catch (error) {
    if (error instanceof InputFileError) throw error
    throw new InputFileError(`${file}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    })
  }
}
