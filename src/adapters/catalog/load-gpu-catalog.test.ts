import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputFileError } from '../../core/errors.js'
import { DEFAULT_GPU_CATALOG_PATH, loadGpuCatalog } from './load-gpu-catalog.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-catalog-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('loadGpuCatalog', () => {
  it('finds catalog/gpus.json from the package root and caches it', async () => {
    expect(DEFAULT_GPU_CATALOG_PATH.endsWith(join('catalog', 'gpus.json'))).toBe(true)
    const catalog = await loadGpuCatalog()
    expect(catalog.gpus.length).toBeGreaterThan(100)
    expect(await loadGpuCatalog()).toBe(catalog)
  })

  it('names a missing catalog', async () => {
    const path = join(dir, 'gpus.json')
    await expect(loadGpuCatalog(path)).rejects.toThrow(
      new InputFileError(`cannot read the GPU catalog ${path} (ENOENT)`),
    )
  })

  it('names the first bad field, and does not cache the failure', async () => {
    const path = join(dir, 'gpus.json')
    await writeFile(path, JSON.stringify({ schemaVersion: 1, gpus: [{ id: 'Bad Id' }] }))
    await expect(loadGpuCatalog(path)).rejects.toThrow(
      new InputFileError(`${path}: gpus[0].id must be kebab-case, got "Bad Id"`),
    )
    await writeFile(path, JSON.stringify({ schemaVersion: 1, gpus: [], vgpuProfiles: [] }))
    expect((await loadGpuCatalog(path)).gpus).toEqual([])
  })

  it('refuses text that is not JSON', async () => {
    const path = join(dir, 'gpus.json')
    await writeFile(path, '<xml/>')
    await expect(loadGpuCatalog(path)).rejects.toThrow(/gpus\.json: not valid JSON/)
  })
})
