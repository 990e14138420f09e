/**
 * Hardware facts the validation rows need but the GPU catalog lacks: the CPUs of the CPU-only
 * rows (cores, clock, SIMD, memory bandwidth) and the GPUs catalog/gpus.json lacks or cannot
 * size for a given machine (an iGPU's bandwidth is its laptop's RAM).
 * Values are vendor datasheet figures; each names the page to check it against.
 * Peak memory bandwidth = channels x bus bytes x MT/s; FP32 FLOPS as the vendor states it.
 */
import type { GpuEntry } from '../src/core/gpu-catalog.js'
import type { SimdFeature } from '../src/core/hardware.js'

/** A CPU as the engine needs it. */
export interface CpuSpec {
  readonly cores: number
  readonly clockGHz: number
  readonly arch: 'x86-64' | 'arm64'
  readonly simd: readonly SimdFeature[]
  readonly memory: string
  readonly bandwidthGBps: number
  readonly darwin: boolean
  readonly source: string
}

const AVX2: readonly SimdFeature[] = ['sse4.2', 'avx', 'f16c', 'fma', 'avx2']
const AVX512: readonly SimdFeature[] = [...AVX2, 'avx512f', 'avx512bw', 'avx512-vnni']
const NEON: readonly SimdFeature[] = ['neon', 'dotprod']

/** Keyed by the start of the row's `device` text. */
export const VALIDATION_CPUS: Readonly<Record<string, CpuSpec>> = {
  'Intel Core i7-1165G7': {
    cores: 4,
    clockGHz: 4.1,
    arch: 'x86-64',
    simd: AVX512,
    memory: 'LPDDR4x-4266, 128-bit',
    bandwidthGBps: 68.3,
    darwin: false,
    source: 'https://www.intel.com/content/www/us/en/products/sku/208662/',
  },
  'Apple M1 Max': {
    cores: 10,
    clockGHz: 3.2,
    arch: 'arm64',
    simd: NEON,
    memory: 'LPDDR5-6400, 512-bit',
    bandwidthGBps: 400,
    darwin: true,
    source: 'https://support.apple.com/kb/SP858',
  },
  'Apple M3 10-core': {
    cores: 8,
    clockGHz: 4.05,
    arch: 'arm64',
    simd: NEON,
    memory: 'LPDDR5-6400, 128-bit',
    bandwidthGBps: 100,
    darwin: true,
    source: 'https://support.apple.com/en-us/117735',
  },
  'Apple M3 Max': {
    cores: 16,
    clockGHz: 4.05,
    arch: 'arm64',
    simd: NEON,
    memory: 'LPDDR5-6400, 512-bit',
    bandwidthGBps: 400,
    darwin: true,
    source: 'https://support.apple.com/en-us/117736',
  },
  'Apple M2 Max': {
    cores: 12,
    clockGHz: 3.5,
    arch: 'arm64',
    simd: NEON,
    memory: 'LPDDR5-6400, 512-bit',
    bandwidthGBps: 400,
    darwin: true,
    source: 'https://support.apple.com/kb/SP889',
  },
  'Radxa Dragon Q8B': {
    cores: 8,
    clockGHz: 2.8,
    arch: 'arm64',
    simd: NEON,
    memory: 'LPDDR5, 64-bit (board page)',
    bandwidthGBps: 51.2,
    darwin: false,
    source: 'https://radxa.com/products/dragon/',
  },
  'Cix CP8180': {
    cores: 12,
    clockGHz: 2.6,
    arch: 'arm64',
    simd: NEON,
    memory: 'LPDDR5-6000, 128-bit',
    bandwidthGBps: 96,
    darwin: false,
    source: 'https://radxa.com/products/orion/o6/',
  },
  'Raspberry Pi 5': {
    cores: 4,
    clockGHz: 2.4,
    arch: 'arm64',
    simd: NEON,
    memory: 'LPDDR4X-4267, 32-bit',
    bandwidthGBps: 17.1,
    darwin: false,
    source: 'https://datasheets.raspberrypi.com/rpi5/raspberry-pi-5-product-brief.pdf',
  },
  'Intel Core i5-4278U': {
    cores: 2,
    clockGHz: 2.9,
    arch: 'x86-64',
    simd: AVX2,
    memory: 'DDR3L-1600, 2 channels',
    bandwidthGBps: 25.6,
    darwin: false,
    source: 'https://www.intel.com/content/www/us/en/products/sku/83505/',
  },
  'Intel Core i3-1315U': {
    cores: 6,
    clockGHz: 3.3,
    arch: 'x86-64',
    simd: AVX2,
    memory: 'DDR5-5200, 2 channels',
    bandwidthGBps: 83.2,
    darwin: false,
    source: 'https://www.intel.com/content/www/us/en/products/sku/232157/',
  },
  'AMD Ryzen 9 7950X': {
    cores: 16,
    clockGHz: 5.0,
    arch: 'x86-64',
    simd: AVX512,
    memory: 'DDR5-5200, 2 channels',
    bandwidthGBps: 83.2,
    darwin: false,
    source:
      'https://www.amd.com/en/products/processors/desktops/ryzen/7000-series/amd-ryzen-9-7950x.html',
  },
  'AMD Ryzen 5975WX': {
    cores: 32,
    clockGHz: 4.0,
    arch: 'x86-64',
    simd: AVX2,
    memory: 'DDR4-3200, 8 channels',
    bandwidthGBps: 204.8,
    darwin: false,
    source:
      'https://www.amd.com/en/products/processors/workstations/ryzen-threadripper-pro/5975wx.html',
  },
  'AMD Ryzen 9 5950X': {
    cores: 16,
    clockGHz: 4.5,
    arch: 'x86-64',
    simd: AVX2,
    memory: 'DDR4-3200, 2 channels',
    bandwidthGBps: 51.2,
    darwin: false,
    source:
      'https://www.amd.com/en/products/processors/desktops/ryzen/5000-series/amd-ryzen-9-5950x.html',
  },
  // pr11390 rows (llama-bench -t 1..10 on the performance cores). Apple gives cores and
  // bandwidth (newsroom, 2024-10-30), not clocks: 4.51 GHz is the performance cores' maximum
  // as notebookcheck reports it (its 12-core M4 Pro page: 2592-4512 MHz, the same P-cores).
  'Apple M4 Pro': {
    cores: 14,
    clockGHz: 4.51,
    arch: 'arm64',
    simd: NEON,
    memory: 'LPDDR5X-8533, 256-bit',
    bandwidthGBps: 273,
    darwin: true,
    source:
      'https://www.apple.com/newsroom/2024/10/new-macbook-pro-features-m4-family-of-chips-and-apple-intelligence/; clock https://www.notebookcheck.nl/Apple-M4-M4-Pro-12-cores-Notebook-Processor.925775.0.html',
  },
  // egcpu rows (GPD Pocket 4). 4 Zen 5 + 8 Zen 5c cores, boost 5.1 GHz (computerbase.de's
  // table of AMD's figures); the Pocket 4 carries LPDDR5X at 7500 MT/s (m.163.com's launch
  // report) on the chip's 128-bit bus: 7500 MT/s x 16 bytes = 120 GB/s.
  'AMD Ryzen AI 9 HX 370': {
    cores: 12,
    clockGHz: 5.1,
    arch: 'x86-64',
    simd: AVX512,
    memory: 'LPDDR5X-7500, 128-bit',
    bandwidthGBps: 120,
    darwin: false,
    source:
      'https://www.amd.com/en/products/processors/laptop/ryzen/ai-300-series/amd-ryzen-ai-9-hx-370.html; https://computerbase.de/2024-07/ryzen-ai-9-hx-375-amd-macht-die-55-tops-apu-offiziell; memory https://m.163.com/dy/article/J9F3TJ7J05564QCM.html',
  },
  // Keys match by prefix in insertion order, so the plain 'Apple M2' stays after its Max and Ultra.
  'Apple M2 Ultra': {
    cores: 24,
    clockGHz: 3.5,
    arch: 'arm64',
    simd: NEON,
    memory: 'LPDDR5-6400, 1024-bit',
    bandwidthGBps: 800,
    darwin: true,
    source: 'https://www.apple.com/newsroom/2023/06/apple-introduces-m2-ultra/',
  },
  'Apple M2': {
    cores: 8,
    clockGHz: 3.49,
    arch: 'arm64',
    simd: NEON,
    memory: 'LPDDR5-6400, 128-bit',
    bandwidthGBps: 100,
    darwin: true,
    source:
      'https://www.apple.com/newsroom/2022/06/apple-unveils-m2-with-breakthrough-performance-and-capabilities/',
  },
}

/** The CPU spec for a row's device text, or null. */
export function cpuSpecFor(device: string): CpuSpec | null {
  for (const [key, spec] of Object.entries(VALIDATION_CPUS)) if (device.startsWith(key)) return spec
  return null
}

/** The host CPU of a GPU row, where the row's notes name it: its boost clock and ISA. */
export interface HostSpec {
  readonly clockGHz: number
  /** As the probe names it: RISC-V is `other`. */
  readonly arch: 'x86-64' | 'arm64' | 'other'
  readonly cores: number
  readonly source: string
}

/**
 * Hosts named in `notes` as `host NAME` (first match wins, so the longer names come first). The
 * engine's per-layer overhead scales with the host's clock; rows whose host is not named keep the
 * default box's.
 */
export const VALIDATION_HOSTS: readonly (readonly [string, HostSpec])[] = [
  [
    'host Raspberry Pi CM5',
    {
      clockGHz: 2.4,
      arch: 'arm64',
      cores: 4,
      source: 'https://datasheets.raspberrypi.com/cm5/cm5-datasheet.pdf',
    },
  ],
  [
    'host Raspberry Pi 500',
    {
      clockGHz: 2.4,
      arch: 'arm64',
      cores: 4,
      source: 'https://www.raspberrypi.com/products/raspberry-pi-500/',
    },
  ],
  [
    'host Raspberry Pi 5',
    {
      clockGHz: 2.4,
      arch: 'arm64',
      cores: 4,
      source: 'https://datasheets.raspberrypi.com/rpi5/raspberry-pi-5-product-brief.pdf',
    },
  ],
  [
    'host SiFive HiFive Premier P550',
    {
      clockGHz: 1.4,
      arch: 'other',
      cores: 4,
      source: 'https://www.sifive.com/boards/hifive-premier-p550',
    },
  ],
  [
    'host Ryzen 5700X',
    {
      clockGHz: 4.6,
      arch: 'x86-64',
      cores: 8,
      source:
        'https://www.amd.com/en/products/processors/desktops/ryzen/5000-series/amd-ryzen-7-5700x.html',
    },
  ],
  [
    'host Ryzen 9 9950X',
    {
      clockGHz: 5.7,
      arch: 'x86-64',
      cores: 16,
      source:
        'https://www.amd.com/en/products/processors/desktops/ryzen/9000-series/amd-ryzen-9-9950x.html',
    },
  ],
  [
    'host Intel Core Ultra 265K',
    {
      clockGHz: 5.5,
      arch: 'x86-64',
      cores: 20,
      source: 'https://www.intel.com/content/www/us/en/products/sku/241060/',
    },
  ],
  [
    'host AMD Ryzen AI 9 HX 370',
    {
      clockGHz: 5.1,
      arch: 'x86-64',
      cores: 12,
      source:
        'https://www.amd.com/en/products/processors/laptop/ryzen/ai-300-series/amd-ryzen-ai-9-hx-370.html',
    },
  ],
  [
    'host AMD Ryzen 7 5700G',
    {
      clockGHz: 4.6,
      arch: 'x86-64',
      cores: 8,
      source:
        'https://www.amd.com/en/products/processors/desktops/ryzen/5000-series/amd-ryzen-7-5700g.html',
    },
  ],
]

/** The host a GPU row's notes name, or null. */
export function hostSpecFor(notes: string): HostSpec | null {
  for (const [key, spec] of VALIDATION_HOSTS) if (notes.includes(key)) return spec
  return null
}

/** Row device names that name a catalog GPU differently. */
export const DEVICE_RENAMES: Readonly<Record<string, string>> = {
  'Apple M2 (MacBook Air)': 'Apple M2 8-core GPU',
  'AMD Radeon 8060S Graphics (Framework Desktop Mainboard)': 'AMD Radeon 8060S Graphics',
  // The egv rows' GPD Pocket 4: the iGPU reads the laptop's RAM (catalog/gpus.json cannot know it).
  'AMD Radeon 890M': 'AMD Radeon 890M in a GPD Pocket 4',
}

function entry(
  id: string,
  name: string,
  vendor: GpuEntry['vendor'],
  memoryKind: GpuEntry['memoryKind'],
  vramGiB: number | null,
  bw: number,
  fp32: number,
  url: string,
): GpuEntry {
  return {
    id,
    name,
    vendor,
    aliases: [],
    pciIds: [],
    memoryKind,
    vramGiB,
    memoryType: null,
    memoryBusBits: null,
    memoryBandwidthGBps: bw,
    fp32Tflops: fp32,
    fp16ShaderTflops: null,
    tensorFp16Tflops: null,
    architecture: null,
    chip: null,
    computeCapability: null,
    releaseDate: null,
    busInterface: memoryKind === 'dedicated' ? 'PCIe 3.0 x16' : null,
    tdpW: null,
    apple: null,
    source: { url, dataset: 'hand-curated for validation', fields: {} },
  }
}

/** GPUs of the measurement rows that catalog/gpus.json does not hold. */
export const VALIDATION_EXTRA_GPUS: readonly GpuEntry[] = [
  entry(
    'iris-xe-96eu',
    'Intel Core i7-1165G7 integrated GPU',
    'intel',
    'shared',
    null,
    68.3,
    2.07,
    'https://www.intel.com/content/www/us/en/products/sku/208662/',
  ),
  entry(
    'rx-580',
    'AMD Radeon RX 580',
    'amd',
    'dedicated',
    8,
    256,
    6.17,
    'https://www.amd.com/en/support/downloads/drivers.html/graphics/radeon-rx/radeon-rx-500-series/amd-radeon-rx-580.html',
  ),
  entry(
    'rx-470',
    'AMD Radeon RX 470',
    'amd',
    'dedicated',
    4,
    211,
    4.94,
    'https://www.amd.com/en/support/downloads/drivers.html/graphics/radeon-rx/radeon-rx-400-series/amd-radeon-rx-470.html',
  ),
  entry(
    'radeon-8060s',
    'AMD Radeon 8060S Graphics',
    'amd',
    'shared',
    null,
    256,
    29.7,
    'https://www.amd.com/en/products/processors/laptop/ryzen/ai-300-series/amd-ryzen-ai-max-plus-395.html',
  ),
  entry(
    'radeon-890m-gpd-pocket-4',
    'AMD Radeon 890M in a GPD Pocket 4',
    'amd',
    'shared',
    null,
    120,
    5.94,
    'https://www.amd.com/en/products/processors/laptop/ryzen/ai-300-series/amd-ryzen-ai-9-hx-370.html; memory https://m.163.com/dy/article/J9F3TJ7J05564QCM.html',
  ),
  entry(
    'arc-pro-b50',
    'Intel Arc Pro B50',
    'intel',
    'dedicated',
    16,
    224,
    10.65,
    'https://www.intel.com/content/www/us/en/products/sku/242615/',
  ),
]
