import type { LabCheck } from './curriculum.js'
import { totalVramGiB, type Gpu, type HardwareProfile, type StorageMount } from './hardware.js'

/** Shown in place of a lab check when no probe has been saved yet. */
export const NO_PROFILE_SENTENCE = 'Run `homelab-ai probe` to see your own lab here.'

/** Cards report a little under their nominal size (an 8 GB card shows 8188 MiB), so compare with slack. */
const EIGHT_GB_GIB = 7.5
/** Rule of thumb from DESIGN.md's seed rules: system RAM at least twice the VRAM. */
const RAM_PER_VRAM = 2
const MIN_CORES = 4
/** Stack sizes from the seed rules: a chatbot stack needs about 20 GB, an image stack about 10 GB. */
const CHATBOT_STACK_GIB = 20
const IMAGE_STACK_GIB = 10
/** "Several hundred GB" for a model collection. */
const ADVISED_FREE_GIB = 250
/**
 * A 4-bit quantized model (llama.cpp's Q4_K_M) averages about 4.8 bits per weight, and the KV
 * cache and runtime buffers add about 20%: 4.8 / 8 * 1.2 = 0.72 GB = 0.67 GiB per billion
 * parameters. A teaching estimate, not a promise; the fit command computes the real numbers.
 */
const GIB_PER_BILLION_PARAMS_Q4 = 0.67

const gib = (value: number) => `${value >= 10 ? Math.round(value) : value.toFixed(1)} GiB`

/** A concrete sentence about the reader's own lab for one check, from their latest probe. */
export function labCheckSentence(check: LabCheck, hw: HardwareProfile | null): string {
  if (hw == null) return NO_PROFILE_SENTENCE
  switch (check) {
    case 'gpu':
      return gpuSentence(hw)
    case 'vram':
      return vramSentence(hw)
    case 'ram-ratio':
      return ramRatioSentence(hw)
    case 'cores':
      return coresSentence(hw)
    case 'storage':
      return storageSentence(hw)
    case 'coral':
      return coralSentence(hw)
    case 'virtualization':
      return virtualizationSentence(hw)
  }
}

function describeGpus(gpus: readonly Gpu[]): string {
  const counts = new Map<string, number>()
  for (const g of gpus) {
    const vram = g.vramMiB == null ? 'VRAM unknown' : `${gib(g.vramMiB / 1024)} VRAM`
    const how = g.attachment === 'passthrough' || g.attachment === 'vgpu' ? `, ${g.attachment}` : ''
    const key = `${g.name} (${vram}${how})`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([name, n]) => `${n}x ${name}`).join(' and ')
}

function gpuSentence(hw: HardwareProfile): string {
  if (hw.gpus.length === 0)
    return 'Your lab: no GPU that the probe could see, so models run on the CPU: small models work, several times slower than on a GPU.'
  const vendors = new Set(hw.gpus.map((g) => g.vendor))
  const support = vendors.has('nvidia')
    ? 'NVIDIA is the best supported: every common AI stack runs on CUDA.'
    : vendors.has('amd')
      ? 'AMD works through ROCm or Vulkan, with fewer supported cards and tools than NVIDIA.'
      : vendors.has('apple')
        ? 'Apple Silicon runs llama.cpp and Ollama on Metal, but CUDA-only tools do not run.'
        : 'Few AI tools support this GPU well; expect to fall back to the CPU for some of them.'
  return `Your lab: ${describeGpus(hw.gpus)}. ${support}`
}

function vramSentence(hw: HardwareProfile): string {
  const unified = hw.gpus.find((g) => g.attachment === 'unified')
  const vram = totalVramGiB(hw)
  if (vram === 0 && unified != null)
    return `Your lab: ${unified.name} shares ${gib(hw.memory.totalGiB)} of unified memory between CPU and GPU, so a model's size is limited by RAM rather than by a separate VRAM pool.`
  if (hw.gpus.length === 0)
    return `Your lab: no GPU, so there is no VRAM; models load into the ${gib(hw.memory.totalGiB)} of system RAM instead.`
  if (vram === 0)
    return `Your lab: ${describeGpus(hw.gpus)}, but the probe could not read how much VRAM it has.`
  const paramsB = Math.floor(vram / GIB_PER_BILLION_PARAMS_Q4)
  const verdict =
    vram >= EIGHT_GB_GIB
      ? 'at or above the 8 GB that most chat and image stacks recommend'
      : 'below the 8 GB most stacks recommend; image web UIs still run from 4 GB'
  const vgpu = hw.gpus.find((g) => g.attachment === 'vgpu' && g.vgpuProfile != null)
  const slice = vgpu == null ? '' : ` (a vGPU slice, profile ${vgpu.vgpuProfile})`
  return `Your lab: ${gib(vram)} of VRAM${slice}: ${verdict}. As a rule of thumb, a 4-bit model of up to about ${paramsB}B parameters fits, with room for its KV cache.`
}

function ramRatioSentence(hw: HardwareProfile): string {
  const ram = hw.memory.totalGiB
  const vram = totalVramGiB(hw)
  if (vram === 0)
    return `Your lab: ${gib(ram)} of RAM and no separate VRAM, so RAM itself is the limit: a model needs about its file size plus 1-2 GiB.`
  const ratio = ram / vram
  const need = Math.ceil(RAM_PER_VRAM * vram)
  // Allow 3% slack: "64 GB" of RAM reads as a little under 64 GiB once the firmware takes its share.
  const verdict =
    ram >= RAM_PER_VRAM * vram * 0.97
      ? 'meets the rule of thumb of at least twice the VRAM'
      : `below the rule of thumb of twice the VRAM; ${need} GiB would meet it`
  return `Your lab: ${gib(ram)} of RAM for ${gib(vram)} of VRAM (${ratio.toFixed(1)}x): ${verdict}.`
}

function coresSentence(hw: HardwareProfile): string {
  const { cpu } = hw
  const name = cpu.model == null ? '' : ` (${cpu.model})`
  const seen = hw.virtualization.role === 'vm' ? ', as many as this VM was given' : ''
  const enough =
    cpu.cores >= MIN_CORES
      ? `at least the ${MIN_CORES} cores a local AI stack wants`
      : `fewer than the ${MIN_CORES} cores a local AI stack wants`
  const simd = cpu.simd.includes('avx512f')
    ? ' AVX-512 is present, which speeds up CPU inference.'
    : cpu.simd.includes('avx2')
      ? ' AVX2 is present, the baseline for fast CPU inference in llama.cpp.'
      : cpu.arch === 'x86-64'
        ? ' No AVX2: CPU inference will be slow.'
        : ''
  return `Your lab: ${cpu.cores} cores and ${cpu.threads} threads${name}${seen}: ${enough}.${simd}`
}

/** How each kind of disk serves a model collection; the seed rules prefer NVMe. */
const STORAGE_KIND: Record<StorageMount['kind'], string> = {
  nvme: 'NVMe, the preferred kind',
  ssd: 'SSD, fine for models',
  hdd: 'a hard disk, so models load slowly',
  virtual: 'a virtual disk, as fast as the datastore behind it',
  usb: 'USB storage, slow and easily disconnected',
  network: 'network storage, as fast as the link to it',
  unknown: 'disk type unknown',
}

/** The mount with the most free space: where a model collection would go. */
function roomiest(storage: readonly StorageMount[]): StorageMount | null {
  let best: StorageMount | null = null
  for (const m of storage) if (best == null || m.freeGiB > best.freeGiB) best = m
  return best
}

function storageSentence(hw: HardwareProfile): string {
  const mount = roomiest(hw.storage)
  if (mount == null) return 'Your lab: the probe could not read any disk, so free space is unknown.'
  const kind = STORAGE_KIND[mount.kind]
  const room =
    mount.freeGiB >= ADVISED_FREE_GIB
      ? `room for a chatbot stack (~${CHATBOT_STACK_GIB} GB), an image stack (~${IMAGE_STACK_GIB} GB) and a collection of models`
      : mount.freeGiB >= CHATBOT_STACK_GIB + IMAGE_STACK_GIB
        ? `enough for a chatbot stack (~${CHATBOT_STACK_GIB} GB) and an image stack (~${IMAGE_STACK_GIB} GB), but short of the several hundred GB a model collection wants`
        : `less than the ~${CHATBOT_STACK_GIB} GB a chatbot stack needs`
  return `Your lab: ${gib(mount.freeGiB)} free on ${mount.mount} (${kind}): ${room}.`
}

function coralSentence(hw: HardwareProfile): string {
  const coral = hw.accelerators.find((a) => a.kind === 'coral-usb' || a.kind === 'coral-pcie')
  if (coral == null)
    return 'Your lab: no Coral TPU found; TensorFlow Lite models run on the CPU. A Coral USB stick can be passed through to an ESXi VM.'
  const state =
    coral.state === 'bootloader'
      ? 'it shows its bootloader ID, which is normal until the first model loads its firmware'
      : coral.state === 'no-driver'
        ? 'but no driver is bound to it yet (the PCIe version needs the gasket/apex driver)'
        : coral.state === 'ready'
          ? 'ready to use'
          : 'its state is unknown'
  const link =
    coral.usbSpeedMbps != null && coral.usbSpeedMbps < 5000
      ? '; it is on a USB 2 link, so plug it into a USB 3 port for full speed'
      : ''
  return `Your lab: ${coral.name} found, ${state}${link}.`
}

function virtualizationSentence(hw: HardwareProfile): string {
  const v = hw.virtualization
  if (v.isVmwareGuest) {
    const gpu = hw.gpus.find((g) => g.attachment === 'passthrough' || g.attachment === 'vgpu')
    const gpuNote =
      gpu != null
        ? `it sees ${gpu.name} through ${gpu.attachment === 'vgpu' ? 'vGPU' : 'DirectPath I/O passthrough'}`
        : 'a GPU reaches it only through DirectPath I/O passthrough or vGPU, which also needs a full memory reservation'
    return `Your lab: this machine is a VMware VM; ${gpuNote}.`
  }
  switch (v.role) {
    case 'bare-metal':
      return 'Your lab: this machine runs on bare metal, so the OS owns the GPU and all memory directly.'
    case 'vm':
      return `Your lab: this machine is a VM on ${v.kind}, not on ESXi; passthrough works there too, but the vSphere steps in these lessons do not apply as written.`
    case 'container':
      return `Your lab: this runs in a ${v.containerKind ?? v.kind} container, which sees the host's hardware only as far as the container is allowed to.`
    case 'unknown':
      return 'Your lab: the probe could not tell whether this is a VM or bare metal.'
  }
}
