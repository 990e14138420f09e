/**
 * CPU memory bandwidth and FLOPS from what the probe knows, with a stated default per platform
 * when it does not know (DMI memory details need root on Linux).
 */
import type { FitData } from './fit-request.js'
import { resolveGpu } from './gpu-name.js'
import type { HardwareProfile } from './hardware.js'

/** A figure and where it came from. */
export interface Sourced {
  readonly gbps: number
  readonly source: string
}

// A DDR/LPDDR channel as DMI counts it moves 8 bytes per transfer (64-bit DIMM channel; JEDEC
// DDR4/DDR5 module width). Peak = channels x 8 B x MT/s.
const BYTES_PER_TRANSFER = 8
// Desktop boards run two channels (AMD AM4/AM5 and Intel LGA1700 platform specs); used when
// the speed is known but the channel count is not.
const DEFAULT_CHANNELS = 2
// Fallbacks when nothing is known, each a common machine of that platform:
// x86-64: dual-channel DDR4-3200 = 51.2 GB/s (JEDEC DDR4-3200, 2 x 8 B x 3200 MT/s);
// arm64 Linux: Raspberry Pi 5, 32-bit LPDDR4X-4267 = 17.1 GB/s (Raspberry Pi 5 product brief);
// Apple Silicon without a catalog match: base M2, 100 GB/s (Apple M2 press release, 2022-06-06).
const DEFAULT_X86_GBPS = 51.2
const DEFAULT_ARM_LINUX_GBPS = 17.1
const DEFAULT_APPLE_GBPS = 100

/** Peak memory bandwidth of the CPU side. */
export function cpuBandwidth(hw: HardwareProfile, data: Pick<FitData, 'gpus'>): Sourced {
  const m = hw.memory
  if (m.speedMTs != null) {
    const channels = m.channels ?? DEFAULT_CHANNELS
    const gbps = (channels * BYTES_PER_TRANSFER * m.speedMTs) / 1000
    const how = m.channels == null ? `${DEFAULT_CHANNELS} channels assumed` : `${channels} channels`
    return { gbps, source: `${m.type ?? 'RAM'}-${m.speedMTs}, ${how}` }
  }
  const unified = hw.gpus.find((g) => g.attachment === 'unified')
  if (unified != null) {
    const entry = resolveGpu(data.gpus, unified)
    if (entry?.memoryBandwidthGBps != null)
      return { gbps: entry.memoryBandwidthGBps, source: `catalog: ${entry.name} unified memory` }
    return {
      gbps: DEFAULT_APPLE_GBPS,
      source: 'Apple Silicon, chip unknown: base M2 100 GB/s assumed',
    }
  }
  if (hw.cpu.arch === 'arm64' || hw.cpu.arch === 'arm')
    return {
      gbps: DEFAULT_ARM_LINUX_GBPS,
      source: 'RAM speed unknown: Raspberry Pi 5 class 17.1 GB/s assumed',
    }
  return {
    gbps: DEFAULT_X86_GBPS,
    source: 'RAM speed unknown: dual-channel DDR4-3200 (51.2 GB/s) assumed',
  }
}

// FP32 FLOPs per cycle per core: two 256-bit FMA ports (Intel Haswell+, AMD Zen 2+) = 2 x 8 x 2
// = 32; AVX-512 cores are counted the same because most client parts issue one 512-bit FMA per
// cycle (Intel optimization manual); 128-bit NEON with two FMA pipes = 2 x 4 x 2 = 16 (Arm
// Cortex-A76 software optimization guide); Apple P-cores have four 128-bit FMA pipes = 32.
const FLOPS_PER_CYCLE_AVX2 = 32
const FLOPS_PER_CYCLE_NEON = 16
const FLOPS_PER_CYCLE_APPLE = 32
const FLOPS_PER_CYCLE_OLD_X86 = 16
// Used when the OS gives no clock: a typical all-core turbo of current desktop parts.
const DEFAULT_CLOCK_GHZ = 3.0

/** The clock the probe reported (max, else current), GHz; null when it reported none. */
export function reportedClockGHz(hw: HardwareProfile): number | null {
  const mhz = hw.cpu.maxClockMHz ?? hw.cpu.clockMHz
  return mhz == null ? null : mhz / 1000
}

// The per-layer cost is host work (building the graph, submitting kernels, waiting on them) on
// one CPU thread, so it grows as the host's clock falls: a GPU behind a 2.4 GHz Raspberry Pi 5
// pays about twice what it pays in a desktop. Fitted overheads are for a host at this clock (a
// current desktop core's boost).
const REFERENCE_HOST_GHZ = 4.5

/**
 * How much longer the per-layer host work takes on a host core at `clockGHz`; 1 when the clock is
 * unknown (Apple Silicon does not report one).
 */
export function hostOverheadScale(clockGHz: number | null): number {
  if (clockGHz == null || !(clockGHz > 0)) return 1
  return Math.min(4, Math.max(0.5, REFERENCE_HOST_GHZ / clockGHz))
}

/**
 * The CPU family whose fitted per-thread rate applies: Apple's P-cores (four 128-bit NEON pipes),
 * other Arm cores, or x86. llama.cpp's rate per thread and GHz differs between them (an M4 Pro
 * core pulls ~8 GB/s of Q4_0 weights per GHz, a Ryzen 9 7950X core ~4.6: validation rows
 * pr11390 and ik164).
 */
export function cpuFamily(hw: HardwareProfile): 'apple' | 'arm' | 'x86' {
  if (hw.os.platform === 'darwin' && hw.cpu.arch === 'arm64') return 'apple'
  return hw.cpu.arch === 'arm64' || hw.cpu.arch === 'arm' ? 'arm' : 'x86'
}

/** Peak FP32 TFLOPS of all physical cores. */
export function cpuTflops(hw: HardwareProfile): {
  tflops: number
  clockGHz: number
  source: string
} {
  const c = hw.cpu
  const ghz = reportedClockGHz(hw) ?? DEFAULT_CLOCK_GHZ
  let perCycle = FLOPS_PER_CYCLE_OLD_X86
  let isa = 'SSE/AVX'
  if (hw.os.platform === 'darwin' && c.arch === 'arm64') {
    perCycle = FLOPS_PER_CYCLE_APPLE
    isa = 'Apple NEON x4'
  } else if (c.simd.includes('avx2') && c.simd.includes('fma')) {
    perCycle = FLOPS_PER_CYCLE_AVX2
    isa = 'AVX2+FMA'
  } else if (c.arch === 'arm64' || c.arch === 'arm') {
    perCycle = FLOPS_PER_CYCLE_NEON
    isa = 'NEON'
  }
  const tflops = (c.cores * ghz * perCycle) / 1000
  return {
    tflops,
    clockGHz: ghz,
    source: `${c.cores} cores x ${ghz.toFixed(1)} GHz x ${perCycle} FLOP/cycle (${isa})`,
  }
}
