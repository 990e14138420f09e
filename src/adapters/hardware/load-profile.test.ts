import { mkdtemp, mkdir, rm, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputFileError } from '../../core/errors.js'
import { rtx3090Box } from '../../core/test-hardware.js'
import { MAX_PROFILE_BYTES, loadHardwareProfile } from './load-profile.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homelab-profile-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}

describe('loadHardwareProfile', () => {
  it('reads a saved probe --json document as a profile', async () => {
    const path = await file('host.json', JSON.stringify(rtx3090Box(), null, 2))
    expect(await loadHardwareProfile(path)).toEqual({ ...rtx3090Box(), source: 'profile' })
  })

  it('names a missing file', async () => {
    const path = join(dir, 'nope.json')
    await expect(loadHardwareProfile(path)).rejects.toThrow(
      new InputFileError(`cannot read profile ${path}: no such file`),
    )
  })

  it('refuses a folder', async () => {
    const path = join(dir, 'folder.json')
    await mkdir(path)
    await expect(loadHardwareProfile(path)).rejects.toThrow(/it is a folder, not a file/)
  })

  it.skipIf(process.getuid?.() === 0)('names an unreadable file', async () => {
    const path = await file('locked.json', '{}')
    await chmod(path, 0o000)
    await expect(loadHardwareProfile(path)).rejects.toThrow(
      new InputFileError(`cannot read profile ${path}: permission denied`),
    )
  })

  it('refuses text that is not JSON', async () => {
    const path = await file('notes.txt', 'cores: 8\n')
    await expect(loadHardwareProfile(path)).rejects.toThrow(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON \\(`),
    )
  })

  it('refuses a file over 5 MB before reading it', async () => {
    const path = await file('huge.json', ' '.repeat(MAX_PROFILE_BYTES + 1))
    await expect(loadHardwareProfile(path)).rejects.toThrow(
      new InputFileError(`${path}: 5.0 MB is too large for a profile (at most 5 MB)`),
    )
  })

  it('reports the first bad field with the file name', async () => {
    const profile = { ...rtx3090Box(), schemaVersion: 7 }
    const path = await file('future.json', JSON.stringify(profile))
    await expect(loadHardwareProfile(path)).rejects.toThrow(
      new InputFileError(`${path}: schemaVersion must be 1, got 7 (written by a newer homelab-ai)`),
    )
  })

  it('every failure is one line', async () => {
    const path = await file('bad.json', '{"schemaVersion": 1, "cpu": {"cores": "eight"}}')
    const error = await loadHardwareProfile(path).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InputFileError)
    expect((error as Error).message).toBe(`${path}: cpu.cores must be a number, got "eight"`)
    expect((error as Error).message).not.toContain('\n')
  })
})
