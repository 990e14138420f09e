/**
 * The machine as the fit engine sees it: each GPU with the memory it can give, its bandwidth and
 * FLOPS from the GPU catalog; and the CPU with its RAM, memory bandwidth and FLOPS.
 */
import type { FitData, FitRequest } from './fit-request.js'
import type { GpuEntry } from './gpu-catalog.js'
import { resolveGpu } from './gpu-name.js'
import type { Gpu, HardwareProfile } from './hardware.js'
import { efficiencyGroup, type Backend } from './speed-efficiency.js'
import {
  cpuBandwidth,
  cpuFamily,
  cpuTflops,
  hostOverheadScale,
  reportedClockGHz,
} from './fit-cpu.js'

const GIB = 2 ** 30

/** One GPU as the engine uses it. */
export interface GpuDevice {
  readonly device: string
  readonly name: string
  readonly vendor: string
  readonly backend: Backend
  /** Whose fitted efficiency applies: the vendor, or `apple-max` (see efficiencyGroup). */
  readonly efficiencyGroup: string
  /** The GPU catalog's architecture (`Ampere`, `RDNA 3.0`, `Apple M2`), null when not in it. */
  readonly architecture: string | null
  readonly unified: boolean
  /**
   * What the GPU can hold: free VRAM, Metal's working-set limit on Apple Silicon, or an AMD iGPU's
   * carve-out plus the system RAM the driver maps for it (GTT).
   */
  readonly availableGiB: number
  /** Of availableGiB, what is system RAM (an AMD iGPU's GTT): it leaves the CPU side's RAM. */
  readonly ramBackedGiB: number
  readonly availableNote: string
  readonly bandwidthGBps: number
  readonly bandwidthSource: string
  readonly tflops: number | null
  readonly tflopsSource: string | null
  /** Host-to-GPU copy speed, for weights llama.cpp streams in during prompt processing. */
  readonly pcieGBps: number
  readonly sharedBandwidth: boolean
}

/** The CPU side. */
export interface CpuDevice {
  readonly availableGiB: number
  /** Threads llama.cpp runs: its default is one per physical core (SMT siblings add little). */
  readonly threads: number
  /** Per-core clock the threads run at, GHz (max/boost clock when known, else a default). */
  readonly clockGHz: number
  /** Whose fitted CPU figures apply (cpuFamily in fit-cpu.ts). */
  readonly family: string
  /** How much longer the per-layer host work takes than on the reference host (fit-cpu.ts). */
  readonly hostOverheadScale: number
  readonly bandwidthGBps: number
  readonly bandwidthSource: string
  readonly tflops: number
  readonly tflopsSource: string
}

/** Everything placement and speed need about the hardware. */
export interface Machine {
  readonly gpus: readonly GpuDevice[]
  readonly cpu: CpuDevice
}

// A 16 GiB M1 logs recommendedMaxWorkingSetSize = 10922.67 MB (2/3, github.com/abetlen/
// llama-cpp-python/issues/687), a 32 GiB M2 Max 21845.34 MB (2/3, github.com/ollama/ollama/
// issues/434); 64 GiB machines hit the limit near 48 GB (3/4, github.com/ggml-org/llama.cpp/issues/1870).
function appleWorkingSetGiB(ramGiB: number): number {
  return ramGiB > 32 ? ramGiB * 0.75 : (ramGiB * 2) / 3
}

// PCIe payload rate per lane in GB/s by generation (8b/10b for 1-2, 128b/130b from 3), PCI-SIG specs.
const PCIE_LANE_GBPS: Readonly<Record<number, number>> = {
  1: 0.25,
  2: 0.5,
  3: 0.985,
  4: 1.969,
  5: 3.938,
}

function pcieGBps(gpu: Gpu, entry: GpuEntry | null): number {
  const fromBus = /PCIe (\d)\.0 x(\d+)/.exec(entry?.busInterface ?? '')
  const gen = gpu.pcie?.genCurrent ?? (fromBus != null ? Number(fromBus[1]) : 3)
  const width = gpu.pcie?.widthCurrent ?? (fromBus != null ? Number(fromBus[2]) : 16)
  return (PCIE_LANE_GBPS[gen] ?? 0.985) * width
}

/**
 * The llama.cpp backend a GPU of `vendor` runs unless the user asks for another. An AMD iGPU
 * (`sharedMemory`) gets Vulkan: ROCm allocates only the BIOS carve-out there while Vulkan also
 * uses the GTT, and ran prompts 2.5x faster on a Radeon 890M (lemonade-sdk/llamacpp-rocm #57,
 * llama.cpp #19818); ROCm does not list most iGPUs as supported either.
 */
export function backendFor(vendor: string, asked?: Backend, sharedMemory = false): Backend {
  if (asked != null) return asked
  switch (vendor) {
    case 'nvidia':
      return 'cuda'
    case 'amd':
      return sharedMemory ? 'vulkan' : 'rocm'
    case 'apple':
      return 'metal'
    case 'intel':
      return 'sycl'
    default:
      return 'vulkan'
  }
}

// Apple quotes GPU FP32 per chip: M1 8-core 2.6 TFLOPS (newsroom 2020-11-10), M2 10-core
// 3.6 TFLOPS (newsroom 2022-06-06); later chips are taken at the M2 rate per core.
const APPLE_TFLOPS_PER_CORE_M1 = 2.6 / 8
const APPLE_TFLOPS_PER_CORE_M2 = 3.6 / 10
// GeForce tensor cores do FP16 with FP32 accumulate at 2x the FP32 shader rate (Ampere GA102 and
// Ada AD102 whitepapers: RTX 3090 71 vs 35.6, RTX 4090 165.2 vs 82.6); used when the catalog
// has no tensor figure for a card with tensor cores (compute capability 7.0 or later).
const NVIDIA_TENSOR_PER_FP32 = 2

function prefillTflops(entry: GpuEntry | null): { tflops: number | null; source: string | null } {
  if (entry == null) return { tflops: null, source: null }
  if (entry.tensorFp16Tflops != null)
    return { tflops: entry.tensorFp16Tflops, source: 'catalog tensor FP16 (dense)' }
  const cc = Number(entry.computeCapability ?? '0')
  if (entry.vendor === 'nvidia' && cc >= 7 && entry.fp32Tflops != null)
    return {
      tflops: entry.fp32Tflops * NVIDIA_TENSOR_PER_FP32,
      source: 'tensor FP16 taken as 2x catalog FP32 (GeForce rate)',
    }
  // Shader FP16 is not used: Pascal runs it at 1/64 rate although llama.cpp never uses it there.
  if (entry.fp32Tflops != null) return { tflops: entry.fp32Tflops, source: 'catalog FP32 shader' }
  if (entry.apple != null) {
    const perCore = /\bM1\b/i.test(entry.name) ? APPLE_TFLOPS_PER_CORE_M1 : APPLE_TFLOPS_PER_CORE_M2
    return {
      tflops: entry.apple.gpuCores * perCore,
      source: `${entry.apple.gpuCores} GPU cores x ${perCore.toFixed(3)} TFLOPS (Apple's published chip FP32)`,
    }
  }
  return { tflops: null, source: null }
}

/**
 * An AMD GPU's GTT in GiB: the probe's sysfs figure, else the amdgpu driver's default limit, half
 * the system RAM and at least 3 GiB (Linux commit f7ba887f606b, "drm/amdgpu: Adjust logic around
 * GTT size", 2022). Users raise it with amdgpu.gttsize or ttm.pages_limit (AMD's RDNA 3.5 system
 * optimization guide).
 */
export function gttGiB(gpu: Gpu, hw: HardwareProfile): number {
  return gpu.gttMiB != null ? gpu.gttMiB / 1024 : Math.max(3, hw.memory.totalGiB / 2)
}

const f1 = (x: number) => x.toFixed(1)

function gpuDevice(
  gpu: Gpu,
  entry: GpuEntry | null,
  i: number,
  hw: HardwareProfile,
  data: FitData,
  req: Partial<FitRequest>,
): GpuDevice {
  const unified = gpu.attachment === 'unified' || entry?.memoryKind === 'unified'
  const shared = entry?.memoryKind === 'shared'
  const backend = backendFor(gpu.vendor, req.backend, shared)
  const totalGiB = (gpu.vgpuFramebufferMiB ?? gpu.vramMiB ?? 0) / 1024
  let availableGiB = totalGiB
  let ramBackedGiB = 0
  let availableNote = `${f1(totalGiB)} GiB VRAM (free VRAM unknown)`
  if (unified) {
    availableGiB = appleWorkingSetGiB(hw.memory.totalGiB)
    availableNote = `${f1(availableGiB)} GiB of ${hw.memory.totalGiB.toFixed(0)} GiB unified memory (Metal working-set limit)`
  } else if (shared && gpu.vendor === 'amd' && backend === 'vulkan') {
    // Vulkan allocates an AMD iGPU's buffers in the carve-out and in the GTT: llama.cpp #19818
    // saw 53,281 MiB free on a 6 GiB carve-out with a 40 GiB GTT, where ROCm saw 6,368 MiB.
    const carve = (gpu.vramFreeMiB ?? gpu.vramMiB ?? 0) / 1024
    const gtt = gttGiB(gpu, hw)
    ramBackedGiB = Math.max(0, Math.min(gtt, hw.memory.availableGiB))
    availableGiB = carve + ramBackedGiB
    availableNote = `${f1(availableGiB)} GiB: ${f1(carve)} GiB BIOS carve-out + ${f1(ramBackedGiB)} GiB of system RAM mapped for the GPU (GTT${gpu.gttMiB == null ? ': the kernel default, half the RAM' : ''})`
  } else if (gpu.vramFreeMiB != null) {
    availableGiB = gpu.vramFreeMiB / 1024
    availableNote = `${f1(availableGiB)} GiB free VRAM`
  }
  const catalogBw = entry?.memoryBandwidthGBps ?? null
  // An iGPU reads the same DRAM as the CPU: the RAM's bandwidth is its bandwidth.
  const ram = shared && catalogBw == null ? cpuBandwidth(hw, data) : null
  const bw = catalogBw ?? ram?.gbps ?? null
  const { tflops, source } = prefillTflops(entry)
  return {
    device: `gpu${i}`,
    name: gpu.name,
    vendor: gpu.vendor,
    backend,
    efficiencyGroup: efficiencyGroup(gpu.vendor, entry?.name ?? gpu.name, entry?.memoryType),
    architecture: entry?.architecture ?? null,
    unified,
    availableGiB,
    ramBackedGiB,
    availableNote,
    // 256 GB/s is a mid-range card (RTX 4060 Ti class); said plainly in the speed basis.
    bandwidthGBps: bw ?? 256,
    bandwidthSource:
      catalogBw != null
        ? `catalog: ${entry?.name ?? gpu.name}`
        : ram != null
          ? `system RAM shared with the CPU: ${ram.source}`
          : `${gpu.name} is not in the GPU catalog; assumed 256 GB/s`,
    tflops,
    tflopsSource: source,
    pcieGBps: pcieGBps(gpu, entry),
    sharedBandwidth: gpu.attachment === 'vgpu',
  }
}

/** The engine's view of `hw`; `req.maxGpus` and `req.backend` narrow it. */
export function machineOf(hw: HardwareProfile, data: FitData, req: Partial<FitRequest>): Machine {
  const found = hw.gpus
    .filter((g) => g.vendor !== 'other' || g.source === 'what-if')
    .map((g) => {
      const entry = resolveGpu(data.gpus, g)
      // sysfs names a GPU it has no product name for by PCI id ("AMD GPU 1002:150e", as an iGPU
      // always is): answers use the catalog's name.
      const byId = g.pciId != null && g.name.endsWith(` GPU ${g.pciId}`)
      const named = entry != null && byId ? entry.name : g.name
      return { g: named === g.name ? g : { ...g, name: named }, entry }
    })
  // llama.cpp adds integrated GPUs only when it finds no discrete one (llama_prepare_model_devices
  // in src/llama.cpp), so an iGPU next to a graphics card holds nothing.
  const discrete = found.filter((x) => x.entry?.memoryKind !== 'shared')
  const usable = discrete.length > 0 ? discrete : found
  const gpus = usable
    .slice(0, req.maxGpus ?? usable.length)
    .map((x, i) => gpuDevice(x.g, x.entry, i, hw, data, req))
  const bw = cpuBandwidth(hw, data)
  const fl = cpuTflops(hw)
  const onCpu = req.backend === 'cpu'
  return {
    gpus: onCpu ? [] : gpus,
    cpu: {
      availableGiB: hw.memory.availableGiB,
      threads: Math.max(
        1,
        hw.cpu.cores > 0 ? Math.min(hw.cpu.cores, hw.cpu.threads) : hw.cpu.threads,
      ),
      clockGHz: fl.clockGHz,
      family: cpuFamily(hw),
      hostOverheadScale: hostOverheadScale(reportedClockGHz(hw)),
      bandwidthGBps: bw.gbps,
      bandwidthSource: bw.source,
      tflops: fl.tflops,
      tflopsSource: fl.source,
    },
  }
}

export { GIB }
