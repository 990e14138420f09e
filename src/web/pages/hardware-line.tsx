/** One line saying which hardware the verdicts are for: the machine, or the imagined one. */
import type { HardwareProfile } from '../../core/hardware.js'
import { gib, mibAsGib } from '../format.js'

/** GPUs with VRAM, RAM and cores of the profile the fit engine judged. */
export function HardwareLine({ hw }: { hw: HardwareProfile }) {
  // Identical cards are counted, as people write them: `2x RTX 3090 (24.0 GiB)`.
  const counts = new Map<string, number>()
  for (const g of hw.gpus) {
    const label = `${g.name} (${mibAsGib(g.vramMiB)})`
    counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  const gpus =
    counts.size === 0
      ? 'no GPU'
      : [...counts].map(([label, n]) => (n > 1 ? `${n}x ${label}` : label)).join(' + ')
  const whatIfNotes = hw.notes.filter((n) => n.message.startsWith('What-if:'))
  return (
    <p className="hardware-line" data-testid="hardware-line">
      <span className="muted">For: </span>
      {gpus} · {gib(hw.memory.totalGiB)} RAM · {hw.cpu.cores} cores
      {hw.source === 'what-if' && <span className="tag">what-if</span>}
      {whatIfNotes.length > 0 && (
        <span className="visually-hidden"> ({whatIfNotes.map((n) => n.message).join(' ')})</span>
      )}
    </p>
  )
}
