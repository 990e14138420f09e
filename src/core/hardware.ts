/**
 * The machine as plain data: what the probe read, a saved profile, or what-if hardware.
 * Every field that the probe could not read is `null` (never a guessed 0), and a note says why.
 */

/** Bumped when a field changes meaning or is removed; adding fields keeps the version. */
export const HARDWARE_SCHEMA_VERSION = 1

export type CpuArch = 'x86-64' | 'arm64' | 'arm' | 'other'

/** SIMD features that change llama.cpp's CPU speed; names as the README documents them. */
export type SimdFeature =
  | 'sse4.2'
  | 'avx'
  | 'f16c'
  | 'fma'
  | 'avx2'
  | 'avx-vnni'
  | 'avx512f'
  | 'avx512bw'
  | 'avx512-vnni'
  | 'avx512-bf16'
  | 'amx'
  | 'neon'
  | 'dotprod'
  | 'i8mm'
  | 'sve'
  | 'sve2'

/** Every SimdFeature, in the order reports list them (x86 oldest to newest, then Arm). */
export const SIMD_FEATURES: readonly SimdFeature[] = [
  'sse4.2',
  'avx',
  'f16c',
  'fma',
  'avx2',
  'avx-vnni',
  'avx512f',
  'avx512bw',
  'avx512-vnni',
  'avx512-bf16',
  'amx',
  'neon',
  'dotprod',
  'i8mm',
  'sve',
  'sve2',
]

export interface CpuInfo {
  readonly vendor: string | null
  readonly model: string | null
  readonly arch: CpuArch
  /** Physical cores over all sockets. */
  readonly cores: number
  /** Logical processors (hardware threads). */
  readonly threads: number
  readonly sockets: number | null
  readonly simd: readonly SimdFeature[]
  /** Current or nominal clock; null when the OS does not say. */
  readonly clockMHz: number | null
  readonly maxClockMHz: number | null
}

export interface MemoryInfo {
  readonly totalGiB: number
  readonly availableGiB: number
  /** DDR4, DDR5, LPDDR5, ... : readable without root only on some machines. */
  readonly type: string | null
  readonly speedMTs: number | null
  readonly channels: number | null
}

export type GpuVendor = 'nvidia' | 'amd' | 'intel' | 'apple' | 'other'

/**
 * How the GPU reaches this OS:
 * - `bare-metal`: the OS owns the physical card;
 * - `passthrough`: a whole card handed to this VM (VMware DirectPath I/O, KVM VFIO, cloud GPU VMs);
 * - `vgpu`: a slice of a card through a vGPU profile (NVIDIA GRID / AI Enterprise);
 * - `unified`: integrated GPU sharing system memory (Apple Silicon);
 * - `unknown`: we could not tell.
 */
export type GpuAttachment = 'bare-metal' | 'passthrough' | 'vgpu' | 'unified' | 'unknown'

export interface PcieLink {
  readonly genCurrent: number | null
  readonly genMax: number | null
  readonly widthCurrent: number | null
  readonly widthMax: number | null
}

export interface Gpu {
  readonly vendor: GpuVendor
  readonly name: string
  readonly vramMiB: number | null
  readonly vramFreeMiB: number | null
  readonly driver: string | null
  readonly cudaVersion: string | null
  readonly rocmVersion: string | null
  /** PCI bus address, `0000:01:00.0` form (domain included), lower case. */
  readonly busId: string | null
  /** PCI `vendor:device` in lower-case hex, e.g. `10de:2204`. */
  readonly pciId: string | null
  readonly pcie: PcieLink | null
  readonly attachment: GpuAttachment
  /** The vGPU profile name (`GRID P40-12Q`) and its framebuffer, when attachment is `vgpu`. */
  readonly vgpuProfile: string | null
  readonly vgpuFramebufferMiB: number | null
  /**
   * System RAM the amdgpu driver lets this GPU map (GTT, sysfs `mem_info_gtt_total`), MiB; null or
   * absent when unknown. On a shared-memory iGPU llama.cpp's Vulkan backend can hold the model
   * there as well as in the BIOS carve-out (`vramMiB`).
   */
  readonly gttMiB?: number | null
  /** Where these facts came from, e.g. `nvidia-smi`, `sysfs`, `rocm-smi`, `system_profiler`, `what-if`. */
  readonly source: string
}

export type AcceleratorKind = 'coral-usb' | 'coral-pcie' | 'npu' | 'other'

export interface Accelerator {
  readonly kind: AcceleratorKind
  readonly name: string
  /** `vendor:device` (PCI) or `idVendor:idProduct` (USB), lower-case hex. */
  readonly id: string
  /**
   * `bootloader`: a Coral USB before its firmware is loaded (1a6e:089a, normal until first use);
   * `ready`: firmware loaded or a PCIe device with its driver bound; `no-driver`: PCIe device without driver.
   */
  readonly state: 'bootloader' | 'ready' | 'no-driver' | 'unknown'
  /** USB link speed in Mbit/s (480 = USB 2, 5000 = USB 3); null for PCIe. */
  readonly usbSpeedMbps: number | null
  readonly busId: string | null
  readonly driver: string | null
  readonly notes: readonly string[]
}

export type StorageKind = 'nvme' | 'ssd' | 'hdd' | 'virtual' | 'usb' | 'network' | 'unknown'

export interface StorageMount {
  readonly mount: string
  readonly fsType: string
  /** `/dev/nvme0n1p2`, `//nas/share`, ... */
  readonly device: string
  readonly sizeGiB: number
  readonly freeGiB: number
  readonly kind: StorageKind
  readonly model: string | null
}

export type VirtualizationRole = 'bare-metal' | 'vm' | 'container' | 'unknown'

export interface Virtualization {
  /**
   * `none` on bare metal; otherwise systemd-detect-virt's ids where one applies
   * (`vmware`, `kvm`, `qemu`, `microsoft`, `xen`, `oracle`, `parallels`, `amazon`, `google`, `apple`,
   * `docker`, `podman`, `lxc`, `wsl`, ...), or `vm-other` / `unknown`.
   */
  readonly kind: string
  readonly role: VirtualizationRole
  /** The hypervisor under a container, when both are known (a Docker container in a KVM VM). */
  readonly vmKind: string | null
  readonly containerKind: string | null
  readonly isVmwareGuest: boolean
  /** Whether the CPU `hypervisor` flag is set; VMs with `hypervisor.cpuid.v0 = FALSE` hide it. */
  readonly hypervisorFlag: boolean | null
  readonly openVmTools: boolean | null
  /** What the verdict rests on, for the report ("DMI sys_vendor = VMware, Inc."). */
  readonly evidence: readonly string[]
}

export interface OsInfo {
  readonly platform: 'linux' | 'darwin' | 'win32' | 'other'
  /** `Debian GNU/Linux 12 (bookworm)`, `macOS 14.5`, `Windows 11 Pro`. */
  readonly name: string | null
  readonly kernel: string | null
  readonly hostname: string | null
}

export interface RuntimeStatus {
  readonly present: boolean
  readonly version: string | null
  readonly detail: string | null
}

export interface Runtimes {
  readonly nvidiaSmi: RuntimeStatus
  readonly rocmSmi: RuntimeStatus
  /** Ollama answering on localhost:11434; `detail` lists how many local models it has. */
  readonly ollama: RuntimeStatus
  readonly docker: RuntimeStatus
}

/** Something the probe could not read, and how the user can fix it. */
export interface ProbeNote {
  readonly area:
    | 'cpu'
    | 'memory'
    | 'gpu'
    | 'accelerator'
    | 'storage'
    | 'virtualization'
    | 'os'
    | 'runtime'
    | 'profile'
  readonly message: string
  readonly fix: string | null
}

export type ProfileSource = 'probe' | 'profile' | 'what-if'

export interface HardwareProfile {
  readonly schemaVersion: typeof HARDWARE_SCHEMA_VERSION
  /** ISO-8601 time of the probe (given by the adapter; the core never reads a clock). */
  readonly probedAt: string
  readonly source: ProfileSource
  readonly os: OsInfo
  readonly cpu: CpuInfo
  readonly memory: MemoryInfo
  readonly gpus: readonly Gpu[]
  readonly accelerators: readonly Accelerator[]
  readonly storage: readonly StorageMount[]
  readonly virtualization: Virtualization
  readonly runtimes: Runtimes
  readonly notes: readonly ProbeNote[]
  /** How long the probe took, for `bench:probe` and the report footer. */
  readonly probeDurationMs: number | null
}

/** Total VRAM of all discrete GPUs in GiB (unified memory is not counted here). */
export function totalVramGiB(hw: Pick<HardwareProfile, 'gpus'>): number {
  let mib = 0
  for (const gpu of hw.gpus) if (gpu.attachment !== 'unified') mib += gpu.vramMiB ?? 0
  return mib / 1024
}

/** The GPU with the most VRAM, or null when there is none. */
export function largestGpu(hw: Pick<HardwareProfile, 'gpus'>): Gpu | null {
  let best: Gpu | null = null
  for (const gpu of hw.gpus)
    if (best == null || (gpu.vramMiB ?? 0) > (best.vramMiB ?? 0)) best = gpu
  return best
}

/** A status nobody has checked yet: the starting point for every runtime. */
export const RUNTIME_ABSENT: RuntimeStatus = { present: false, version: null, detail: null }
