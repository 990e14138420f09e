/**
 * Small vSphere rules the lab planner applies: the 64-bit MMIO window size, the virtual
 * hardware version for an ESXi release, and PCI ids in the form the API expects.
 */

/** Where the MMIO rule comes from (VMware's V100 passthrough post, restated in many guides). */
export const MMIO_SOURCE =
  'https://blogs.vmware.com/apps/2018/10/how-to-enable-nvidia-v100-gpu-in-passthrough-mode-on-vsphere-for-machine-learning-and-other-hpc-workloads.html'

/** govmomi's table of hardware versions per ESXi release. */
export const HARDWARE_VERSION_SOURCE =
  'https://github.com/vmware/govmomi/blob/main/vim25/types/hardware_version.go'

/**
 * `pciPassthru.64bitMMIOSizeGB`: the next power of two of twice the total framebuffer, at
 * least 32 (one 16 GB card → 32, an RTX 3090 → 64, an A100 80 GB → 256).
 */
export function mmioSizeGB(totalFramebufferGiB: number): number {
  const wanted = Math.max(1, 2 * totalFramebufferGiB)
  return Math.max(32, 2 ** Math.ceil(Math.log2(wanted)))
}

/** Whether `n` is a power of two (an MMIO override must be one). */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0
}

/** A hardware version and what it was chosen from. */
export interface HardwareVersionChoice {
  readonly version: string
  readonly why: string
}

// [major, minor, update, vmx]: the newest version each ESXi release can create, newest first.
const TABLE: readonly (readonly [number, number, number, number])[] = [
  [9, 0, 0, 22],
  [8, 0, 2, 21],
  [8, 0, 0, 20],
  [7, 0, 2, 19],
  [7, 0, 1, 18],
  [7, 0, 0, 17],
  [6, 7, 2, 15],
  [6, 7, 0, 14],
  [6, 5, 0, 13],
]

/**
 * The newest hardware version `esxiVersion` (`8.0.2`: 8.0 Update 2) creates, vmx-13..22. Versions
 * newer than the table get its newest entry; Dynamic DirectPath needs vmx-17 (ESXi 7.0) or later.
 */
export function hardwareVersionFor(esxiVersion: string): HardwareVersionChoice {
  const [major = 0, minor = 0, update = 0] = esxiVersion.split('.').map((p) => Number(p))
  const key = (a: number, b: number, c: number) => a * 10_000 + b * 100 + c
  const wanted = key(major, minor, update)
  for (const [a, b, c, vmx] of TABLE)
    if (wanted >= key(a, b, c))
      return { version: `vmx-${vmx}`, why: `ESXi ${esxiVersion} creates up to vmx-${vmx}.` }
  return {
    version: 'vmx-13',
    why: `ESXi ${esxiVersion} is older than 6.5; vmx-13 is the oldest this planner writes.`,
  }
}

/** `0x2204` or the signed xsd:short `8708` → `2204`: 4 hex digits, as DeviceBackingInfo.deviceId wants. */
export function hexPciId(id: number): string {
  return (id & 0xffff).toString(16).padStart(4, '0')
}

/** `10de` → 4318: the vendor id as the API's signed xsd:short. */
export function signedShort(hex: string): number {
  const n = Number.parseInt(hex, 16) & 0xffff
  return n >= 0x8000 ? n - 0x10000 : n
}
