import { fileURLToPath } from 'node:url'
import { validateSpeedEfficiency, type SpeedEfficiency } from '../../core/speed-efficiency.js'
import { readJsonCatalog } from './read-json-catalog.js'

/** catalog/speed-efficiency.json in the package root (three folders up from src/ or dist/). */
export const DEFAULT_SPEED_EFFICIENCY_PATH = fileURLToPath(
  new URL('../../../catalog/speed-efficiency.json', import.meta.url),
)

/** Reads and validates the fitted efficiency factors; InputFileError if missing or malformed. */
export async function loadSpeedEfficiency(
  file: string = DEFAULT_SPEED_EFFICIENCY_PATH,
): Promise<SpeedEfficiency> {
  return validateSpeedEfficiency(await readJsonCatalog(file, 'the speed-efficiency table'))
}
