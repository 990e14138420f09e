import type { GpuCatalog } from './gpu-catalog.js'
import { gttGiB } from './fit-machine.js'
import { resolveGpu } from './gpu-name.js'
import type { HardwareProfile, StorageMount } from './hardware.js'
import { largestGpu, totalVramGiB } from './hardware.js'

export type FindingStatus = 'pass' | 'warn' | 'fail' | 'skip'

/** One line of the readiness checklist: the measured value, the rule, why it matters, the fix. */
export interface Finding {
  readonly id: string
  readonly title: string
  readonly status: FindingStatus
  /** What we measured, in words ("1x NVIDIA GeForce RTX 3090, 24.0 GiB"). */
  readonly value: string
  readonly rule: string
  readonly why: string
  readonly fix: string | null
  readonly source: string
}

export type ReadinessVerdict = 'ready' | 'usable' | 'not-ready'

export interface ReadinessReport {
  readonly verdict: ReadinessVerdict
  readonly summary: string
  readonly counts: Readonly<Record<FindingStatus, number>>
  readonly findings: readonly Finding[]
}

/** Where the seed rules come from: the hackathon guide this product grew out of (DESIGN.md). */
const GUIDE = 'homelab-ai seed rules (DESIGN.md, from the VI-admin AI hackathon guide)'
const VSPHERE_DOC =
  'https://docs.vmware.com/en/VMware-vSphere/7.0/com.vmware.vsphere.vm_admin.doc/GUID-5B3CAB26-5D06-4A99-92A0-3A04C69CE64B.html'
const MMIO_DOC =
  'https://blogs.vmware.com/apps/2018/10/how-to-enable-nvidia-v100-gpu-in-passthrough-mode-on-vsphere-for-machine-learning-and-other-hpc-workloads.html'
const CORAL_DOC = 'https://coral.ai/docs/accelerator/get-started/'

/** Cards report a little under their nominal size (an 8 GB card shows 8188 MiB), so compare with slack. */
const EIGHT_GB_MIB = 7.5 * 1024
const FOUR_GB_MIB = 3.75 * 1024
/** "Several hundred GB" of free space for a model collection. */
const ADVISED_FREE_GIB = 250
const CHATBOT_STACK_GIB = 20
const IMAGE_STACK_GIB = 10
/** macOS lets the GPU wire about three quarters of unified memory by default (Metal working set). */
const APPLE_GPU_SHARE = 0.75

const fmtGiB = (gib: number) => `${gib.toFixed(1)} GiB`

function gpuFindings(hw: HardwareProfile, catalog: GpuCatalog | null): Finding[] {
  const out: Finding[] = []
  const gpu = largestGpu(hw)
  const names = hw.gpus.map((g) => g.name).join(', ')
  if (gpu == null) {
    out.push({
      id: 'gpu-present',
      title: 'GPU present',
      status: 'warn',
      value: 'no GPU found',
      rule: 'A GPU helps a lot; NVIDIA is the best supported, AMD works.',
      why: 'Without a GPU, models run on the CPU: small models (1-8B parameters) work, at a few tokens per second; image generation takes minutes per image.',
      fix: 'Add an NVIDIA GPU (or pass one through to this VM); meanwhile use small quantized models CPU-only.',
      source: GUIDE,
    })
    return out
  }
  const vendor = gpu.vendor
  const supported =
    vendor === 'nvidia'
      ? 'NVIDIA: CUDA is supported by every AI stack (Ollama, llama.cpp, PyTorch, ComfyUI).'
      : vendor === 'amd'
        ? 'AMD: works through ROCm or Vulkan; fewer cards are officially supported than with CUDA.'
        : vendor === 'apple'
          ? 'Apple Silicon: llama.cpp and Ollama run well on Metal; CUDA-only tools (vLLM, many image tools) do not.'
          : vendor === 'intel'
            ? 'Intel: llama.cpp runs through SYCL or Vulkan; support in other stacks is limited.'
            : 'An unknown GPU vendor: most AI stacks will not use it.'
  out.push({
    id: 'gpu-present',
    title: 'GPU present and supported',
    status: vendor === 'nvidia' || vendor === 'amd' || vendor === 'apple' ? 'pass' : 'warn',
    value: names,
    rule: 'A GPU helps a lot; NVIDIA is the best supported, AMD works.',
    why: supported,
    fix:
      vendor === 'nvidia' || vendor === 'amd' || vendor === 'apple'
        ? null
        : 'For the widest choice of tools, use an NVIDIA GPU with at least 8 GB of VRAM.',
    source: GUIDE,
  })
  out.push(vramFinding(hw, catalog))
  out.push(driverFinding(hw))
  return out
}

function vramFinding(hw: HardwareProfile, catalog: GpuCatalog | null): Finding {
  const gpu = largestGpu(hw)
  const rule = 'At least 8 GB of VRAM; image generation web UIs run with 4 GB (8 GB recommended).'
  const shared =
    gpu != null &&
    gpu.vendor === 'amd' &&
    hw.gpus.length === 1 &&
    catalog != null &&
    resolveGpu(catalog, gpu)?.memoryKind === 'shared'
  if (shared) {
    // An AMD iGPU: llama.cpp's Vulkan backend holds models in the BIOS carve-out and in the GTT,
    // the RAM the driver maps for the GPU (docs/fit.md), so its small "VRAM" is not the limit.
    const carveGiB = (gpu.vramMiB ?? 0) / 1024
    const gtt = gttGiB(gpu, hw)
    const usableGiB = carveGiB + Math.min(gtt, hw.memory.availableGiB)
    const ok = usableGiB * 1024 >= EIGHT_GB_MIB
    return {
      id: 'vram',
      title: 'GPU memory',
      status: ok ? 'pass' : 'warn',
      value: `${gpu.name}: ${fmtGiB(carveGiB)} BIOS carve-out + ${fmtGiB(gtt)} of RAM mapped for the GPU (GTT${gpu.gttMiB == null ? ', kernel default' : ''})`,
      rule,
      why: "An integrated GPU shares the system RAM: llama.cpp on Vulkan uses the carve-out and the GTT, at the RAM's speed. ROCm sees only the carve-out.",
      fix: ok
        ? null
        : 'Raise the GTT with the amdgpu.gttsize or ttm.pages_limit kernel parameter, or the UMA frame buffer size in the BIOS.',
      source: 'https://github.com/ggml-org/llama.cpp/issues/19818',
    }
  }
  if (gpu?.attachment === 'unified') {
    const usableGiB = hw.memory.totalGiB * APPLE_GPU_SHARE
    return {
      id: 'vram',
      title: 'GPU memory',
      status: usableGiB * 1024 >= EIGHT_GB_MIB ? 'pass' : 'warn',
      value: `${fmtGiB(hw.memory.totalGiB)} unified memory, about ${fmtGiB(usableGiB)} usable by the GPU`,
      rule,
      why: 'Apple Silicon shares one memory pool between CPU and GPU; macOS lets the GPU use about three quarters of it by default.',
      fix: usableGiB * 1024 >= EIGHT_GB_MIB ? null : 'Stick to models of 3B parameters or less.',
      source:
        'https://developer.apple.com/documentation/metal/mtldevice/recommendedmaxworkingsetsize',
    }
  }
  const mib = gpu?.vramMiB
  if (gpu == null || mib == null) {
    return {
      id: 'vram',
      title: 'VRAM',
      status: 'warn',
      value: gpu == null ? 'no GPU' : `${gpu.name}: VRAM unknown`,
      rule,
      why: 'The whole model should fit in VRAM: what does not fit runs on the CPU, several times slower.',
      fix:
        gpu?.vendor === 'nvidia'
          ? 'Install the NVIDIA driver so that nvidia-smi can report the VRAM.'
          : 'Check the GPU driver; homelab-ai reads VRAM from nvidia-smi, amdgpu sysfs or rocm-smi.',
      source: GUIDE,
    }
  }
  const total = totalVramGiB(hw)
  const value =
    hw.gpus.length > 1
      ? `largest ${fmtGiB(mib / 1024)} (${gpu.name}); ${fmtGiB(total)} over ${hw.gpus.length} GPUs`
      : `${fmtGiB(mib / 1024)} (${gpu.name})`
  if (mib >= EIGHT_GB_MIB)
    return {
      id: 'vram',
      title: 'VRAM',
      status: 'pass',
      value,
      rule,
      why: '8 GB holds an 8B-parameter model at 4-bit quantization with a useful context, or SDXL image generation.',
      fix: null,
      source: GUIDE,
    }
  return {
    id: 'vram',
    title: 'VRAM',
    status: mib >= FOUR_GB_MIB ? 'warn' : 'fail',
    value,
    rule,
    why:
      mib >= FOUR_GB_MIB
        ? 'Enough for Stable Diffusion 1.5 and small LLMs (1-4B); 7-8B models need partial CPU offload and slow down.'
        : 'Below 4 GB even image generation web UIs do not run well; use the CPU or a bigger card.',
    fix: 'A used 12-24 GB card (RTX 3060 12GB, RTX 3090, Tesla P40) is the usual homelab upgrade.',
    source: GUIDE,
  }
}

function driverFinding(hw: HardwareProfile): Finding {
  const nvidia = hw.gpus.filter((g) => g.vendor === 'nvidia')
  const amd = hw.gpus.filter((g) => g.vendor === 'amd')
  const rule = 'The vendor driver must be installed for any AI stack to use the GPU.'
  if (nvidia.length > 0) {
    const driver = nvidia.find((g) => g.driver != null)
    return {
      id: 'gpu-driver',
      title: 'GPU driver',
      status: driver != null && hw.runtimes.nvidiaSmi.present ? 'pass' : 'fail',
      value:
        driver != null
          ? `NVIDIA ${driver.driver ?? ''}${driver.cudaVersion != null ? `, CUDA ${driver.cudaVersion}` : ''}`
          : 'NVIDIA GPU without a working driver (nvidia-smi missing or failing)',
      rule,
      why: 'CUDA applications and containers need the NVIDIA kernel driver and nvidia-smi.',
      fix:
        driver != null && hw.runtimes.nvidiaSmi.present
          ? null
          : 'On Ubuntu: `sudo ubuntu-drivers install --gpgpu`, then reboot.',
      source: 'https://ubuntu.com/server/docs/nvidia-drivers-installation',
    }
  }
  if (amd.length > 0) {
    const ok = amd.some((g) => g.vramMiB != null)
    return {
      id: 'gpu-driver',
      title: 'GPU driver',
      status: ok ? (hw.runtimes.rocmSmi.present ? 'pass' : 'warn') : 'fail',
      value: ok
        ? `amdgpu${hw.runtimes.rocmSmi.present ? `, rocm-smi ${hw.runtimes.rocmSmi.version ?? ''}` : ', ROCm not found'}`
        : 'AMD GPU without the amdgpu driver',
      rule,
      why: 'llama.cpp runs on amdgpu through Vulkan; PyTorch and most other stacks need ROCm.',
      fix: hw.runtimes.rocmSmi.present ? null : 'Install ROCm (amdgpu-install --usecase=rocm).',
      source: 'https://rocm.docs.amd.com/projects/install-on-linux/en/latest/',
    }
  }
  return {
    id: 'gpu-driver',
    title: 'GPU driver',
    status: 'skip',
    value: hw.gpus.length === 0 ? 'no GPU' : 'built into the OS',
    rule,
    why: 'Apple and Intel GPUs use the drivers that come with the OS.',
    fix: null,
    source: GUIDE,
  }
}

function ramFinding(hw: HardwareProfile): Finding {
  const vram = totalVramGiB(hw)
  const ram = hw.memory.totalGiB
  const rule = 'System RAM at least twice the VRAM.'
  if (vram === 0)
    return {
      id: 'ram-ratio',
      title: 'RAM for the GPU',
      status: 'skip',
      value: `${fmtGiB(ram)} RAM, no discrete VRAM`,
      rule,
      why: 'With no discrete GPU, RAM itself is the limit: a model needs about its file size plus 1-2 GB.',
      fix: null,
      source: GUIDE,
    }
  const ok = ram >= 2 * vram * 0.97
  return {
    id: 'ram-ratio',
    title: 'RAM at least 2x VRAM',
    status: ok ? 'pass' : ram >= vram ? 'warn' : 'fail',
    value: `${fmtGiB(ram)} RAM for ${fmtGiB(vram)} VRAM (${(ram / vram).toFixed(1)}x)`,
    rule,
    why: 'Models are read into RAM on their way to the GPU, the page cache keeps them for a fast reload, and layers that do not fit run from RAM.',
    fix: ok ? null : `Give this machine at least ${Math.ceil(2 * vram)} GiB of RAM.`,
    source: GUIDE,
  }
}

function cpuFindings(hw: HardwareProfile): Finding[] {
  const { cpu } = hw
  const apple = hw.os.platform === 'darwin' && cpu.arch === 'arm64'
  const archOk = cpu.arch === 'x86-64' || apple
  const out: Finding[] = [
    {
      id: 'cpu-cores',
      title: 'CPU cores',
      status: cpu.cores >= 4 ? 'pass' : cpu.cores >= 2 ? 'warn' : 'fail',
      value: `${cpu.cores} cores, ${cpu.threads} threads${cpu.model != null ? ` (${cpu.model})` : ''}`,
      rule: 'At least 4 CPU cores.',
      why: 'Cores feed the GPU, tokenize, decode images and run the parts of a model that stay on the CPU.',
      fix: cpu.cores >= 4 ? null : 'Give this machine (or VM) at least 4 cores.',
      source: GUIDE,
    },
    {
      id: 'cpu-arch',
      title: 'CPU architecture',
      status: archOk ? 'pass' : 'warn',
      value: apple ? 'arm64 (Apple Silicon)' : cpu.arch,
      rule: 'x86-64 with PCIe lanes for the GPUs (Apple Silicon works, said honestly).',
      why: apple
        ? 'Apple Silicon runs llama.cpp, Ollama and MLX well, but has no PCIe GPUs and no CUDA.'
        : archOk
          ? 'x86-64 is what every AI stack and GPU driver is built for first.'
          : 'On ARM Linux, CPU inference works but GPU drivers and prebuilt AI containers are scarce.',
      fix: archOk ? null : 'Use an x86-64 machine for GPU work.',
      source: GUIDE,
    },
  ]
  const hasVectors = cpu.simd.includes('avx2') || cpu.simd.includes('neon')
  out.push({
    id: 'cpu-simd',
    title: 'CPU vector instructions',
    status: hasVectors ? 'pass' : 'warn',
    value: cpu.simd.length > 0 ? cpu.simd.join(', ') : 'none detected',
    rule: 'AVX2 (x86) or NEON (ARM) for CPU inference; AVX-512, AVX-VNNI and AMX help more.',
    why: "llama.cpp's CPU kernels are written for these instructions; without them CPU inference is several times slower.",
    fix: hasVectors
      ? null
      : 'In a VM, set the EVC mode or CPU compatibility so that AVX2 is passed to the guest.',
    source: 'https://github.com/ggml-org/llama.cpp/blob/master/docs/build.md',
  })
  return out
}

/** The mount most likely to hold models: the one with the most free space (network shares last). */
export function modelStorage(hw: HardwareProfile): StorageMount | null {
  let best: StorageMount | null = null
  for (const m of hw.storage) {
    const rank = (s: StorageMount) => (s.kind === 'network' ? 0 : 1) * 1e9 + s.freeGiB
    if (best == null || rank(m) > rank(best)) best = m
  }
  return best
}

function storageFindings(hw: HardwareProfile): Finding[] {
  const m = modelStorage(hw)
  const rule = `Free space for models: several hundred GB advised; ${CHATBOT_STACK_GIB} GB for a chatbot stack, ${IMAGE_STACK_GIB} GB for image generation.`
  if (m == null)
    return [
      {
        id: 'storage-free',
        title: 'Free storage',
        status: 'warn',
        value: 'no filesystem could be read',
        rule,
        why: 'Model files are 1-150 GB each.',
        fix: 'Check the notes below for what could not be read.',
        source: GUIDE,
      },
    ]
  const free = m.freeGiB
  const status: FindingStatus =
    free >= ADVISED_FREE_GIB ? 'pass' : free >= IMAGE_STACK_GIB ? 'warn' : 'fail'
  const out: Finding[] = [
    {
      id: 'storage-free',
      title: 'Free storage for models',
      status,
      value: `${fmtGiB(free)} free of ${fmtGiB(m.sizeGiB)} on ${m.mount}`,
      rule,
      why:
        free >= ADVISED_FREE_GIB
          ? 'Room for a collection of models in several sizes and quantizations.'
          : free >= CHATBOT_STACK_GIB
            ? 'Enough for one chatbot stack and an image stack, not for a collection of models.'
            : free >= IMAGE_STACK_GIB
              ? 'Enough for an image generation stack, too little for a chatbot stack with a model.'
              : 'Too little for any AI stack.',
      fix: status === 'pass' ? null : 'Add a disk (NVMe preferred) of 500 GB or more for models.',
      source: GUIDE,
    },
  ]
  const kindText: Record<StorageMount['kind'], [FindingStatus, string]> = {
    nvme: ['pass', 'NVMe: models load at several GB/s.'],
    ssd: ['pass', 'SATA SSD: fine; NVMe loads large models about 3-5x faster.'],
    hdd: ['warn', 'A spinning disk loads a 40 GB model in several minutes.'],
    usb: ['warn', 'USB storage is slow and may disconnect under load.'],
    network: ['warn', 'Network storage loads models at the speed of the link.'],
    virtual: [
      'pass',
      'A virtual disk: its speed is that of the datastore behind it, which this VM cannot see.',
    ],
    unknown: ['skip', 'The kind of disk could not be read.'],
  }
  const [kindStatus, why] = kindText[m.kind]
  out.push({
    id: 'storage-kind',
    title: 'Model storage speed',
    status: kindStatus,
    value: `${m.kind}${m.model != null ? ` (${m.model})` : ''} behind ${m.mount}`,
    rule: 'NVMe preferred for model files.',
    why,
    fix:
      m.kind === 'virtual'
        ? 'Place this VM on an NVMe or SSD datastore.'
        : kindStatus === 'warn'
          ? 'Keep models on a local NVMe or SSD.'
          : null,
    source: GUIDE,
  })
  return out
}

function vmwareFindings(hw: HardwareProfile): Finding[] {
  if (!hw.virtualization.isVmwareGuest) return []
  const out: Finding[] = []
  const passthrough = hw.gpus.filter(
    (g) => g.attachment === 'passthrough' || g.attachment === 'vgpu',
  )
  out.push({
    id: 'vm-gpu',
    title: 'GPU in this ESXi VM',
    status: passthrough.length > 0 ? 'pass' : 'warn',
    value:
      passthrough.length > 0
        ? passthrough
            .map((g) =>
              g.attachment === 'vgpu'
                ? `${g.name} (vGPU${g.vgpuProfile != null ? ` ${g.vgpuProfile}` : ''})`
                : `${g.name} (DirectPath passthrough)`,
            )
            .join(', ')
        : 'no GPU passed through',
    rule: 'An ESXi VM gets a GPU through DirectPath I/O, Dynamic DirectPath or an NVIDIA vGPU profile.',
    why: 'The VMware SVGA adapter is only a display: AI stacks need the physical GPU in the VM.',
    fix:
      passthrough.length > 0
        ? null
        : 'Enable passthrough for the GPU on the host, then add it to this VM as a PCI device (homelab-ai lab plan builds the settings).',
    source: VSPHERE_DOC,
  })
  out.push({
    id: 'vm-memory-reservation',
    title: 'Memory reservation',
    status: passthrough.length > 0 ? 'pass' : 'skip',
    value:
      passthrough.length > 0
        ? 'the VM powered on with a GPU, so its memory is fully reserved'
        : 'no passthrough device yet',
    rule: 'A VM with a passthrough or vGPU device needs all of its memory reserved.',
    why: 'The GPU reads and writes guest memory directly (DMA), so ESXi must pin every page; it refuses to power the VM on otherwise.',
    fix:
      passthrough.length > 0
        ? null
        : 'When you add the GPU, tick "Reserve all guest memory (All locked)".',
    source: VSPHERE_DOC,
  })
  const bigBar = passthrough.filter(
    (g) => g.attachment === 'passthrough' && (g.vramMiB ?? 0) > 16 * 1024,
  )
  const sumGiB = passthrough.reduce((s, g) => s + (g.vramMiB ?? 0), 0) / 1024
  const mmioGiB = Math.max(32, 2 ** Math.ceil(Math.log2(Math.max(1, 2 * sumGiB))))
  const unknownVram = passthrough.some((g) => g.vramMiB == null)
  out.push({
    id: 'vm-64bit-mmio',
    title: '64-bit MMIO',
    status:
      bigBar.length > 0 || (passthrough.length > 0 && !unknownVram)
        ? 'pass'
        : unknownVram
          ? 'warn'
          : 'skip',
    value:
      passthrough.length === 0
        ? 'no passthrough GPU'
        : unknownVram
          ? 'a passthrough GPU whose VRAM could not be read'
          : `${fmtGiB(sumGiB)} of VRAM passed through; the GPU is working, so MMIO is large enough`,
    rule: 'GPUs with more than 16 GB need pciPassthru.use64bitMMIO = TRUE and pciPassthru.64bitMMIOSizeGB = next power of two of 2x the total VRAM (at least 32).',
    why: "The GPU's memory windows (BARs) are mapped above 4 GB in the VM's address space; too small a window stops the driver or the power-on.",
    fix: unknownVram
      ? `If the driver fails to load, set pciPassthru.use64bitMMIO = "TRUE" and pciPassthru.64bitMMIOSizeGB = "${mmioGiB}" with the VM powered off.`
      : null,
    source: MMIO_DOC,
  })
  out.push({
    id: 'vm-tools',
    title: 'open-vm-tools',
    status: hw.virtualization.openVmTools === true ? 'pass' : 'warn',
    value:
      hw.virtualization.openVmTools === true
        ? 'installed'
        : hw.virtualization.openVmTools === false
          ? 'not found'
          : 'unknown',
    rule: 'open-vm-tools in every ESXi Linux VM.',
    why: 'It gives vCenter the IP address, clean shutdown, time sync, and carries cloud-init guestinfo.',
    fix:
      hw.virtualization.openVmTools === true
        ? null
        : '`sudo apt install open-vm-tools` (Debian/Ubuntu).',
    source: 'https://github.com/vmware/open-vm-tools',
  })
  return out
}

function coralFinding(hw: HardwareProfile): Finding {
  const corals = hw.accelerators.filter((a) => a.kind === 'coral-usb' || a.kind === 'coral-pcie')
  const rule =
    'TensorFlow Lite can use a Google Coral Edge TPU (USB or PCIe/M.2), passed through to an ESXi VM.'
  if (corals.length === 0)
    return {
      id: 'coral',
      title: 'Coral Edge TPU',
      status: 'skip',
      value: 'none',
      rule,
      why: 'Optional: a Coral runs small TensorFlow Lite vision models at a few watts, without a big GPU.',
      fix: null,
      source: CORAL_DOC,
    }
  const slow = corals.filter((c) => c.usbSpeedMbps != null && c.usbSpeedMbps < 5000)
  const noDriver = corals.filter((c) => c.state === 'no-driver')
  const status: FindingStatus = noDriver.length > 0 || slow.length > 0 ? 'warn' : 'pass'
  const value = corals
    .map(
      (c) =>
        `${c.name} (${c.id}, ${c.state}${c.usbSpeedMbps != null ? `, USB ${c.usbSpeedMbps} Mbit/s` : ''})`,
    )
    .join('; ')
  return {
    id: 'coral',
    title: 'Coral Edge TPU',
    status,
    value,
    rule,
    why: corals.some((c) => c.state === 'bootloader')
      ? 'A Coral USB shows as 1a6e:089a until the Edge TPU runtime loads its firmware, then as 18d1:9302: both are normal; pass both ids through to a VM.'
      : 'The Edge TPU runs TensorFlow Lite models compiled for it.',
    fix:
      slow.length > 0
        ? 'Plug the Coral into a USB 3 port (and give the VM a USB 3 controller): on USB 2 it is several times slower.'
        : noDriver.length > 0
          ? 'Install the gasket-dkms and libedgetpu1-std packages for the PCIe Coral.'
          : null,
    source: CORAL_DOC,
  }
}

/** The readiness checklist for a machine: every rule from DESIGN.md, each with its reason and fix. */
export function assessReadiness(
  hw: HardwareProfile,
  catalog: GpuCatalog | null = null,
): ReadinessReport {
  const findings: Finding[] = [
    ...gpuFindings(hw, catalog),
    ramFinding(hw),
    ...cpuFindings(hw),
    ...storageFindings(hw),
    ...vmwareFindings(hw),
    coralFinding(hw),
  ]
  const counts = { pass: 0, warn: 0, fail: 0, skip: 0 }
  for (const f of findings) counts[f.status]++
  const gpuOk = findings.some((f) => f.id === 'vram' && f.status === 'pass')
  const verdict: ReadinessVerdict =
    counts.fail > 0 ? 'not-ready' : gpuOk && counts.warn === 0 ? 'ready' : 'usable'
  const summary =
    verdict === 'ready'
      ? 'Ready for AI: this lab runs LLMs and image generation on its GPU.'
      : verdict === 'usable'
        ? gpuOk
          ? 'Usable for AI, with the warnings below.'
          : 'Usable for learning: small models run, on the CPU or a small GPU. See the warnings below.'
        : 'Not ready yet: fix the failed checks below first.'
  return { verdict, summary, counts, findings }
}
