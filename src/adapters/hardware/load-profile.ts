import { readFile, stat } from 'node:fs/promises'
import { parseJsonText } from '../catalog/read-json-catalog.js'
import { InputFileError } from '../../core/errors.js'
import { validateHardwareProfile } from '../../core/hardware-profile-validate.js'
import type { HardwareProfile } from '../../core/hardware.js'

/** A `probe --json` document is a few kB; anything this large is the wrong file. */
export const MAX_PROFILE_BYTES = 5 * 1024 * 1024

const READ_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  return (code != null ? READ_PROBLEMS[code] : undefined) ?? code ?? (error as Error).message
}

/**
 * Reads a saved profile (`--profile host.json`) into a HardwareProfile with `source: 'profile'`.
 * Throws InputFileError with one line naming the file and the first problem: missing, unreadable,
 * over 5 MB, not JSON, or a bad field (`host.json: cpu.cores must be a number, got "eight"`).
 */
export async function loadHardwareProfile(file: string): Promise<HardwareProfile> {
  let text: string
  try {
    const info = await stat(file)
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
    if (info.size > MAX_PROFILE_BYTES)
      throw new InputFileError(
        `${file}: ${(info.size / 1024 / 1024).toFixed(1)} MB is too large for a profile (at most 5 MB)`,
      )
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (error instanceof InputFileError) throw error
    throw new InputFileError(`cannot read profile ${file}: ${readProblem(error)}`, { cause: error })
  }
  return validateHardwareProfile(parseJsonText(file, text), file)
}
