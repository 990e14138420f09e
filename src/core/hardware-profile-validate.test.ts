import { describe, expect, it } from 'vitest'
import { InputFileError } from './errors.js'
import { validateHardwareProfile } from './hardware-profile-validate.js'
import {
  esxiVmWithPassthrough,
  macMiniM2Pro,
  miniPcNoGpu,
  rtx3090Box,
  ryzenApuMiniPc,
} from './test-hardware.js'

// A profile as `probe --json` writes it: the JSON round trip drops nothing the validator needs.
function asSaved(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown
}

// Sets (or, with undefined, deletes) one dotted path in a JSON copy: `gpus.0.vramMiB`.
function changed(base: unknown, path: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>
  const keys = path.split('.')
  const last = keys.pop() ?? ''
  let node = copy
  for (const key of keys) node = node[key] as Record<string, unknown>
  if (value === undefined) delete node[last]
  else node[last] = value
  return copy
}

describe('validateHardwareProfile', () => {
  it.each([
    ['mini PC', miniPcNoGpu()],
    ['RTX 3090 desktop', rtx3090Box()],
    ['ESXi VM with passthrough', esxiVmWithPassthrough()],
    ['Mac mini', macMiniM2Pro()],
    ['Ryzen APU mini PC (iGPU with a GTT size)', ryzenApuMiniPc()],
  ])('accepts a saved %s profile and marks it as a profile', (_name, profile) => {
    expect(validateHardwareProfile(asSaved(profile), 'host.json')).toEqual({
      ...profile,
      source: 'profile',
    })
  })

  it('fills missing nullable fields with null and missing lists with empty ones', () => {
    const hw = validateHardwareProfile(
      {
        schemaVersion: 1,
        cpu: { cores: 8, threads: 16 },
        memory: { totalGiB: 64, availableGiB: 60 },
        gpus: [{ vendor: 'nvidia', name: 'NVIDIA Tesla P40', vramMiB: 24576 }],
      },
      'hand.json',
    )
    expect(hw.cpu).toEqual({
      vendor: null,
      model: null,
      arch: 'other',
      cores: 8,
      threads: 16,
      sockets: null,
      simd: [],
      clockMHz: null,
      maxClockMHz: null,
    })
    expect(hw.gpus[0]).toMatchObject({ vramFreeMiB: null, pcie: null, attachment: 'unknown' })
    expect(hw.storage).toEqual([])
    expect(hw.runtimes.ollama).toEqual({ present: false, version: null, detail: null })
    expect(hw.virtualization.role).toBe('unknown')
    expect(hw.probedAt).toBe('')
  })

  it('skips SIMD features a newer version may know', () => {
    const saved = asSaved(miniPcNoGpu()) as { cpu: { simd: string[] } }
    saved.cpu.simd.push('avx10.2')
    expect(validateHardwareProfile(saved, 'p.json').cpu.simd).toEqual(miniPcNoGpu().cpu.simd)
  })

  const bad = (path: string, value: unknown): unknown => changed(rtx3090Box(), path, value)

  it.each([
    ['a list', [], 'profile.json: profile must be an object, got []'],
    [
      'another schema version',
      bad('schemaVersion', 2),
      'profile.json: schemaVersion must be 1, got 2 (written by a newer homelab-ai)',
    ],
    [
      'no schema version',
      bad('schemaVersion', undefined),
      'profile.json: schemaVersion must be 1, got nothing',
    ],
    [
      'a word for VRAM',
      bad('gpus.0.vramMiB', 'lots'),
      'profile.json: gpus[0].vramMiB must be a number or null, got "lots"',
    ],
    [
      'negative memory',
      bad('memory.totalGiB', -4),
      'profile.json: memory.totalGiB must be > 0, got -4',
    ],
    [
      'more available than total',
      bad('memory.availableGiB', 100),
      'profile.json: memory.availableGiB must not exceed totalGiB (62.7), got 100',
    ],
    [
      'fractional cores',
      bad('cpu.cores', 7.5),
      'profile.json: cpu.cores must be a whole number, got 7.5',
    ],
    [
      'missing cores',
      bad('cpu.cores', undefined),
      'profile.json: cpu.cores must be a number, got nothing',
    ],
    [
      'fewer threads than cores',
      bad('cpu.threads', 4),
      'profile.json: cpu.threads must be at least cores (16), got 4',
    ],
    [
      'an unknown vendor',
      bad('gpus.0.vendor', 'matrox'),
      'profile.json: gpus[0].vendor must be one of nvidia, amd, intel, apple, other, got "matrox"',
    ],
    [
      'a bad PCI id',
      bad('gpus.0.pciId', '10DE-2204'),
      'profile.json: gpus[0].pciId must look like "10de:2204", got "10DE-2204"',
    ],
    [
      'a negative GTT size',
      bad('gpus.0.gttMiB', -5),
      'profile.json: gpus[0].gttMiB must be >= 0, got -5',
    ],
    [
      'gpus as an object',
      bad('gpus', { 0: {} }),
      'profile.json: gpus must be a list, got {"0":{}}',
    ],
    [
      'a string boolean',
      bad('runtimes.docker.present', 'yes'),
      'profile.json: runtimes.docker.present must be true or false, got "yes"',
    ],
    [
      'negative free disk',
      bad('storage.0.freeGiB', -1),
      'profile.json: storage[0].freeGiB must be >= 0, got -1',
    ],
  ])('refuses %s', (_name, json, message) => {
    expect(() => validateHardwareProfile(json, 'profile.json')).toThrow(new InputFileError(message))
  })
})
