import { describe, expect, it } from 'vitest'
import catalogJson from '../../catalog/gpus.json' with { type: 'json' }
import { InputFileError } from './errors.js'
import { validateGpuCatalog, type GpuEntry } from './gpu-catalog.js'

const catalog = validateGpuCatalog(catalogJson)
const byId = (id: string): GpuEntry => {
  const entry = catalog.gpus.find((g) => g.id === id)
  if (entry == null) throw new Error(`no ${id} in the catalog`)
  return entry
}

describe('catalog/gpus.json', () => {
  it('validates, with a source for every entry', () => {
    expect(catalog.gpus.length).toBeGreaterThan(140)
    for (const g of catalog.gpus) expect(g.source.url).toMatch(/^https:\/\//)
  })

  it('carries the homelab favourites with their key facts', () => {
    expect(byId('rtx-3090')).toMatchObject({
      vramGiB: 24,
      memoryBandwidthGBps: 936.2,
      tensorFp16Tflops: 71,
      pciIds: ['10de:2204'],
      computeCapability: '8.6',
    })
    expect(byId('tesla-p40')).toMatchObject({ vramGiB: 24, tensorFp16Tflops: null })
    expect(byId('instinct-mi50-32gb')).toMatchObject({ vramGiB: 32, memoryBandwidthGBps: 1024 })
    expect(byId('apple-m2-ultra-76c')).toMatchObject({
      vendor: 'apple',
      memoryKind: 'unified',
      vramGiB: 64,
      memoryBandwidthGBps: 800,
      apple: { gpuCores: 76, unifiedMemoryOptionsGiB: [64, 128, 192] },
    })
  })

  // A missing tensor figure is either cited as absent (no tensor/matrix cores) or plainly unknown.
  it.each([
    'tesla-p40',
    'tesla-p100-pcie-16gb',
    'tesla-t4',
    'tesla-v100-pcie-16gb',
    'a2-pcie',
    'a40-pcie',
    'a100-pcie-40gb',
    'h100-sxm5-80gb',
    'l4',
    'l40s',
    'rtx-3090',
    'rtx-4090',
    'rtx-a6000',
    'instinct-mi50',
    'instinct-mi100',
  ])('%s has a tensor FP16 figure or a cited reason for none', (id) => {
    const entry = byId(id)
    expect(entry.source.fields.tensorFp16Tflops?.url).toMatch(/^https:\/\//)
  })

  it('lists NVIDIA vGPU profiles with their framebuffer', () => {
    const p40 = catalog.vgpuProfiles.find((p) => p.name === 'P40-12Q')
    expect(p40).toMatchObject({ gpuId: 'tesla-p40', framebufferGiB: 12, sharing: 'time-sliced' })
    const mig = catalog.vgpuProfiles.find((p) => p.name === 'A100-3-20C')
    expect(mig).toMatchObject({ framebufferGiB: 20, sharing: 'mig' })
  })
})

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

describe('validateGpuCatalog', () => {
  const entry = (): unknown => byId('rtx-3090')
  const withEntry = (path: string, value: unknown): unknown => ({
    schemaVersion: 1,
    gpus: [changed(entry(), path, value)],
    vgpuProfiles: [],
  })

  it.each([
    ['not an object', null, 'catalog must be an object, got null'],
    ['another version', { schemaVersion: 2, gpus: [] }, 'schemaVersion must be 1'],
    [
      'a string VRAM',
      withEntry('vramGiB', '24'),
      'gpus[0].vramGiB must be a number or null, got "24"',
    ],
    [
      'zero bandwidth',
      withEntry('memoryBandwidthGBps', 0),
      'gpus[0].memoryBandwidthGBps must be > 0, got 0',
    ],
    [
      'an uncited tensor figure',
      withEntry('source.fields.tensorFp16Tflops', undefined),
      'gpus[0].source.fields.tensorFp16Tflops must cite a source',
    ],
    [
      'a bad PCI id',
      withEntry('pciIds', ['10DE:2204']),
      'gpus[0].pciIds[0] must be like "10de:2204", got "10DE:2204"',
    ],
    [
      'a source that is no URL',
      withEntry('source.url', 'techpowerup'),
      'gpus[0].source.url must be an http(s) URL, got "techpowerup"',
    ],
    [
      'Apple facts on an NVIDIA card',
      withEntry('apple', { gpuCores: 10, unifiedMemoryOptionsGiB: [16] }),
      'gpus[0].apple must be set exactly when vendor is apple',
    ],
    [
      'a vGPU profile for an unknown board',
      {
        schemaVersion: 1,
        gpus: [entry()],
        vgpuProfiles: [
          {
            name: 'X-1Q',
            gpuId: 'nope',
            framebufferGiB: 1,
            sharing: 'time-sliced',
            source: { url: 'https://example.org', note: null },
          },
        ],
      },
      'vgpuProfiles[0].gpuId names no catalog GPU, got "nope"',
    ],
  ])('refuses %s', (_name, json, message) => {
    expect(() => validateGpuCatalog(json, 'gpus.json')).toThrow(
      new InputFileError(`gpus.json: ${message}`),
    )
  })

  it('refuses two entries answering to the same name', () => {
    const a = entry()
    const b = changed(
      changed(changed(a, 'id', 'rtx-3090-copy'), 'name', 'RTX 3090 copy'),
      'aliases',
      ['3090'],
    )
    expect(() => validateGpuCatalog({ schemaVersion: 1, gpus: [a, b] })).toThrow(
      'catalog/gpus.json: gpus[1].aliases "3090" also names rtx-3090',
    )
  })
})
