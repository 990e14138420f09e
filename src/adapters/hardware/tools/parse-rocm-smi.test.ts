import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseRocmSmiJson } from './parse-rocm-smi.js'

const fixture = (name: string) =>
  readFileSync(new URL(`fixtures/rocm-smi/${name}`, import.meta.url), 'utf8')

// Facts read from the JSON: VRAM bytes / 2^20, free = total - used.
const cases = [
  // file, cards, driver, first name, vramMiB, freeMiB, busId, pciId
  [
    'openpai_rocm_smi_vega20.json',
    2,
    '5.3.0-26-generic',
    'Vega 20',
    16368,
    16058,
    '0000:03:00.0',
    '1002:66af',
  ],
  [
    'telegraf_rx6700xt_rocm430.json',
    1,
    '6.3.6',
    'AMD GPU 1002:73df',
    12272,
    10724,
    '0000:07:00.0',
    '1002:73df',
  ],
  [
    'telegraf_rx6700xt_rocm571.json',
    1,
    '6.3.6',
    'Navi 22 [Radeon RX 6700/6700 XT / 6800M]',
    12272,
    10780,
    '0000:07:00.0',
    '1002:73df',
  ],
  [
    'telegraf_rx6700xt_rocm602.json',
    1,
    '6.3.6',
    'Navi 22 [Radeon RX 6700/6700 XT / 6800M]',
    12272,
    10772,
    '0000:07:00.0',
    '1002:73df',
  ],
  [
    'telegraf_rx6700xt_rocm612.json',
    1,
    '6.3.6',
    'Navi 22 [Radeon RX 6700/6700 XT / 6800M]',
    12272,
    10772,
    '0000:07:00.0',
    '1002:73df',
  ],
  [
    'telegraf_mi100_rocm571.json',
    6,
    '6.2.4',
    'Arcturus GL-XL [Instinct MI100]',
    32752,
    32746,
    '0000:1e:00.0',
    '1002:738c',
  ],
  [
    'telegraf_mi100_rocm602.json',
    4,
    '6.3.6',
    'Arcturus GL-XL [Instinct MI100]',
    32752,
    32746,
    '0000:83:00.0',
    '1002:738c',
  ],
  [
    'telegraf_vega-10-XT.json',
    1,
    '5.9.25',
    'AMD GPU 1002:6861',
    16368,
    16351,
    '0000:04:00.0',
    '1002:6861',
  ],
  [
    'telegraf_vega-20-WKS-GL-XE.json',
    1,
    '5.9.17',
    'Radeon Instinct MI50 32GB',
    32752,
    32742,
    '0000:63:00.0',
    '1002:66a1',
  ],
] as const

describe('parseRocmSmiJson on recorded outputs', () => {
  it.each(cases)('%s', (file, count, driver, name, vram, free, busId, pciId) => {
    const report = parseRocmSmiJson(fixture(file))
    expect(report.gpus).toHaveLength(count)
    expect(report.driver).toBe(driver)
    expect(report.rocmVersion).toBeNull()
    expect(report.gpus[0]).toEqual({
      vendor: 'amd',
      name,
      vramMiB: vram,
      vramFreeMiB: free,
      driver,
      cudaVersion: null,
      rocmVersion: null,
      busId,
      pciId,
      pcie: null,
      attachment: 'unknown',
      vgpuProfile: null,
      vgpuFramebufferMiB: null,
      source: 'rocm-smi',
    })
    // "N/A (Secondary die)" on the single RX 6700 XT (ROCm 6.0.2) must not look like a multi-die card.
    expect(report.notes).toEqual([])
  })

  it('lists the cards in card-number order', () => {
    const report = parseRocmSmiJson(fixture('telegraf_mi100_rocm571.json'))
    expect(report.gpus.map((g) => g.busId)).toEqual([
      '0000:1e:00.0',
      '0000:22:00.0',
      '0000:3f:00.0',
      '0000:43:00.0',
      '0000:46:00.0',
      '0000:49:00.0',
    ])
  })

  it('shows an MI250 as two dies and notes the missing VRAM and the split', () => {
    const report = parseRocmSmiJson(fixture('torchserve_rocm-smi_2x-mi250-gcd_discovery.json'))
    expect(report.gpus.map((g) => g.name)).toEqual([
      'AMD INSTINCT MI250 (MCM) OAM AC MBA',
      'AMD INSTINCT MI250 (MCM) OAM AC MBA',
    ])
    expect(report.gpus[0]?.vramMiB).toBeNull()
    expect(report.notes.map((n) => n.message)).toEqual([
      'rocm-smi did not report the VRAM of AMD INSTINCT MI250 (MCM) OAM AC MBA',
      expect.stringContaining('one GPU per die'),
    ])
  })
})

describe('parseRocmSmiJson on bad input', () => {
  it.each([
    ['empty output', '', 'rocm-smi printed nothing'],
    ['not JSON', 'ERROR: GPU[0]\t: Unable to open file', 'rocm-smi output is not JSON'],
    ['cut short', fixture('telegraf_vega-10-XT.json').slice(0, 500), 'rocm-smi output is not JSON'],
    ['a JSON array', '[1, 2]', 'not an object of cards'],
    ['an object without cards', '{"system": {"Driver version": "6.3.6"}}', 'listed no GPU'],
  ])('%s gives a note', (_label, input, message) => {
    const report = parseRocmSmiJson(input)
    expect(report.gpus).toEqual([])
    expect(report.notes[0]?.message).toContain(message)
  })

  it('reads the JSON after warning lines that rocm-smi prints first', () => {
    // Written for this test: a warning line followed by a recorded output.
    const report = parseRocmSmiJson(
      'WARNING: AMD GPU device(s) is/are in a low-power state. Check power control/runtime_status\n\n' +
        fixture('telegraf_rx6700xt_rocm612.json'),
    )
    expect(report.gpus[0]?.vramMiB).toBe(12272)
  })

  it('never throws on truncated prefixes', () => {
    const source = fixture('openpai_rocm_smi_vega20.json')
    for (let cut = 0; cut < source.length; cut += 13) {
      expect(() => parseRocmSmiJson(source.slice(0, cut))).not.toThrow()
    }
  })
})
