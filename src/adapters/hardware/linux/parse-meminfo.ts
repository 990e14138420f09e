/** RAM totals from /proc/meminfo, in GiB (kB × 1024 / 2^30, not rounded). */
export interface MeminfoTotals {
  readonly totalGiB: number
  readonly availableGiB: number
}

const KIB_PER_GIB = 1024 * 1024

/** Parses /proc/meminfo; null when MemTotal is missing or not a number. */
export function parseMeminfo(text: string): MeminfoTotals | null {
  const kB = new Map<string, number>()
  for (const line of text.split('\n')) {
    const match = /^(\w+):\s+(\d+)\s*kB/.exec(line)
    if (match?.[1] != null && match[2] != null) kB.set(match[1], Number(match[2]))
  }
  const total = kB.get('MemTotal')
  if (total == null) return null
  // Kernels before 3.14 have no MemAvailable; free + page cache is what it estimates.
  const available = kB.get('MemAvailable') ?? (kB.get('MemFree') ?? 0) + (kB.get('Cached') ?? 0)
  return { totalGiB: total / KIB_PER_GIB, availableGiB: available / KIB_PER_GIB }
}

/**
 * Normalises an EDAC `dimm_mem_type` (`Registered-DDR4`, `Low-Power-DDR4-RAM`) to `DDR4` / `LPDDR4`;
 * null for `Empty`, `Unknown` and anything unrecognised.
 */
export function edacMemType(raw: string): string | null {
  const lowPower = /Low-Power-DDR(\d)/i.exec(raw)
  if (lowPower != null) return `LPDDR${lowPower[1]}`
  const ddr = /DDR(\d)/i.exec(raw)
  if (ddr != null) return `DDR${ddr[1]}`
  const hbm = /High-bandwidth-memory-Gen(\d)/i.exec(raw)
  if (hbm != null) return `HBM${hbm[1]}`
  return null
}

/** The memory channel a DIMM sits on, from EDAC `dimm_location` (`channel 1 slot 0`); null if absent. */
export function edacChannel(location: string): string | null {
  return /channel\s+(\d+)/i.exec(location)?.[1] ?? null
}
