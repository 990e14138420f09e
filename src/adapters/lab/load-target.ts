import { readFile } from 'node:fs/promises'
import { InputFileError } from '../../core/errors.js'
import type { HardwareProfile } from '../../core/hardware.js'
import { looksLikeHostTarget, validateHostTarget, type HostTarget } from '../../core/host-target.js'
import { loadHardwareProfile } from '../hardware/load-profile.js'

/**
 * Reads `--target FILE`: a vSphere host (`"kind": "vsphere-host"`, from the inventory or written
 * by hand) or a saved `homelab-ai probe --json` profile. One-line InputFileError on any problem.
 */
export async function loadLabTarget(file: string): Promise<HardwareProfile | HostTarget> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error'
    throw new InputFileError(`cannot read --target ${file} (${code})`, { cause: error })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new InputFileError(`${file}: not valid JSON (${(error as Error).message})`, {
      cause: error,
    })
  }
  return looksLikeHostTarget(json) ? validateHostTarget(json, file) : loadHardwareProfile(file)
}
