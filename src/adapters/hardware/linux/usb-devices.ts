import { hexId } from './pci-devices.js'
import { listDir, readValue } from './read-tree.js'

const USB = 'sys/bus/usb/devices'

/** One USB device (not interface) from /sys/bus/usb/devices. */
export interface UsbDevice {
  /** Port path such as `2-1` or `1-1.4`. */
  readonly port: string
  readonly vendorId: string
  readonly productId: string
  /** Negotiated link speed in Mbit/s (480 = USB 2, 5000 = USB 3); null if unreadable. */
  readonly speedMbps: number | null
  readonly manufacturer: string | null
  readonly product: string | null
}

/** Whether a /sys/bus/usb/devices entry is a device rather than an interface (`1-1:1.0`). */
export function isUsbDeviceEntry(name: string): boolean {
  return !name.includes(':')
}

/** Every USB device under `root`; [] when there is no USB bus (most VMs and containers). */
export async function readUsbDevices(root: string): Promise<UsbDevice[]> {
  const names = (await listDir(root, USB)).filter(isUsbDeviceEntry)
  const devices = await Promise.all(
    names.map(async (port) => {
      const dir = `${USB}/${port}`
      const [vendor, product, speed, manufacturer, productName] = await Promise.all([
        readValue(root, `${dir}/idVendor`),
        readValue(root, `${dir}/idProduct`),
        readValue(root, `${dir}/speed`),
        readValue(root, `${dir}/manufacturer`),
        readValue(root, `${dir}/product`),
      ])
      if (vendor == null || product == null) return null
      const mbps = speed != null ? Number(speed) : NaN
      return {
        port,
        vendorId: hexId(vendor) ?? vendor,
        productId: hexId(product) ?? product,
        speedMbps: Number.isFinite(mbps) && mbps > 0 ? mbps : null,
        manufacturer: manufacturer ?? null,
        product: productName ?? null,
      }
    }),
  )
  return devices.filter((d) => d != null)
}
