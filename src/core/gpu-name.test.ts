import { describe, expect, it } from 'vitest'
import catalogJson from '../../catalog/gpus.json' with { type: 'json' }
import { validateGpuCatalog } from './gpu-catalog.js'
import {
  parseGpuName,
  resolveGpu,
  resolveGpuName,
  resolveVgpuProfile,
  suggestGpuNames,
} from './gpu-name.js'

const catalog = validateGpuCatalog(catalogJson)

describe('resolveGpuName', () => {
  // nvidia-smi <product_name> / "Product Name" values from ../shared/data/recorded/nvidia-smi.
  it.each([
    ['GeForce GTX 1070', 'gtx-1070'],
    ['GeForce RTX 2080 Ti', 'rtx-2080-ti'],
    ['NVIDIA A100-SXM4-40GB', 'a100-sxm4-40gb'],
    ['NVIDIA A100-SXM4-80GB', 'a100-sxm4-80gb'],
    ['NVIDIA A10G', 'a10g'],
    ['NVIDIA GeForce RTX 3060', 'rtx-3060-12gb'],
    ['NVIDIA GeForce RTX 3080', 'rtx-3080'],
    ['NVIDIA GeForce RTX 3090', 'rtx-3090'],
    ['NVIDIA GeForce RTX 4090', 'rtx-4090'],
    ['NVIDIA GeForce RTX 4080 SUPER', 'rtx-4080-super'],
    ['NVIDIA RTX 4000 SFF Ada Generation', 'rtx-4000-sff-ada-generation'],
    ['NVIDIA RTX A5000', 'rtx-a5000'],
    ['Tesla K80', 'tesla-k80'],
    ['Tesla P100-PCIE-16GB', 'tesla-p100-pcie-16gb'],
    ['Tesla T4', 'tesla-t4'],
    ['NVIDIA H100 80GB HBM3', 'h100-sxm5-80gb'],
    ['NVIDIA H200', 'h200-sxm-141gb'],
    ['NVIDIA L40S', 'l40s'],
  ])('nvidia-smi %s -> %s', (input, id) => {
    expect(resolveGpuName(catalog, input)?.id).toBe(id)
  })

  // rocm-smi "Card series" values from ../shared/data/recorded/rocm-smi.
  it.each([
    ['Navi 22 [Radeon RX 6700/6700 XT / 6800M]', 'rx-6700-xt'],
    ['Arcturus GL-XL [Instinct MI100]', 'instinct-mi100'],
    ['Radeon Instinct MI50 32GB', 'instinct-mi50-32gb'],
  ])('rocm-smi %s -> %s', (input, id) => {
    expect(resolveGpuName(catalog, input)?.id).toBe(id)
  })

  // system_profiler chip strings from ../shared/data/recorded/macos, and Apple name forms.
  it.each([
    ['Apple M1', 'apple-m1-7c'],
    ['Apple M1 Pro', 'apple-m1-pro-14c'],
    ['Apple M2 Ultra', 'apple-m2-ultra-60c'],
    ['M2 Ultra (76-core GPU)', 'apple-m2-ultra-76c'],
    ['Apple M2 Ultra (76-core GPU, 192GB)', 'apple-m2-ultra-76c'],
    ['Apple M3 Max (40-core GPU)', 'apple-m3-max-40c'],
    ['Apple M3 Max 128GB', 'apple-m3-max-40c'],
    ['M4 Pro (20-core GPU)', 'apple-m4-pro-20c'],
  ])('Apple %s -> %s', (input, id) => {
    expect(resolveGpuName(catalog, input)?.id).toBe(id)
  })

  // Names people type: vendor words, spacing, punctuation and memory forms do not matter.
  it.each([
    ['RTX 3090', 'rtx-3090'],
    ['rtx3090', 'rtx-3090'],
    ['nvidia geforce rtx-3090', 'rtx-3090'],
    ['3090', 'rtx-3090'],
    ['3080', 'rtx-3080'],
    ['3080 Ti', 'rtx-3080-ti'],
    ['RTX 3080 12GB', 'rtx-3080-12gb'],
    ['RTX 3080 12 GB', 'rtx-3080-12gb'],
    ['RTX 4090 24GB', 'rtx-4090'],
    ['RTX 4060 Ti', 'rtx-4060-ti-16gb'],
    ['RTX 4060 Ti 8GB', 'rtx-4060-ti-8gb'],
    ['GeForce RTX 3060 8GB', 'rtx-3060-8gb'],
    ['A100 40GB', 'a100-pcie-40gb'],
    ['A100 80GB', 'a100-pcie-80gb'],
    ['NVIDIA A100-PCIE-40GB', 'a100-pcie-40gb'],
    ['NVIDIA A100 80GB PCIe', 'a100-pcie-80gb'],
    ['A100 SXM4 80GB', 'a100-sxm4-80gb'],
    ['H100 PCIe', 'h100-pcie-80gb'],
    ['Tesla V100-SXM2-16GB', 'tesla-v100-sxm2-16gb'],
    ['Tesla P40', 'tesla-p40'],
    ['P40', 'tesla-p40'],
    ['Tesla M40 24GB', 'tesla-m40-24gb'],
    ['Radeon RX 7900 XTX', 'rx-7900-xtx'],
    ['AMD Radeon RX 7900 XTX', 'rx-7900-xtx'],
    ['Navi 31', 'rx-7900-xtx'],
    ['MI50', 'instinct-mi50'],
    ['Intel Arc A770 Graphics', 'arc-a770'],
    ['Intel(R) Arc(TM) A770 Graphics', 'arc-a770'],
  ])('typed %s -> %s', (input, id) => {
    expect(resolveGpuName(catalog, input)?.id).toBe(id)
  })

  it.each([
    'Graphics Device',
    'NVIDIA GeForce GT 1030',
    'NVIDIA GeForce RTX 2080',
    'NVIDIA GeForce RTX 2080 SUPER',
    'Quadro P400',
    'NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition',
    'GRID P4-1Q',
    'Vega 20',
    'AMD INSTINCT MI250 (MCM) OAM AC MBA',
    'Apple M1 (Virtual)',
    'Apple Paravirtualized Graphics Device',
    'RTX 4090 48GB',
    '',
  ])('%s is not guessed', (input) => {
    expect(resolveGpuName(catalog, input)).toBeNull()
  })
})

describe('resolveGpu', () => {
  it('knows a GPU that sysfs names only by PCI id', () => {
    expect(resolveGpu(catalog, { name: 'AMD GPU 1002:150e', pciId: '1002:150e' })?.id).toBe(
      'radeon-890m',
    )
    expect(resolveGpu(catalog, { name: 'AMD GPU 1002:1586', pciId: '1002:1586' })?.id).toBe(
      'radeon-8060s',
    )
    expect(resolveGpu(catalog, { name: 'NVIDIA GPU 10de:2204', pciId: '10DE:2204' })?.id).toBe(
      'rtx-3090',
    )
  })

  it('prefers the name, and leaves ids that sibling cards share unresolved', () => {
    expect(resolveGpu(catalog, { name: 'RTX 4090', pciId: '1002:150e' })?.id).toBe('rtx-4090')
    // 1002:744c is both the RX 7900 XT and the RX 7900 XTX.
    expect(resolveGpu(catalog, { name: 'AMD GPU 1002:744c', pciId: '1002:744c' })).toBeNull()
    expect(resolveGpu(catalog, { name: 'AMD GPU 1002:ffff', pciId: null })).toBeNull()
  })
})

describe('parseGpuName', () => {
  it('drops vendor words and reads memory and Apple cores', () => {
    expect(parseGpuName('NVIDIA H100 80GB HBM3')).toEqual({
      key: 'h100',
      memGiB: 80,
      gpuCores: null,
    })
    expect(parseGpuName('Apple M2 Ultra (76-core GPU, 192GB)')).toEqual({
      key: 'm2ultra',
      memGiB: 192,
      gpuCores: 76,
    })
    expect(parseGpuName('RTX 3080 12 GB').memGiB).toBe(12)
  })
})

describe('suggestGpuNames', () => {
  it('ranks near misses for the error message', () => {
    expect(suggestGpuNames(catalog, 'RTX 3095')).toContain('NVIDIA GeForce RTX 3090')
    expect(suggestGpuNames(catalog, 'GeForce RTX 2080')[0]).toBe('NVIDIA GeForce RTX 2080 Ti')
    expect(suggestGpuNames(catalog, 'Tesla P44')).toEqual(['NVIDIA Tesla P4', 'NVIDIA Tesla P40'])
    expect(suggestGpuNames(catalog, 'RTX 30', 3)).toHaveLength(3)
  })

  it('returns nothing for gibberish', () => {
    expect(suggestGpuNames(catalog, 'zzzzzzzzzzzz')).toEqual([])
  })
})

describe('resolveVgpuProfile', () => {
  it.each([
    ['GRID P4-1Q', 1, true, 'tesla-p4'],
    ['GRID P40-12Q', 12, true, 'tesla-p40'],
    ['grid_a100-8c', 8, true, 'a100-pcie-40gb'],
    ['grid_a100-3-20c', 20, true, 'a100-pcie-40gb'],
    ['GRID T4-16C', 16, true, 'tesla-t4'],
    ['GRID A40-24Q', 24, false, 'a40-pcie'],
    ['grid_a100d-80c', 80, false, 'a100-pcie-80gb'],
  ])('%s has %i GiB', (input, gib, fromTable, gpuId) => {
    const found = resolveVgpuProfile(catalog, input)
    expect(found?.framebufferGiB).toBe(gib)
    expect(found?.fromTable).toBe(fromTable)
    expect(found?.gpu?.id).toBe(gpuId)
  })

  it('returns null for a name that is no vGPU type', () => {
    expect(resolveVgpuProfile(catalog, 'NVIDIA GeForce RTX 3090')).toBeNull()
  })
})
