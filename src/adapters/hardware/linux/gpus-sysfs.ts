import type { Gpu, GpuVendor, ProbeNote } from '../../../core/hardware.js'
import type { PciDevice } from './pci-devices.js'
import { readPcieLink } from './pci-devices.js'
import { parseNvidiaModel, parseNvidiaVersion } from './parse-nvidia-proc.js'
import { readText, readValue } from './read-tree.js'

const VENDORS: Readonly<Record<string, GpuVendor>> = {
  '10de': 'nvidia',
  '1002': 'amd',
  '8086': 'intel',
}

const VENDOR_LABEL: Readonly<Record<GpuVendor, string>> = {
  nvidia: 'NVIDIA',
  amd: 'AMD',
  intel: 'Intel',
  apple: 'Apple',
  other: 'PCI',
}

// Display adapters that can never run a model: hypervisor-emulated screens and server BMC
// chips. Listing them as GPUs would make a VMware VM look like it has a graphics card.
const DISPLAY_ONLY: ReadonlyArray<{ readonly id: RegExp; readonly what: string }> = [
  { id: /^15ad:/, what: 'VMware SVGA' },
  { id: /^1af4:/, what: 'virtio-gpu' },
  { id: /^1b36:/, what: 'QEMU QXL' },
  { id: /^1234:1111$/, what: 'Bochs/QEMU standard VGA' },
  { id: /^1013:00b8$/, what: 'QEMU Cirrus VGA' },
  { id: /^1414:/, what: 'Hyper-V video' },
  { id: /^80ee:beef$/, what: 'VirtualBox VGA' },
  { id: /^1a03:/, what: 'ASPEED BMC VGA' },
  { id: /^102b:/, what: 'Matrox BMC VGA' },
]

/** Whether a PCI display device is an emulated or BMC screen rather than a compute GPU. */
export function isDisplayOnly(pciId: string): boolean {
  return DISPLAY_ONLY.some((d) => d.id.test(pciId))
}

/** PCI display controllers (class 03xxxx) that can run a model. */
export function gpuCandidates(pci: readonly PciDevice[]): PciDevice[] {
  return pci.filter(
    (d) => d.classCode.startsWith('03') && !isDisplayOnly(`${d.vendorId}:${d.deviceId}`),
  )
}

const BYTES_PER_MIB = 1024 * 1024

/** An amdgpu `mem_info_vram_*` value (bytes) as MiB; null when missing or not a whole number. */
export function bytesToMiB(text: string | undefined): number | null {
  return text != null && /^\d+$/.test(text) ? Number(text) / BYTES_PER_MIB : null
}

async function readAmdVram(
  root: string,
  dev: PciDevice,
  notes: ProbeNote[],
): Promise<{ totalMiB: number | null; freeMiB: number | null; gttMiB: number | null }> {
  const dir = `sys/bus/pci/devices/${dev.busId}`
  const [total, used, gtt] = await Promise.all([
    readValue(root, `${dir}/mem_info_vram_total`),
    readValue(root, `${dir}/mem_info_vram_used`),
    readValue(root, `${dir}/mem_info_gtt_total`),
  ])
  const totalMiB = bytesToMiB(total)
  const usedMiB = bytesToMiB(used)
  if (total != null && totalMiB == null)
    notes.push({
      area: 'gpu',
      message: `mem_info_vram_total of ${dev.busId} is not a byte count ("${total}"): VRAM unknown`,
      fix: 'Install rocm-smi (ROCm) so the probe can ask the driver instead',
    })
  else if (total == null && dev.driver === 'amdgpu')
    notes.push({
      area: 'gpu',
      message: `amdgpu does not show mem_info_vram_total for ${dev.busId}: VRAM unknown`,
      fix: 'Install rocm-smi (ROCm) so the probe can ask the driver instead',
    })
  if (used != null && usedMiB == null)
    notes.push({
      area: 'gpu',
      message: `mem_info_vram_used of ${dev.busId} is not a byte count ("${used}"): free VRAM unknown`,
      fix: null,
    })
  const freeMiB = totalMiB != null && usedMiB != null ? Math.max(0, totalMiB - usedMiB) : null
  // The GTT limit only matters for an integrated GPU (the fit engine decides which GPUs are);
  // an unreadable value just leaves it unknown, with no note: the carve-out still counts.
  return { totalMiB, freeMiB, gttMiB: bytesToMiB(gtt) }
}

/** GPUs found on the PCI bus, with what sysfs and /proc/driver/nvidia tell without tools. */
export async function readSysfsGpus(
  root: string,
  pci: readonly PciDevice[],
  opts: { readonly inVm: boolean },
): Promise<{ gpus: Gpu[]; notes: ProbeNote[] }> {
  const candidates = gpuCandidates(pci)
  const nvidiaVersionText = candidates.some((d) => d.vendorId === '10de')
    ? await readText(root, 'proc/driver/nvidia/version')
    : undefined
  const nvidiaVersion = nvidiaVersionText != null ? parseNvidiaVersion(nvidiaVersionText) : null
  // Each GPU collects its own notes so their order follows the bus, not which read ends first.
  const results = await Promise.all(
    candidates.map(async (dev): Promise<{ gpu: Gpu; notes: ProbeNote[] }> => {
      const notes: ProbeNote[] = []
      const vendor = VENDORS[dev.vendorId] ?? 'other'
      const pciId = `${dev.vendorId}:${dev.deviceId}`
      const [link, productName, nvidiaInfo, amdVram] = await Promise.all([
        readPcieLink(root, dev.busId),
        readValue(root, `sys/bus/pci/devices/${dev.busId}/product_name`),
        vendor === 'nvidia'
          ? readText(root, `proc/driver/nvidia/gpus/${dev.busId}/information`)
          : undefined,
        vendor === 'amd' ? readAmdVram(root, dev, notes) : undefined,
      ])
      const nvidiaModel = nvidiaInfo != null ? parseNvidiaModel(nvidiaInfo) : null
      const name =
        nvidiaModel ??
        (productName != null && productName !== '' ? productName : null) ??
        `${VENDOR_LABEL[vendor]} GPU ${pciId}`
      if (dev.driver == null)
        notes.push({
          area: 'gpu',
          message: `${name} (${dev.busId}) has no kernel driver bound, so nothing can use it`,
          fix:
            vendor === 'nvidia'
              ? 'Install the NVIDIA driver (e.g. `sudo apt install nvidia-driver`) and reboot'
              : vendor === 'amd'
                ? 'Load the amdgpu driver (`sudo modprobe amdgpu`) or install ROCm'
                : null,
        })
      else if (dev.driver === 'vfio-pci' || dev.driver === 'pci-stub')
        notes.push({
          area: 'gpu',
          message: `${name} (${dev.busId}) is held by ${dev.driver} for passthrough to a VM, not usable here`,
          fix: null,
        })
      if (vendor === 'nvidia' && dev.driver === 'nvidia' && nvidiaInfo == null)
        notes.push({
          area: 'gpu',
          message: `/proc/driver/nvidia/gpus/${dev.busId}/information is not readable: model name unknown`,
          fix: 'Run nvidia-smi to get the name, VRAM and CUDA version',
        })
      const gpu: Gpu = {
        vendor,
        name,
        vramMiB: amdVram?.totalMiB ?? null,
        vramFreeMiB: amdVram?.freeMiB ?? null,
        // The NVIDIA driver's version when its module is loaded, else the kernel driver's name.
        driver:
          vendor === 'nvidia' && dev.driver === 'nvidia' ? (nvidiaVersion ?? 'nvidia') : dev.driver,
        cudaVersion: null,
        rocmVersion: null,
        busId: dev.busId,
        pciId,
        pcie: link,
        attachment: opts.inVm ? 'passthrough' : 'bare-metal',
        vgpuProfile: null,
        vgpuFramebufferMiB: null,
        ...(amdVram?.gttMiB != null ? { gttMiB: amdVram.gttMiB } : {}),
        source: 'sysfs',
      }
      return { gpu, notes }
    }),
  )
  return { gpus: results.map((r) => r.gpu), notes: results.flatMap((r) => r.notes) }
}
