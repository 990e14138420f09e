import { describe, expect, it } from 'vitest'
import { InputFileError } from './errors.js'
import { cpuEfficiencyFor, efficiencyFor, validateSpeedEfficiency } from './speed-efficiency.js'
import { TEST_FIT_DATA } from './test-fit-data.js'

const e = TEST_FIT_DATA.efficiency

describe('catalog/speed-efficiency.json', () => {
  it('holds factors fitted on rows, each saying where it came from', () => {
    expect(e.derivation).toMatch(/fit-efficiency\.ts/)
    for (const entry of [...e.entries, e.fallback]) {
      expect(entry.decode).toBeGreaterThan(0.2)
      expect(entry.decode).toBeLessThanOrEqual(1)
      expect(entry.source).toMatch(/fitted on/)
    }
  })

  it.each([
    ['nvidia', 'cuda', 'nvidia/cuda'],
    ['nvidia', 'opencl', 'nvidia/*'],
    ['other', 'vulkan', '*/*'],
  ] as const)('%s with %s uses %s', (vendor, backend, key) => {
    expect(efficiencyFor(e, vendor, backend).key).toBe(key)
  })

  it('gives a CPU family its own per-thread rate and the pooled figures for everything else', () => {
    const table = {
      ...e,
      cpu: {
        ...e.cpu,
        families: [{ family: 'x86', perThreadGBpsPerGHz: 1.5, rows: 4, source: 'test' }],
      },
    }
    expect(cpuEfficiencyFor(table, 'x86')).toMatchObject({
      key: 'cpu/x86',
      perThreadGBpsPerGHz: 1.5,
      decode: e.cpu.decode,
      prefill: e.cpu.prefill,
    })
    expect(cpuEfficiencyFor(table, 'arm')).toMatchObject({
      key: 'cpu',
      perThreadGBpsPerGHz: e.cpu.perThreadGBpsPerGHz,
    })
    // A table written before families (or the width overhead) existed still loads.
    expect(
      validateSpeedEfficiency({ ...e, prefillWidthOverhead: undefined }).prefillWidthOverhead,
    ).toBeUndefined()
    // A table written before families existed still loads.
    const old = { ...table.cpu, families: undefined }
    expect(validateSpeedEfficiency({ ...e, cpu: old }).cpu.families).toBeUndefined()
  })

  it.each([
    [{ schemaVersion: 2 }, /schemaVersion/],
    [{ ...e, entries: [{ ...e.fallback, decode: -1 }] }, /entries\[0\]\.decode/],
    [{ ...e, cpu: { ...e.cpu, source: '' } }, /cpu\.source/],
    [{ ...e, cpu: { ...e.cpu, perThreadGBpsPerGHz: 'fast' } }, /cpu\.perThreadGBpsPerGHz/],
    [{ ...e, cpu: { ...e.cpu, families: {} } }, /cpu\.families: expected an array/],
    [
      { ...e, cpu: { ...e.cpu, families: [{ family: 'x86', perThreadGBpsPerGHz: -2 }] } },
      /cpu\.families\[0\]\.perThreadGBpsPerGHz/,
    ],
    [{ ...e, moeDecode: undefined }, /moeDecode: expected an object/],
    [{ ...e, moePrefill: { ...e.moePrefill, factor: 3 } }, /moePrefill\.factor/],
    [
      { ...e, prefillWidthOverhead: { factor: -1, rows: 1, source: 'x' } },
      /prefillWidthOverhead\.factor/,
    ],
    [{ ...e, attentionPrefill: { ...e.attentionPrefill, source: '' } }, /attentionPrefill\.source/],
  ])('rejects a bad file naming the field (%#)', (json, message) => {
    expect(() => validateSpeedEfficiency(json)).toThrow(InputFileError)
    expect(() => validateSpeedEfficiency(json)).toThrow(message)
  })
})
