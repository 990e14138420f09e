import type { Gpu, Virtualization } from '../../core/hardware.js'

/**
 * Merges what sysfs saw with what the vendor tool said, one entry per physical GPU:
 * - matched by PCI bus id; the tool's facts win (VRAM, driver, CUDA, vGPU), sysfs fills gaps (PCIe link);
 * - a tool GPU that sysfs did not see (WSL, a fixture root, macOS) is kept as is;
 * - a sysfs GPU the tool did not report (driver missing) is kept with what sysfs knows.
 */
export function mergeGpus(sysfs: readonly Gpu[], tools: readonly Gpu[]): Gpu[] {
  const merged: Gpu[] = []
  const used = new Set<Gpu>()
  for (const base of sysfs) {
    const match = tools.find((t) => !used.has(t) && t.busId != null && t.busId === base.busId)
    if (match == null) {
      merged.push(base)
      continue
    }
    used.add(match)
    merged.push({
      ...match,
      pciId: match.pciId ?? base.pciId,
      pcie: pickLink(match, base),
      driver: match.driver ?? base.driver,
      vramMiB: match.vramMiB ?? base.vramMiB,
      vramFreeMiB: match.vramFreeMiB ?? base.vramFreeMiB,
      ...(match.gttMiB != null || base.gttMiB != null
        ? { gttMiB: match.gttMiB ?? base.gttMiB ?? null }
        : {}),
      source: `${match.source}+${base.source}`,
    })
  }
  for (const t of tools) if (!used.has(t)) merged.push(t)
  return merged
}

function pickLink(tool: Gpu, sysfs: Gpu): Gpu['pcie'] {
  if (tool.pcie == null) return sysfs.pcie
  if (sysfs.pcie == null) return tool.pcie
  return {
    genCurrent: tool.pcie.genCurrent ?? sysfs.pcie.genCurrent,
    genMax: tool.pcie.genMax ?? sysfs.pcie.genMax,
    widthCurrent: tool.pcie.widthCurrent ?? sysfs.pcie.widthCurrent,
    widthMax: tool.pcie.widthMax ?? sysfs.pcie.widthMax,
  }
}

/**
 * Inside a VM a physical GPU can only have arrived by passthrough (or vGPU, which the driver
 * reports). nvidia-smi says "None" when the VM hides the hypervisor (`hypervisor.cpuid.v0 = FALSE`),
 * so the VM verdict from DMI overrides a `bare-metal` answer.
 */
export function fixAttachment(gpus: readonly Gpu[], virt: Virtualization): Gpu[] {
  const inVm = virt.role === 'vm' || virt.vmKind != null
  return gpus.map((g) =>
    inVm && g.attachment === 'bare-metal' && g.vendor !== 'apple'
      ? { ...g, attachment: 'passthrough' }
      : g,
  )
}
