import type { PcieLink } from '../../../core/hardware.js'
import { listDir, readLinkName, readValue } from './read-tree.js'

const PCI = 'sys/bus/pci/devices'

/** One function from /sys/bus/pci/devices, with ids as lower-case hex without `0x`. */
export interface PciDevice {
  /** `0000:01:00.0` */
  readonly busId: string
  readonly vendorId: string
  readonly deviceId: string
  /** Six hex digits: class, subclass, prog-if (`030000` = VGA controller). */
  readonly classCode: string
  /** Basename of the bound driver (`nvidia`, `amdgpu`, `vfio-pci`), null when none is bound. */
  readonly driver: string | null
}

// Transfer rate per lane → PCIe generation (kernel prints `16.0 GT/s PCIe`, older ones `8 GT/s`).
const GEN_BY_GTS: ReadonlyArray<readonly [number, number]> = [
  [2.5, 1],
  [5, 2],
  [8, 3],
  [16, 4],
  [32, 5],
  [64, 6],
]

/** PCIe generation from a sysfs `*_link_speed` value; null for `Unknown` or garbage. */
export function pcieGenFromSpeed(text: string | undefined): number | null {
  const gts = /^([\d.]+)\s*GT\/s/.exec(text ?? '')?.[1]
  if (gts == null) return null
  const value = Number(gts)
  return GEN_BY_GTS.find(([rate]) => Math.abs(rate - value) < 0.01)?.[1] ?? null
}

/** Lane count from a sysfs `*_link_width` value (`16` or `x16`); null for 0 or garbage. */
export function pcieWidth(text: string | undefined): number | null {
  const match = /^x?(\d+)$/.exec(text ?? '')
  const width = match?.[1] != null ? Number(match[1]) : 0
  return width > 0 ? width : null
}

/** Lower-case hex without the `0x` prefix; undefined passes through. */
export function hexId(text: string | undefined): string | undefined {
  return text?.toLowerCase().replace(/^0x/, '')
}

/**
 * The PCIe link of one device; null when it has no link files (legacy PCI, most virtual devices).
 * Read only for the devices we report, since a server has a hundred PCI functions.
 */
export async function readPcieLink(root: string, busId: string): Promise<PcieLink | null> {
  const dir = `${PCI}/${busId}`
  const [curSpeed, maxSpeed, curWidth, maxWidth] = await Promise.all([
    readValue(root, `${dir}/current_link_speed`),
    readValue(root, `${dir}/max_link_speed`),
    readValue(root, `${dir}/current_link_width`),
    readValue(root, `${dir}/max_link_width`),
  ])
  const link: PcieLink = {
    genCurrent: pcieGenFromSpeed(curSpeed),
    genMax: pcieGenFromSpeed(maxSpeed),
    widthCurrent: pcieWidth(curWidth),
    widthMax: pcieWidth(maxWidth),
  }
  return Object.values(link).some((v) => v != null) ? link : null
}

async function readPciDevice(root: string, busId: string): Promise<PciDevice> {
  const dir = `${PCI}/${busId}`
  const [vendor, device, cls, driver] = await Promise.all([
    readValue(root, `${dir}/vendor`),
    readValue(root, `${dir}/device`),
    readValue(root, `${dir}/class`),
    readLinkName(root, `${dir}/driver`),
  ])
  return {
    busId: busId.toLowerCase(),
    vendorId: hexId(vendor) ?? '',
    deviceId: hexId(device) ?? '',
    classCode: hexId(cls) ?? '',
    driver: driver ?? null,
  }
}

/** Every PCI function under `root`; [] when there is no PCI bus (some containers, arm boards). */
export async function readPciDevices(root: string): Promise<PciDevice[]> {
  const ids = await listDir(root, PCI)
  return Promise.all(ids.map((id) => readPciDevice(root, id)))
}
