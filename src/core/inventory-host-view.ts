/**
 * One vSphere host as `homelab-ai inventory --json` prints it and GET /api/vsphere/inventory sends
 * it: plain data with stable field names and no managed-object ids. Built by
 * src/adapters/vsphere/to-host-view.ts; a type only, so the web page can name it too.
 */

/** A GPU of the host and whether passthrough is on. */
export interface InventoryGpuView {
  readonly name: string
  readonly pciId: string
  readonly busId: string
  readonly vramMiB: number | null
  readonly passthroughCapable: boolean
  readonly passthroughEnabled: boolean
  /** Enabled and live: turning passthrough on takes effect only after a host reboot. */
  readonly passthroughActive: boolean
}

/** A host USB device a VM can take (QueryConfigTarget). */
export interface InventoryUsbView {
  readonly description: string
  /** `1a6e:089a`. */
  readonly usbId: string
  readonly physicalPath: string | null
  /** `unprogrammed` (1a6e:089a) or `programmed` (18d1:9302) for a Coral, else null. */
  readonly coral: string | null
  readonly inUseBy: string | null
}

/** The host: hardware, GPUs, USB devices and whether it is ready for an AI VM. */
export interface InventoryHostView {
  readonly name: string
  readonly cluster: string | null
  readonly esxVersion: string | null
  readonly cpuModel: string | null
  readonly cpuCores: number | null
  readonly memoryGiB: number | null
  /** Memory not used by running VMs and the hypervisor now (quickStats). */
  readonly memoryFreeGiB: number | null
  readonly gpus: readonly InventoryGpuView[]
  readonly vgpuProfiles: readonly string[]
  /** `shared` or `sharedDirect` (vGPU needs the latter); null when unknown. */
  readonly graphicsMode: string | null
  /** Null when the host could not be asked. */
  readonly usbDevices: readonly InventoryUsbView[] | null
  /** `gpu-ready`, `vgpu-ready`, `gpu-needs-setup` or `cpu-only`. */
  readonly readiness: string
  readonly notes: readonly string[]
}
