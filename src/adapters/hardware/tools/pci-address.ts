/**
 * PCI addresses as tools print them, turned into the one form `Gpu.busId` uses:
 * `dddd:bb:dd.f`, lower case, domain included.
 */

const BUS_ID = /^(?:([0-9a-f]{1,8}):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i

/**
 * Normalises `00000000:01:00.0` (nvidia-smi), `0000:1E:00.0` (rocm-smi) or `01:00.0` (lspci).
 * nvidia-smi pads the domain to 8 digits; Hyper-V guests really use domains above 0xffff
 * only in theory, so the domain keeps at least 4 digits and loses only leading zeros.
 */
export function normalizeBusId(raw: string | null): string | null {
  if (raw == null) return null
  const match = BUS_ID.exec(raw.trim())
  if (match == null) return null
  const [, domain = '0', bus = '0', device = '0', fn = '0'] = match
  const domainHex = parseInt(domain, 16).toString(16).padStart(4, '0')
  return `${domainHex}:${bus.padStart(2, '0')}:${device.padStart(2, '0')}.${fn}`.toLowerCase()
}

/** `vendor:device` in lower-case hex from two numbers, or null when either is out of range. */
export function pciIdOf(vendor: number | null, device: number | null): string | null {
  if (vendor == null || device == null) return null
  if (vendor <= 0 || vendor > 0xffff || device < 0 || device > 0xffff) return null
  return `${vendor.toString(16).padStart(4, '0')}:${device.toString(16).padStart(4, '0')}`
}

/** A hex number written as `0x73df`, `73DF` or `0X73DF`; null when it is not hex. */
export function parseHex(raw: string | null): number | null {
  if (raw == null) return null
  const match = /^(?:0x)?([0-9a-f]{1,8})$/i.exec(raw.trim())
  return match?.[1] == null ? null : parseInt(match[1], 16)
}
