/**
 * Device choices for a lab VM: which GPU (DirectPath, Dynamic DirectPath or a vGPU profile the
 * host offers) and, for the coral stack, which USB devices. Each choice leaves its reason and
 * any warning in the collector.
 */
import type { GpuCatalog } from './gpu-catalog.js'
import { resolveVgpuProfile } from './gpu-name.js'
import type { GpuMode, LabPciDevice, LabReason, LabUsbDevice } from './lab-plan-types.js'
import type { CandidateGpu, TargetView } from './lab-target.js'
import type { StackEntry } from './stack-catalog.js'

/** vSphere 7 VM administration: DirectPath I/O, its limits and the full memory reservation. */
export const VSPHERE_PASSTHROUGH_DOC =
  'https://docs.vmware.com/en/VMware-vSphere/7.0/com.vmware.vsphere.vm_admin.doc/GUID-5B3CAB26-5D06-4A99-92A0-3A04C69CE64B.html'
const DYNAMIC_DIRECTPATH =
  'https://docs.vmware.com/en/VMware-vSphere/7.0/com.vmware.vsphere.vm_admin.doc/GUID-2B4F1B4F-A6D1-4D7D-9AB3-D6C4B8BDBEF1.html'
const CORAL_ESXI =
  'https://williamlam.com/2023/05/google-coral-usb-edge-tpu-accelerator-on-esxi.html'
const NVIDIA_VENDOR = '10de'
const CORAL_IDS = [
  { vendorId: '1a6e', productId: '089a', name: 'Coral USB Accelerator (before firmware load)' },
  { vendorId: '18d1', productId: '9302', name: 'Coral USB Accelerator (runtime loaded)' },
] as const

/** The NVIDIA GPU a VM should get: free, passthrough-capable when known, most VRAM first. */
export function pickGpu(view: TargetView): CandidateGpu | null {
  const nvidia = view.gpus.filter(
    (g) => (g.vendorId ?? NVIDIA_VENDOR) === NVIDIA_VENDOR && g.assignedToVm == null,
  )
  const usable = nvidia.filter((g) => g.passthroughCapable !== false)
  const pool = usable.length > 0 ? usable : nvidia
  return [...pool].sort((a, b) => (b.vramGiB ?? 0) - (a.vramGiB ?? 0))[0] ?? null
}

/** Reasons and warnings gathered while planning. */
export interface Collector {
  readonly reasons: LabReason[]
  readonly warnings: string[]
  reason(setting: string, value: string | number | boolean, why: string, source: string): void
}

/** An empty collector. */
export function collector(): Collector {
  const reasons: LabReason[] = []
  return {
    reasons,
    warnings: [],
    reason: (setting, value, why, source) =>
      reasons.push({ setting, value: String(value), why, source }),
  }
}

/** The GPU mode a stack can use, with a warning when the asked one does not apply. */
export function effectiveMode(stack: StackEntry, asked: GpuMode, c: Collector): GpuMode {
  if (stack.accelerator !== 'nvidia-gpu') {
    if (asked !== 'none')
      c.warnings.push(`${stack.id} does not use a GPU, so --gpu-mode ${asked} is ignored.`)
    return 'none'
  }
  if (asked === 'none') {
    const cpu = stack.id === 'comfyui' || stack.id === 'sd-webui' ? null : `${stack.id}-cpu`
    c.warnings.push(
      `${stack.id} needs an NVIDIA GPU and --gpu-mode is none` +
        (cpu != null ? `; plan ${cpu} for a CPU-only VM.` : '.'),
    )
  }
  return asked
}

/** The GPU devices chosen and the VRAM they give the VM. */
export interface GpuChoice {
  readonly devices: LabPciDevice[]
  readonly vramGiB: number
  readonly gpuName: string | null
  readonly vgpu: string | null
}

/** A vGPU device: the asked profile, or the smallest offered one that holds `needGiB`. */
export function vgpuDevice(
  vgpuProfile: string | undefined,
  view: TargetView,
  gpus: GpuCatalog,
  needGiB: number,
  c: Collector,
): GpuChoice {
  let profile = vgpuProfile?.trim() ?? ''
  const offered = view.vgpuProfiles
  if (profile === '' && offered != null) {
    // The smallest profile that holds the model leaves the rest of the card to other VMs.
    const sized = offered
      .map((p) => ({ p, r: resolveVgpuProfile(gpus, p) }))
      .filter((x) => x.r != null && x.r.framebufferGiB >= needGiB)
      .sort((a, b) => (a.r?.framebufferGiB ?? 0) - (b.r?.framebufferGiB ?? 0))
    profile = sized[0]?.p ?? ''
  }
  if (profile === '') {
    c.warnings.push(
      offered == null
        ? 'vGPU needs --vgpu-profile (list them with `govc gpu.host.profile.ls` or in the vSphere Client).'
        : `The host offers no vGPU profile with ${needGiB.toFixed(1)} GiB or more: ${offered.join(', ') || 'none at all'}.`,
    )
    return { devices: [], vramGiB: 0, gpuName: null, vgpu: null }
  }
  if (offered != null && !offered.some((p) => p.toLowerCase() === profile.toLowerCase()))
    c.warnings.push(
      `The host does not offer vGPU profile ${profile}; it offers: ${offered.join(', ') || 'none'}.`,
    )
  const resolved = resolveVgpuProfile(gpus, profile)
  if (resolved == null)
    c.warnings.push(`Cannot read the framebuffer size from vGPU profile ${profile}.`)
  const board = resolved?.gpu ?? null
  const deviceId = board?.pciIds[0]?.split(':')[1] ?? null
  const fb = resolved?.framebufferGiB ?? null
  c.reason(
    'pciDevices[0]',
    `vGPU ${profile}`,
    "A shared NVIDIA vGPU (VmiopBackingInfo); the guest needs NVIDIA's vGPU guest driver and a licence, not the public driver.",
    'https://docs.nvidia.com/ai-enterprise/latest/user-guide/index.html',
  )
  if (profile !== '' && !/c$/i.test(profile))
    c.warnings.push(
      `vGPU profile ${profile} is not a C-series (compute) profile; CUDA workloads want a -C profile.`,
    )
  c.warnings.push(
    'vGPU: install the NVIDIA vGPU (NVAIE) guest driver and licence client before the stack; the bootstrap skips ubuntu-drivers and checks nvidia-smi after the reboot.',
  )
  return {
    devices: [
      {
        mode: 'vgpu',
        vendorId: NVIDIA_VENDOR,
        deviceId,
        pciId: null,
        name: `NVIDIA vGPU ${profile}`,
        vgpuProfile: profile,
        framebufferGiB: fb,
      },
    ],
    vramGiB: fb ?? 0,
    gpuName: board?.name ?? `vGPU ${profile}`,
    vgpu: profile,
  }
}

/** A DirectPath or Dynamic DirectPath device for the best GPU of the target. */
export function directDevice(
  mode: 'passthrough' | 'dynamic',
  view: TargetView,
  gpus: GpuCatalog,
  c: Collector,
): GpuChoice {
  const gpu = pickGpu(view)
  if (gpu == null) {
    c.warnings.push(
      view.kind === 'none'
        ? 'No target given: the PCI device is not known. Pass --target host.json (or a probe profile) so the plan can name it.'
        : `The target has no NVIDIA GPU free for ${mode === 'dynamic' ? 'Dynamic DirectPath' : 'DirectPath'} I/O.`,
    )
    return { devices: [], vramGiB: 0, gpuName: null, vgpu: null }
  }
  if (gpu.passthroughCapable === false)
    c.warnings.push(`${gpu.name} (${gpu.pciId ?? '?'}) is not passthrough-capable on this host.`)
  else if (gpu.passthroughEnabled === false)
    c.warnings.push(
      `Passthrough is not enabled for ${gpu.name} (${gpu.pciId ?? '?'}): toggle it in Host > Configure > PCI Devices, then reboot the host.`,
    )
  else if (gpu.passthroughActive === false)
    c.warnings.push(`Passthrough for ${gpu.name} is enabled but not active: reboot the host first.`)
  const deviceId =
    gpu.deviceId ?? gpus.gpus.find((g) => g.name === gpu.name)?.pciIds[0]?.split(':')[1] ?? null
  if (mode === 'passthrough' && gpu.pciId == null)
    c.warnings.push(
      `${gpu.name} has no PCI address in the target, so DirectPath cannot name it; use a host.json from the vSphere inventory.`,
    )
  if (deviceId == null) c.warnings.push(`The PCI device id of ${gpu.name} is unknown.`)
  c.reason(
    'pciDevices[0]',
    `${gpu.name}${gpu.pciId != null ? ` at ${gpu.pciId}` : ''}`,
    mode === 'dynamic'
      ? 'Dynamic DirectPath: the VM asks for the device by vendor and device id, and DRS picks a host that has one free.'
      : 'DirectPath I/O hands the whole GPU to the VM, with the driver running in the guest.',
    mode === 'dynamic' ? DYNAMIC_DIRECTPATH : VSPHERE_PASSTHROUGH_DOC,
  )
  if (gpu.vramGiB == null)
    c.warnings.push(`The VRAM of ${gpu.name} is unknown; sizing assumes the stack's minimum.`)
  return {
    devices: [
      {
        mode,
        vendorId: gpu.vendorId ?? NVIDIA_VENDOR,
        deviceId,
        pciId: mode === 'dynamic' ? null : gpu.pciId,
        name: gpu.name,
        framebufferGiB: gpu.vramGiB,
      },
    ],
    vramGiB: gpu.vramGiB ?? 0,
    gpuName: gpu.name,
    vgpu: null,
  }
}

/** The Coral USB devices (both ids) for the coral stack; none for other stacks. */
export function usbFor(stack: StackEntry, view: TargetView, c: Collector): LabUsbDevice[] {
  if (stack.accelerator !== 'coral-usb') return []
  const onHost = view.usbDevices?.find((u) =>
    CORAL_IDS.some((id) => id.vendorId === u.vendorId && id.productId === u.productId),
  )
  if (view.usbDevices != null && onHost == null)
    c.warnings.push(
      'The target shows no Coral USB Accelerator (1a6e:089a or 18d1:9302); plug it into the host first.',
    )
  c.reason(
    'usbDevices',
    CORAL_IDS.map((i) => `${i.vendorId}:${i.productId}`).join(' + '),
    'The Coral re-enumerates from 1a6e:089a to 18d1:9302 when the runtime loads its firmware; both ids are passed, and autoconnect by USB port path keeps it attached across the change.',
    CORAL_ESXI,
  )
  return CORAL_IDS.map((id) => ({ ...id, physicalPath: onHost?.physicalPath ?? null }))
}
