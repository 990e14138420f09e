/**
 * Per host of an inventory: is it ready for a GPU lab VM, and which catalog models would run in a
 * VM that takes its best GPU and most of its memory (through the fit engine). Pure.
 */
import type { FitData } from '../../core/fit-request.js'
import { rankModels } from '../../core/fit.js'
import { plannedVmProfile } from '../../core/lab-target.js'
import type { LlmModel } from '../../core/model-catalog.js'
import type { InventoryGpu, InventoryHost } from './inventory.js'

export type HostReadiness = 'gpu-ready' | 'gpu-needs-setup' | 'vgpu-ready' | 'cpu-only'

export interface HostModelFit {
  readonly id: string
  readonly name: string
  readonly quant: string
  readonly level: string
  readonly decodeTokensPerSec: number | null
}

export interface HostFitSummary {
  readonly readiness: HostReadiness
  readonly notes: readonly string[]
  /** The VM the models were judged in. */
  readonly vm: { readonly gpu: string | null; readonly ramGiB: number; readonly vcpus: number }
  readonly bestModels: readonly HostModelFit[]
}

/** A lab VM leaves the hypervisor and other VMs this share of the host's memory. */
const HOST_MEMORY_SHARE = 0.75
const MAX_LAB_VCPUS = 16

/** What a host needs before a GPU VM can use it. */
export function hostReadiness(host: InventoryHost): {
  readiness: HostReadiness
  notes: string[]
  gpu: InventoryGpu | null
} {
  const ready = host.gpus.filter((g) => g.passthroughEnabled && g.passthroughActive)
  const best = [...ready].sort((a, b) => (b.vramMiB ?? 0) - (a.vramMiB ?? 0))[0] ?? null
  if (best != null)
    return {
      readiness: 'gpu-ready',
      notes: [`${best.deviceName} (${best.pciId}) is ready for passthrough`],
      gpu: best,
    }
  if (host.vgpuProfiles.length > 0) {
    return {
      readiness: 'vgpu-ready',
      notes: [`offers ${host.vgpuProfiles.length} vGPU profiles, e.g. ${host.vgpuProfiles.at(-1)}`],
      gpu: host.gpus[0] ?? null,
    }
  }
  if (host.gpus.length > 0) {
    const g = host.gpus[0]!
    const step = g.passthroughEnabled
      ? 'reboot the host to activate passthrough'
      : 'enable passthrough for it (Configure > PCI Devices), then reboot'
    return {
      readiness: 'gpu-needs-setup',
      notes: [`${g.deviceName} (${g.pciId}): ${step}`],
      gpu: g,
    }
  }
  return {
    readiness: 'cpu-only',
    notes: ['no NVIDIA, AMD or Intel GPU: CPU inference only'],
    gpu: null,
  }
}

/** Readiness plus the `n` best catalog LLMs for a VM on this host. */
export function hostFit(
  host: InventoryHost,
  models: readonly LlmModel[],
  data: FitData,
  n = 3,
): HostFitSummary {
  const { readiness, notes, gpu } = hostReadiness(host)
  const ramGiB = Math.max(4, Math.floor(((host.memoryMiB ?? 4096) / 1024) * HOST_MEMORY_SHARE))
  const vcpus = Math.max(1, Math.min(host.cpuCores ?? 2, MAX_LAB_VCPUS))
  const usable = readiness === 'gpu-ready' || readiness === 'vgpu-ready' ? gpu : null
  const vramGiB = usable?.vramMiB == null ? null : usable.vramMiB / 1024
  const extra =
    usable != null && vramGiB == null
      ? [`the host does not report ${usable.deviceName}'s VRAM: judged without it`]
      : []
  const profile = plannedVmProfile(
    `${host.name}-lab`,
    usable != null && vramGiB != null ? { name: usable.deviceName, vramGiB, vgpu: null } : null,
    ramGiB,
    vcpus,
  )
  const ranked = rankModels(models, profile, data).filter((r) => r.best.fits)
  return {
    readiness,
    notes: [...notes, ...extra],
    vm: { gpu: usable != null && vramGiB != null ? usable.deviceName : null, ramGiB, vcpus },
    bestModels: ranked.slice(0, n).map((r) => ({
      id: r.model.id,
      name: r.model.name,
      quant: r.best.quant,
      level: r.best.level,
      decodeTokensPerSec:
        r.best.speed == null ? null : Math.round(r.best.speed.decodeTokensPerSec * 10) / 10,
    })),
  }
}
