import type { HardwareProfile } from '../../core/hardware.js'
import { looksLikeHostTarget, validateHostTarget, type HostTarget } from '../../core/host-target.js'
import { readJsonCatalog } from '../catalog/read-json-catalog.js'
import { loadHardwareProfile } from '../hardware/load-profile.js'

/**
 * Reads `--target FILE`: a vSphere host (`"kind": "vsphere-host"`, from the inventory or written
 * by hand) or a saved `homelab-ai probe --json` profile. One-line InputFileError on any problem.
 */
export async function loadLabTarget(file: string): Promise<HardwareProfile | HostTarget> {
  const json = await readJsonCatalog(file, '--target')
  return looksLikeHostTarget(json) ? validateHostTarget(json, file) : loadHardwareProfile(file)
}
