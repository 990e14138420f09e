import type { GpuBenchDevice } from '../../core/bench-types.js'

/** The fields `bench gpu` asks nvidia-smi for (`--query-gpu=...`). */
export const GPU_QUERY_FIELDS = [
  'index',
  'name',
  'pci.bus_id',
  'pcie.link.gen.current',
  'pcie.link.gen.max',
  'pcie.link.width.current',
  'pcie.link.width.max',
  'clocks.current.graphics',
  'clocks.current.memory',
  'clocks.max.graphics',
  'clocks.max.memory',
  'memory.used',
  'memory.total',
  'temperature.gpu',
  'power.draw',
] as const

/**
 * Parses `nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits]`. With a header row the
 * columns are matched by name (units such as ` [MiB]` stripped), so any field order and extra
 * fields work; without one, `fields` gives the order. `[N/A]`, `N/A` and
 * `[Requested functionality has been deprecated]`-style values become null.
 */
export function parseNvidiaSmiQuery(
  text: string,
  fields: readonly string[] = GPU_QUERY_FIELDS,
): GpuBenchDevice[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '')
  const first = lines[0]
  if (first == null) return []
  const hasHeader = first
    .split(',')
    .some((cell) => cell.trim() === 'name' || cell.trim().startsWith('pcie.'))
  const columns = hasHeader ? splitRow(first).map((h) => h.replace(/\s*\[.*\]$/, '')) : [...fields]
  return (hasHeader ? lines.slice(1) : lines).map((line) => {
    const cells = splitRow(line)
    const raw = (field: string): string | null => {
      const at = columns.indexOf(field)
      const cell = at === -1 ? undefined : cells[at]
      if (cell == null || cell === '' || /^\[.*\]$/.test(cell) || cell === 'N/A') return null
      return cell
    }
    const num = (field: string): number | null => {
      const value = raw(field)
      if (value == null) return null
      const n = Number.parseFloat(value)
      return Number.isFinite(n) ? n : null
    }
    return {
      index: num('index'),
      name: raw('name') ?? 'NVIDIA GPU',
      pciBusId: raw('pci.bus_id'),
      pcieGenCurrent: num('pcie.link.gen.current'),
      pcieGenMax: num('pcie.link.gen.max'),
      pcieWidthCurrent: num('pcie.link.width.current'),
      pcieWidthMax: num('pcie.link.width.max'),
      graphicsClockMHz: num('clocks.current.graphics') ?? num('clocks.gr'),
      memoryClockMHz: num('clocks.current.memory') ?? num('clocks.mem'),
      maxGraphicsClockMHz: num('clocks.max.graphics') ?? num('clocks.max.gr'),
      maxMemoryClockMHz: num('clocks.max.memory') ?? num('clocks.max.mem'),
      memoryUsedMiB: num('memory.used'),
      memoryTotalMiB: num('memory.total'),
      temperatureC: num('temperature.gpu'),
      powerDrawW: num('power.draw'),
    }
  })
}

// nvidia-smi separates cells with ", " and does not quote; GPU names hold no commas.
function splitRow(line: string): string[] {
  return line.split(',').map((cell) => cell.trim())
}
