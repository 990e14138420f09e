import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { GPU_QUERY_FIELDS, parseNvidiaSmiQuery } from './parse-nvidia-smi-query.js'

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')

describe('parseNvidiaSmiQuery', () => {
  it('reads an idle RTX 4080 SUPER by header name: the link drops to gen 1 at idle', () => {
    expect(parseNvidiaSmiQuery(fixture('nvidia-smi-query-gpu_rtx-4080-super_idle.csv'))).toEqual([
      {
        index: 0,
        name: 'NVIDIA GeForce RTX 4080 SUPER',
        pciBusId: '00000000:01:00.0',
        pcieGenCurrent: 1,
        pcieGenMax: 4,
        pcieWidthCurrent: 16,
        pcieWidthMax: 16,
        graphicsClockMHz: 210,
        memoryClockMHz: 405,
        maxGraphicsClockMHz: 3165,
        maxMemoryClockMHz: 11501,
        memoryUsedMiB: 596,
        memoryTotalMiB: 16376,
        temperatureC: 43,
        powerDrawW: 26.2,
      },
    ])
  })

  it('reads the same card under load at full link speed', () => {
    const [gpu] = parseNvidiaSmiQuery(fixture('nvidia-smi-query-gpu_rtx-4080-super_load.csv'))
    expect(gpu).toMatchObject({
      pcieGenCurrent: 4,
      graphicsClockMHz: 2805,
      memoryUsedMiB: 1474,
      powerDrawW: 84.24,
    })
  })

  it('reads our own noheader,nounits query with [N/A] cells', () => {
    const line =
      '0, Tesla P40, 00000000:13:00.0, 3, 3, 16, 16, 544, 405, 1531, 3615, 0, 24576, 31, [N/A]'
    const [gpu] = parseNvidiaSmiQuery(line, GPU_QUERY_FIELDS)
    expect(gpu).toMatchObject({
      name: 'Tesla P40',
      pcieGenMax: 3,
      memoryTotalMiB: 24576,
      powerDrawW: null,
    })
  })

  it('returns nothing for empty output', () => {
    expect(parseNvidiaSmiQuery('\n')).toEqual([])
  })
})
