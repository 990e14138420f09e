/**
 * The lab plan: what `homelab-ai lab plan --json` prints, what the exporters write and what
 * `lab apply` (vSphere) will send. Plain data; nothing here knows how to talk to vSphere.
 */
import type { GuestinfoEncoding, GuestRequest } from './cloud-init.js'
import type { LabModel } from './lab-model.js'
import type { StackPort } from './stack-catalog.js'

/** How the VM gets its GPU. */
export type GpuMode = 'passthrough' | 'dynamic' | 'vgpu' | 'none'

/** A PCI device the VM gets. Ids are lower-case 4-digit hex (`10de`, `2204`). */
export interface LabPciDevice {
  readonly mode: 'passthrough' | 'dynamic' | 'vgpu'
  readonly vendorId: string
  /** Null only for a vGPU whose board the planner could not identify. */
  readonly deviceId: string | null
  /** Host PCI address; null for Dynamic DirectPath (DRS picks) and vGPU. */
  readonly pciId: string | null
  readonly name: string
  readonly vgpuProfile?: string
  readonly framebufferGiB: number | null
}

/** A host USB device passed to the VM; autoconnect by port path survives an id change. */
export interface LabUsbDevice {
  readonly vendorId: string
  readonly productId: string
  readonly name: string
  readonly physicalPath: string | null
}

/** The VM to create. */
export interface LabVm {
  readonly name: string
  readonly numCpus: number
  readonly memoryMiB: number
  readonly diskGiB: number
  readonly firmware: 'efi'
  readonly secureBoot: false
  readonly memoryReservationLockedToMax: boolean
  readonly nestedHV: false
  readonly cpuHotAdd: false
  readonly hardwareVersion: string
  readonly guestId: 'ubuntu64Guest'
  readonly extraConfig: Readonly<Record<string, string>>
  readonly pciDevices: readonly LabPciDevice[]
  readonly usbDevices: readonly LabUsbDevice[]
  readonly usbController?: 'usb3'
}

/** Where the VM goes and what it is cloned from. */
export interface LabPlacement {
  /** ESXi host name; null when the target is not a vSphere host. */
  readonly host: string | null
  readonly datastore: string
  readonly network: string
  /** An Ubuntu cloud-image template (see docs/lab-plans.md for making one). */
  readonly template: string
}

/** One setting and why it has its value. */
export interface LabReason {
  readonly setting: string
  readonly value: string
  readonly why: string
  readonly source: string
}

/** The whole plan. */
export interface LabPlan {
  readonly schemaVersion: 1
  readonly stack: {
    readonly id: string
    readonly name: string
    readonly ports: readonly StackPort[]
    readonly notes: readonly string[]
  }
  readonly model: LabModel | null
  readonly gpuMode: GpuMode
  readonly vm: LabVm
  readonly placement: LabPlacement
  readonly guest: {
    readonly request: GuestRequest
    readonly instanceId: string
    readonly userData: string
    readonly metaData: string
    readonly encoding: GuestinfoEncoding
  }
  readonly reasons: readonly LabReason[]
  /** Why this plan would not work as it stands; empty when nothing is known to be wrong. */
  readonly warnings: readonly string[]
}
