/** Text for `homelab-ai models`: the catalog ranked for one machine, one row per model. */
import type { RankedModel } from '../../core/fit.js'
import { num, type Style } from './style.js'
import {
  LEVEL_LABEL,
  PLACEMENT_LABEL,
  contextLabel,
  levelColor,
  tokensPerSec,
} from './fit-words.js'

/** What the table shows besides the rows. */
export interface ModelsTableView {
  readonly ranked: readonly RankedModel[]
  readonly hardwareLabel: string
  /** Models left out by --fits or --limit. */
  readonly hiddenCount: number
}

/** `8B`, `0.5B`, `30B (3B active)` for mixtures of experts. */
export function paramsLabel(m: RankedModel['model']): string {
  const { totalB, activeB } = m.params
  if (totalB == null) return '?'
  const b = (x: number) => `${x >= 10 ? x.toFixed(0) : num(x, 1).replace(/\.0$/, '')}B`
  return activeB != null && activeB < totalB ? `${b(totalB)} (${b(activeB)} active)` : b(totalB)
}

/** Largest context, among the sizes the ranking checks, at which some quantization fits. */
export function maxRankedContext(r: RankedModel): number | null {
  const fitting = r.byContext.filter((c) => c.quant != null && c.level !== 'too-big')
  return fitting.length === 0 ? null : Math.max(...fitting.map((c) => c.contextTokens))
}

const HEADER = [
  '#',
  'model',
  'params',
  'quant',
  'ctx',
  'max ctx',
  'runs on',
  'verdict',
  'gen tok/s',
  'prompt tok/s',
]
// Numbers read best right-aligned.
const RIGHT = new Set([0, 4, 5, 8, 9])

/** The ranking as an aligned table, with a one-line heading and footer. */
export function formatModelsTable(view: ModelsTableView, style: Style): string {
  const rows = view.ranked.map((r, i) => {
    const b = r.best
    const max = maxRankedContext(r)
    return {
      level: b.level,
      cells: [
        String(i + 1),
        r.model.id,
        paramsLabel(r.model),
        b.fits ? b.quant : '-',
        b.fits ? contextLabel(b.contextTokens) : '-',
        max != null ? contextLabel(max) : '-',
        PLACEMENT_LABEL[b.placement],
        LEVEL_LABEL[b.level],
        b.speed != null ? tokensPerSec(b.speed.decodeTokensPerSec) : '-',
        b.speed != null ? tokensPerSec(b.speed.prefillTokensPerSec) : '-',
      ],
    }
  })
  const widths = HEADER.map((h, c) =>
    Math.max(h.length, ...rows.map((r) => (r.cells[c] ?? '').length)),
  )
  const pad = (text: string, c: number) =>
    RIGHT.has(c) ? text.padStart(widths[c] ?? 0) : text.padEnd(widths[c] ?? 0)
  const lines = [`${style.bold('Models ranked for')} ${view.hardwareLabel}`, '']
  lines.push(style.bold(HEADER.map(pad).join('  ').trimEnd()))
  for (const row of rows) {
    const cells = row.cells.map(pad)
    // Color only the verdict cell, after padding, so escape codes do not break the alignment.
    cells[7] = levelColor(row.level, style)(cells[7] ?? '')
    lines.push(cells.join('  ').trimEnd())
  }
  if (rows.length === 0) lines.push(style.dim('  (no model matches)'))
  lines.push('')
  if (view.hiddenCount > 0)
    lines.push(style.dim(`${view.hiddenCount} more not shown (see --fits, --limit).`))
  lines.push(
    style.dim(
      'Speeds are estimates comparable with llama-bench tg128 / pp512. Details: homelab-ai fit MODEL',
    ),
  )
  return lines.join('\n')
}
