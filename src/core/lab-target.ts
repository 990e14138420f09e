/**
 * Where a lab VM goes, as one shape for the planner: a vSphere host (HostTarget, from the
 * inventory or a hand-written host.json), a saved probe profile of the machine, or nothing known.
 */
import { HARDWARE_SCHEMA_VERSION, RUNTIME_ABSENT, type HardwareProfile } from './hardware.js'
import type { HostDatastore, HostTarget, HostUsbDevice } from './host-target.js'

/** A GPU the VM could get. Unknown facts are null, never guessed. */
export interface CandidateGpu {
  readonly pciId: string | null
  readonly vendorId: string | null
  readonly deviceId: string | null
  readonly name: string
  readonly vramGiB: number | null
  readonly passthroughCapable: boolean | null
  readonly passthroughEnabled: boolean | null
  readonly passthroughActive: boolean | null
  readonly assignedToVm: string | null
}

/** The target as the planner reads it. */
export interface TargetView {
  readonly kind: 'host' | 'profile' | 'none'
  readonly name: string | null
  readonly esxiVersion: string | null
  readonly cores: number | null
  readonly threads: number | null
  readonly memoryGiB: number | null
  readonly gpus: readonly CandidateGpu[]
  /** Null when the target cannot say which vGPU profiles it offers. */
  readonly vgpuProfiles: readonly string[] | null
  readonly usbDevices: readonly HostUsbDevice[] | null
  readonly datastores: readonly HostDatastore[] | null
  readonly networks: readonly string[]
  readonly above4gDecoding: boolean | null
}

/** Normalises any target; a HostTarget is told apart by its `kind`. */
export function viewTarget(target: HardwareProfile | HostTarget | null): TargetView {
  if (target == null)
    return {
      kind: 'none',
      name: null,
      esxiVersion: null,
      cores: null,
      threads: null,
      memoryGiB: null,
      gpus: [],
      vgpuProfiles: null,
      usbDevices: null,
      datastores: null,
      networks: [],
      above4gDecoding: null,
    }
  if ('kind' in target && target.kind === 'vsphere-host')
    return {
      kind: 'host',
      name: target.name,
      esxiVersion: target.esxiVersion,
      cores: target.cpu.cores,
      threads: target.cpu.threads,
      memoryGiB: target.memoryGiB,
      gpus: target.gpus.map((g) => ({
        pciId: g.pciId,
        vendorId: g.vendorId,
        deviceId: g.deviceId,
        name: g.name,
        vramGiB: g.vramMiB == null ? null : g.vramMiB / 1024,
        passthroughCapable: g.passthroughCapable,
        passthroughEnabled: g.passthroughEnabled,
        passthroughActive: g.passthroughActive,
        assignedToVm: g.assignedToVm,
      })),
      vgpuProfiles: target.vgpuProfiles,
      usbDevices: target.usbDevices,
      datastores: target.datastores,
      networks: target.networks,
      above4gDecoding: target.above4gDecoding,
    }
  const hw = target as HardwareProfile
  return {
    kind: 'profile',
    name: hw.os.hostname,
    esxiVersion: null,
    cores: hw.cpu.cores,
    threads: hw.cpu.threads,
    memoryGiB: hw.memory.totalGiB,
    gpus: hw.gpus
      .filter((g) => g.attachment !== 'unified')
      .map((g) => {
        const [vendorId = null, deviceId = null] = g.pciId?.split(':') ?? []
        return {
          pciId: g.busId,
          vendorId: vendorId ?? (g.vendor === 'nvidia' ? '10de' : null),
          deviceId,
          name: g.name,
          vramGiB: g.vramMiB == null ? null : g.vramMiB / 1024,
          passthroughCapable: null,
          passthroughEnabled: null,
          passthroughActive: null,
          assignedToVm: null,
        }
      }),
    vgpuProfiles: null,
    usbDevices: hw.accelerators
      .filter((a) => a.kind === 'coral-usb')
      .map((a) => {
        const [vendorId = '', productId = ''] = a.id.split(':')
        return { vendorId, productId, description: a.name, physicalPath: null }
      }),
    datastores: null,
    networks: [],
    above4gDecoding: null,
  }
}

/** The planned VM as a HardwareProfile, so the fit engine can judge a model on it. */
export function plannedVmProfile(
  name: string,
  gpu: { readonly name: string; readonly vramGiB: number; readonly vgpu: string | null } | null,
  ramGiB: number,
  vcpus: number,
): HardwareProfile {
  return {
    schemaVersion: HARDWARE_SCHEMA_VERSION,
    // The core has no clock; a plan describes a VM that does not exist yet.
    probedAt: '1970-01-01T00:00:00.000Z',
    source: 'what-if',
    os: { platform: 'linux', name: 'Ubuntu (planned VM)', kernel: null, hostname: name },
    cpu: {
      vendor: null,
      model: null,
      arch: 'x86-64',
      cores: vcpus,
      threads: vcpus,
      sockets: 1,
      simd: ['avx2', 'fma', 'f16c'],
      clockMHz: null,
      maxClockMHz: null,
    },
    memory: {
      totalGiB: ramGiB,
      availableGiB: ramGiB - 2,
      type: null,
      speedMTs: null,
      channels: null,
    },
    gpus:
      gpu == null
        ? []
        : [
            {
              vendor: 'nvidia',
              name: gpu.name,
              vramMiB: gpu.vramGiB * 1024,
              vramFreeMiB: null,
              driver: null,
              cudaVersion: null,
              rocmVersion: null,
              busId: null,
              pciId: null,
              pcie: null,
              attachment: gpu.vgpu == null ? 'passthrough' : 'vgpu',
              vgpuProfile: gpu.vgpu,
              vgpuFramebufferMiB: gpu.vgpu == null ? null : gpu.vramGiB * 1024,
              source: 'what-if',
            },
          ],
    accelerators: [],
    storage: [],
    virtualization: {
      kind: 'vmware',
      role: 'vm',
      vmKind: 'vmware',
      containerKind: null,
      isVmwareGuest: true,
      hypervisorFlag: null,
      openVmTools: true,
      evidence: ['planned lab VM'],
    },
    runtimes: {
      nvidiaSmi: RUNTIME_ABSENT,
      rocmSmi: RUNTIME_ABSENT,
      ollama: RUNTIME_ABSENT,
      docker: RUNTIME_ABSENT,
    },
    notes: [],
    probeDurationMs: null,
  }
}
