/**
 * Realistic, complete HardwareProfile values for tests, one builder per kind of homelab machine.
 * Each takes overrides for its top-level sections; use `withGpu`-style spreads for finer edits.
 * Model facts (PCI ids, VRAM, SIMD) are the vendors' published specs; the RTX 3090 passthrough
 * values follow the recorded nvidia-smi output telegraf_rtx-3090-v12.xml (driver 525.147.05).
 */
import type {
  Accelerator,
  Gpu,
  HardwareProfile,
  RuntimeStatus,
  Runtimes,
  StorageMount,
} from './hardware.js'
import { HARDWARE_SCHEMA_VERSION, RUNTIME_ABSENT } from './hardware.js'

/** A fixed probe time so snapshots and reports are reproducible. */
export const TEST_PROBED_AT = '2026-11-30T09:15:00.000Z'

/** A runtime that answered with `version`. */
export function presentRuntime(
  version: string | null,
  detail: string | null = null,
): RuntimeStatus {
  return { present: true, version, detail }
}

/** Every runtime absent: a fresh OS install. */
export const NO_RUNTIMES: Runtimes = {
  nvidiaSmi: RUNTIME_ABSENT,
  rocmSmi: RUNTIME_ABSENT,
  ollama: RUNTIME_ABSENT,
  docker: RUNTIME_ABSENT,
}

/** A GeForce RTX 3090 (GA102, 24 GiB GDDR6X, PCIe 4.0 x16) owned by the OS. */
export function rtx3090(overrides: Partial<Gpu> = {}): Gpu {
  return {
    vendor: 'nvidia',
    name: 'NVIDIA GeForce RTX 3090',
    vramMiB: 24576,
    vramFreeMiB: 24135,
    driver: '550.120',
    cudaVersion: '12.4',
    rocmVersion: null,
    busId: '0000:0b:00.0',
    pciId: '10de:2204',
    pcie: { genCurrent: 4, genMax: 4, widthCurrent: 16, widthMax: 16 },
    attachment: 'bare-metal',
    vgpuProfile: null,
    vgpuFramebufferMiB: null,
    source: 'nvidia-smi',
    ...overrides,
  }
}

/** A Coral USB Accelerator; `bootloader` until a runtime first loads its firmware (id 1a6e:089a). */
export function coralUsb(state: 'bootloader' | 'ready' = 'ready'): Accelerator {
  return state === 'ready'
    ? {
        kind: 'coral-usb',
        name: 'Google Coral USB Accelerator',
        id: '18d1:9302',
        state,
        usbSpeedMbps: 5000,
        busId: null,
        driver: null,
        notes: [],
      }
    : {
        kind: 'coral-usb',
        name: 'Global Unichip Corp. (Coral USB Accelerator, bootloader)',
        id: '1a6e:089a',
        state,
        usbSpeedMbps: 5000,
        busId: null,
        driver: null,
        notes: ['firmware loads on first use; this id is normal before that'],
      }
}

/** A mounted file system. */
export function mount(
  overrides: Partial<StorageMount> & Pick<StorageMount, 'mount'>,
): StorageMount {
  return {
    fsType: 'ext4',
    device: '/dev/nvme0n1p2',
    sizeGiB: 456.9,
    freeGiB: 402.7,
    kind: 'nvme',
    model: null,
    ...overrides,
  }
}

/** An Intel N100 mini PC (4 E-cores, single-channel DDR5-4800), Debian 12 on bare metal, no GPU runtime. */
export function miniPcNoGpu(overrides: Partial<HardwareProfile> = {}): HardwareProfile {
  return {
    schemaVersion: HARDWARE_SCHEMA_VERSION,
    probedAt: TEST_PROBED_AT,
    source: 'probe',
    os: {
      platform: 'linux',
      name: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0-27-amd64',
      hostname: 'minipc',
    },
    cpu: {
      vendor: 'GenuineIntel',
      model: 'Intel(R) N100',
      arch: 'x86-64',
      cores: 4,
      threads: 4,
      sockets: 1,
      simd: ['sse4.2', 'avx', 'f16c', 'fma', 'avx2', 'avx-vnni'],
      clockMHz: 806,
      maxClockMHz: 3400,
    },
    memory: { totalGiB: 15.4, availableGiB: 13.1, type: 'DDR5', speedMTs: 4800, channels: 1 },
    // The UHD iGPU shares system memory and is no use for llama.cpp's GPU paths, so the probe lists none.
    gpus: [],
    accelerators: [],
    storage: [
      mount({
        mount: '/',
        device: '/dev/nvme0n1p2',
        sizeGiB: 456.9,
        freeGiB: 421.0,
        model: 'KINGSTON SNV2S500G',
      }),
    ],
    virtualization: {
      kind: 'none',
      role: 'bare-metal',
      vmKind: null,
      containerKind: null,
      isVmwareGuest: false,
      hypervisorFlag: false,
      openVmTools: false,
      evidence: ['systemd-detect-virt: none', 'cpuinfo has no hypervisor flag'],
    },
    runtimes: NO_RUNTIMES,
    notes: [
      {
        area: 'memory',
        message: 'memory type and speed come from DMI tables readable only as root',
        fix: 'run `sudo homelab-ai probe` once to record them',
      },
    ],
    probeDurationMs: 142,
    ...overrides,
  }
}

/**
 * A mini PC with a Ryzen AI 9 HX 370 and its Radeon 890M: 64 GiB DDR5-5600 of which the BIOS
 * carves 2 GiB out for the iGPU. sysfs names the iGPU only by PCI id, and amdgpu's default GTT
 * is half of the RAM the OS sees.
 */
export function ryzenApuMiniPc(
  gpu: Partial<Gpu> = {},
  overrides: Partial<HardwareProfile> = {},
): HardwareProfile {
  const base = miniPcNoGpu()
  return {
    ...base,
    os: { ...base.os, hostname: 'apu-minipc', kernel: '6.12.12-amd64' },
    cpu: {
      vendor: 'AuthenticAMD',
      model: 'AMD Ryzen AI 9 HX 370 w/ Radeon 890M',
      arch: 'x86-64',
      cores: 12,
      threads: 24,
      sockets: 1,
      simd: ['sse4.2', 'avx', 'f16c', 'fma', 'avx2', 'avx512f'],
      clockMHz: 2000,
      maxClockMHz: 5100,
    },
    memory: { totalGiB: 61.4, availableGiB: 57.0, type: 'DDR5', speedMTs: 5600, channels: 2 },
    gpus: [
      {
        vendor: 'amd',
        name: 'AMD GPU 1002:150e',
        vramMiB: 2048,
        vramFreeMiB: 1900,
        driver: 'amdgpu',
        cudaVersion: null,
        rocmVersion: null,
        busId: '0000:c4:00.0',
        pciId: '1002:150e',
        pcie: null,
        attachment: 'bare-metal',
        vgpuProfile: null,
        vgpuFramebufferMiB: null,
        gttMiB: 31437,
        source: 'sysfs',
        ...gpu,
      },
    ],
    notes: [],
    ...overrides,
  }
}

/** A Ryzen 9 5950X desktop with 64 GiB DDR4-3200 and an RTX 3090, Ubuntu 22.04, Ollama and Docker. */
export function rtx3090Box(overrides: Partial<HardwareProfile> = {}): HardwareProfile {
  return {
    schemaVersion: HARDWARE_SCHEMA_VERSION,
    probedAt: TEST_PROBED_AT,
    source: 'probe',
    os: {
      platform: 'linux',
      name: 'Ubuntu 22.04.5 LTS',
      kernel: '6.8.0-49-generic',
      hostname: 'gpu-box',
    },
    cpu: {
      vendor: 'AuthenticAMD',
      model: 'AMD Ryzen 9 5950X 16-Core Processor',
      arch: 'x86-64',
      cores: 16,
      threads: 32,
      sockets: 1,
      simd: ['sse4.2', 'avx', 'f16c', 'fma', 'avx2'],
      clockMHz: 3400,
      maxClockMHz: 4900,
    },
    memory: { totalGiB: 62.7, availableGiB: 55.9, type: 'DDR4', speedMTs: 3200, channels: 2 },
    gpus: [rtx3090()],
    accelerators: [],
    storage: [
      mount({
        mount: '/',
        device: '/dev/nvme0n1p2',
        sizeGiB: 915.3,
        freeGiB: 612.8,
        model: 'Samsung SSD 980 PRO 1TB',
      }),
      mount({
        mount: '/srv/models',
        device: '/dev/sda1',
        fsType: 'xfs',
        sizeGiB: 3724.3,
        freeGiB: 3102.4,
        kind: 'hdd',
        model: 'WDC WD40EFRX-68N32N0',
      }),
    ],
    virtualization: {
      kind: 'none',
      role: 'bare-metal',
      vmKind: null,
      containerKind: null,
      isVmwareGuest: false,
      hypervisorFlag: false,
      openVmTools: false,
      evidence: ['systemd-detect-virt: none', 'cpuinfo has no hypervisor flag'],
    },
    runtimes: {
      nvidiaSmi: presentRuntime('550.120'),
      rocmSmi: RUNTIME_ABSENT,
      ollama: presentRuntime('0.4.7', '3 local models'),
      docker: presentRuntime('27.3.1'),
    },
    notes: [],
    probeDurationMs: 231,
    ...overrides,
  }
}

/**
 * An Ubuntu 24.04 VM on ESXi 8 with 8 vCPUs of a Xeon E5-2697 v4 host, 32 GiB, and an RTX 3090 by
 * DirectPath I/O (driver 525.147.05 / CUDA 12.0 as recorded; the idle link trains down to Gen 1).
 */
export function esxiVmWithPassthrough(overrides: Partial<HardwareProfile> = {}): HardwareProfile {
  return {
    schemaVersion: HARDWARE_SCHEMA_VERSION,
    probedAt: TEST_PROBED_AT,
    source: 'probe',
    os: {
      platform: 'linux',
      name: 'Ubuntu 24.04.1 LTS',
      kernel: '6.8.0-49-generic',
      hostname: 'ai-lab-01',
    },
    cpu: {
      vendor: 'GenuineIntel',
      model: 'Intel(R) Xeon(R) CPU E5-2697 v4 @ 2.30GHz',
      arch: 'x86-64',
      cores: 8,
      threads: 8,
      sockets: 1,
      simd: ['sse4.2', 'avx', 'f16c', 'fma', 'avx2'],
      clockMHz: 2294,
      maxClockMHz: null,
    },
    // Guests see no DMI memory-device details of the host.
    memory: { totalGiB: 31.3, availableGiB: 29.8, type: null, speedMTs: null, channels: null },
    gpus: [
      rtx3090({
        vramFreeMiB: 24245,
        driver: '525.147.05',
        cudaVersion: '12.0',
        busId: '0000:0b:00.0',
        pcie: { genCurrent: 1, genMax: 4, widthCurrent: 16, widthMax: 16 },
        attachment: 'passthrough',
      }),
    ],
    accelerators: [],
    storage: [
      mount({
        mount: '/',
        device: '/dev/mapper/ubuntu--vg-ubuntu--lv',
        sizeGiB: 97.9,
        freeGiB: 61.4,
        kind: 'virtual',
        model: 'VMware Virtual disk',
      }),
      mount({
        mount: '/models',
        device: '//nas.lan/models',
        fsType: 'cifs',
        sizeGiB: 7450.6,
        freeGiB: 5210.2,
        kind: 'network',
        model: null,
      }),
    ],
    virtualization: {
      kind: 'vmware',
      role: 'vm',
      vmKind: 'vmware',
      containerKind: null,
      isVmwareGuest: true,
      hypervisorFlag: true,
      openVmTools: true,
      evidence: [
        'DMI sys_vendor = VMware, Inc.',
        'DMI product_name = VMware7,1',
        'cpuinfo has the hypervisor flag',
      ],
    },
    runtimes: {
      nvidiaSmi: presentRuntime('525.147.05'),
      rocmSmi: RUNTIME_ABSENT,
      ollama: RUNTIME_ABSENT,
      docker: presentRuntime('27.3.1'),
    },
    notes: [
      {
        area: 'gpu',
        message: 'PCIe link reads Gen 1 x16 at idle; it trains up to Gen 4 under load',
        fix: null,
      },
    ],
    probeDurationMs: 268,
    ...overrides,
  }
}

/** A Mac mini with M2 Pro (10 CPU cores, 16-core GPU, 32 GB unified memory) on macOS 14.5. */
export function macMiniM2Pro(overrides: Partial<HardwareProfile> = {}): HardwareProfile {
  return {
    schemaVersion: HARDWARE_SCHEMA_VERSION,
    probedAt: TEST_PROBED_AT,
    source: 'probe',
    os: { platform: 'darwin', name: 'macOS 14.5', kernel: '23.5.0', hostname: 'mac-mini' },
    cpu: {
      vendor: 'Apple',
      model: 'Apple M2 Pro',
      arch: 'arm64',
      cores: 10,
      threads: 10,
      sockets: 1,
      simd: ['neon', 'dotprod', 'i8mm'],
      clockMHz: null,
      maxClockMHz: 3500,
    },
    memory: { totalGiB: 32, availableGiB: 19.6, type: 'LPDDR5', speedMTs: 6400, channels: null },
    gpus: [
      {
        vendor: 'apple',
        name: 'Apple M2 Pro',
        vramMiB: null,
        vramFreeMiB: null,
        driver: null,
        cudaVersion: null,
        rocmVersion: null,
        busId: null,
        pciId: null,
        pcie: null,
        attachment: 'unified',
        vgpuProfile: null,
        vgpuFramebufferMiB: null,
        source: 'system_profiler',
      },
    ],
    accelerators: [],
    storage: [
      mount({
        mount: '/',
        device: '/dev/disk3s1s1',
        fsType: 'apfs',
        sizeGiB: 460.4,
        freeGiB: 288.1,
        kind: 'ssd',
        model: 'APPLE SSD AP0512Z',
      }),
    ],
    virtualization: {
      kind: 'none',
      role: 'bare-metal',
      vmKind: null,
      containerKind: null,
      isVmwareGuest: false,
      hypervisorFlag: false,
      openVmTools: null,
      evidence: ['sysctl kern.hv_vmm_present = 0'],
    },
    runtimes: {
      nvidiaSmi: RUNTIME_ABSENT,
      rocmSmi: RUNTIME_ABSENT,
      ollama: presentRuntime('0.4.7', '1 local model'),
      docker: RUNTIME_ABSENT,
    },
    notes: [],
    probeDurationMs: 187,
    ...overrides,
  }
}
