/**
 * Text for image, speech and embedding models: `fit MODEL` (verdict, memory per device, speed
 * with its arithmetic, reasons) and `models --kind image|speech|embedding` (one row per model).
 */
import type { RankedAux } from '../../core/fit-aux-rank.js'
import type { AuxFitResult, AuxKind, AuxPlacement, AuxSpeed } from '../../core/fit-aux-types.js'
import { bar, num, type Style } from './style.js'
import { LEVEL_LABEL, levelColor } from './fit-words.js'

const BAR_WIDTH = 24

/** The verdict as people say it, `Unknown` when the catalog lacks a fact. */
export function auxLevelLabel(level: AuxFitResult['level']): string {
  return level === 'unknown' ? 'Unknown' : LEVEL_LABEL[level]
}

function auxColor(level: AuxFitResult['level'], style: Style): (text: string) => string {
  return level === 'unknown' ? style.dim : levelColor(level, style)
}

const PLACEMENT: Readonly<Record<AuxPlacement, string>> = {
  gpu: 'GPU',
  'partial-offload': 'GPU+RAM',
  cpu: 'CPU',
  none: '-',
}

/** The speed figure in one short phrase: `4.2 s/image`, `25x real time`, `1850 tokens/s`. */
export function auxSpeedLabel(s: AuxSpeed | null): string {
  if (s == null) return '-'
  switch (s.kind) {
    case 'image':
      return `${num(s.secondsPerImage, s.secondsPerImage < 10 ? 1 : 0)} s/image`
    case 'speech':
      return s.realTimeFactor <= 1
        ? `${num(1 / s.realTimeFactor, s.realTimeFactor < 0.1 ? 0 : 1)}x real time`
        : `${num(s.realTimeFactor, 1)}x slower than real time`
    case 'embedding':
      return `${num(s.tokensPerSec, 0)} tokens/s`
  }
}

const SPEED_HEADER: Readonly<Record<AuxKind, string>> = {
  image: 'per image',
  speech: 'speed',
  embedding: 'embed tok/s',
}

/** What the table shows besides the rows. */
export interface AuxTableView {
  readonly kind: AuxKind
  readonly ranked: readonly RankedAux[]
  readonly hardwareLabel: string
  readonly hiddenCount: number
}

function paramsCell(p: number | null): string {
  if (p == null) return '?'
  return p >= 1 ? `${num(p, p >= 10 ? 0 : 1).replace(/\.0$/, '')}B` : `${num(p * 1000, 0)}M`
}

/** `models --kind image|speech|embedding` as an aligned table. */
export function formatAuxTable(view: AuxTableView, style: Style): string {
  const header = ['#', 'model', 'params', 'memory', 'runs on', 'verdict', SPEED_HEADER[view.kind]]
  const right = new Set([0, 2, 3, 6])
  const rows = view.ranked.map((r, i) => ({
    level: r.fit.level,
    cells: [
      String(i + 1),
      r.model.id,
      paramsCell(r.paramsB),
      r.fit.memory != null ? `${num(r.fit.memory.totalGiB, 1)} GiB` : '?',
      PLACEMENT[r.fit.placement],
      auxLevelLabel(r.fit.level),
      auxSpeedLabel(r.fit.speed),
    ],
  }))
  const widths = header.map((h, c) =>
    Math.max(h.length, ...rows.map((r) => (r.cells[c] ?? '').length)),
  )
  const pad = (text: string, c: number) =>
    right.has(c) ? text.padStart(widths[c] ?? 0) : text.padEnd(widths[c] ?? 0)
  const lines = [`${style.bold(`${KIND_NAME[view.kind]} ranked for`)} ${view.hardwareLabel}`, '']
  lines.push(style.bold(header.map(pad).join('  ').trimEnd()))
  for (const row of rows) {
    const cells = row.cells.map(pad)
    cells[5] = auxColor(row.level, style)(cells[5] ?? '')
    lines.push(cells.join('  ').trimEnd())
  }
  if (rows.length === 0) lines.push(style.dim('  (no model matches)'))
  lines.push('')
  if (view.hiddenCount > 0)
    lines.push(style.dim(`${view.hiddenCount} more not shown (see --fits, --limit).`))
  lines.push(style.dim(`${SPEED_NOTE[view.kind]} Details: homelab-ai fit MODEL`))
  return lines.join('\n')
}

const KIND_NAME: Readonly<Record<AuxKind, string>> = {
  image: 'Image models',
  speech: 'Speech models',
  embedding: 'Embedding models',
}

const SPEED_NOTE: Readonly<Record<AuxKind, string>> = {
  image:
    'Seconds per image at the model default size and steps, scaled from a published run of each model (catalog: speedReference).',
  speech: 'Whisper speed as a multiple of real time, from FLOPS and bandwidth (not measured).',
  embedding: 'Tokens embedded per second, batched and compute-bound.',
}

/** `fit MODEL` for an image, speech or embedding model. */
export function formatAuxFitText(r: AuxFitResult, hardwareLabel: string, style: Style): string {
  const lines = [`${style.bold(r.model.name)} ${style.dim(`(${r.model.id})`)} on ${hardwareLabel}`]
  const where =
    r.placement === 'none'
      ? ''
      : `: ${r.placement === 'partial-offload' ? 'GPU, text encoders in RAM' : PLACEMENT[r.placement]}`
  const speed = r.speed != null ? `, ${auxSpeedLabel(r.speed)}` : ''
  lines.push(`${auxColor(r.level, style)(style.bold(auxLevelLabel(r.level)))}${where}${speed}`)
  if (r.memory != null) {
    lines.push('', style.bold('Memory'))
    for (const d of r.memory.perDevice) {
      const share = d.availableGiB > 0 ? d.totalGiB / d.availableGiB : 1
      lines.push(
        `  ${d.name.padEnd(28)} ${bar(Math.min(1, share), BAR_WIDTH)} ${num(d.totalGiB, 1)} of ${num(d.availableGiB, 1)} GiB` +
          style.dim(
            ` (weights ${num(d.weightsGiB, 1)}, buffers ${num(d.computeGiB, 1)}, reserve ${num(d.reserveGiB, 1)})`,
          ),
      )
    }
  }
  if (r.speed != null) {
    const b = r.speed.basis
    lines.push('', style.bold('Speed'), `  ${auxSpeedLabel(r.speed)} on ${b.device}`)
    lines.push(style.dim(`  ${b.explanation}`))
    lines.push(
      style.dim(
        `  compute: ${num(b.computeTflops, 1)} TFLOPS (${b.computeSource}) x ${b.computeEfficiency} (${b.efficiencySource})`,
      ),
    )
    if (b.bandwidthGBps != null)
      lines.push(
        style.dim(
          `  bandwidth: ${num(b.bandwidthGBps, 0)} GB/s (${b.bandwidthSource ?? '?'}) x ${b.bandwidthEfficiency ?? '?'}`,
        ),
      )
    if (b.reference != null) lines.push(style.dim(`  scaled from: ${b.reference}`))
  }
  if (r.reasons.length > 0) {
    lines.push('', style.bold('Why'))
    for (const reason of r.reasons) lines.push(`  - ${reason}`)
  }
  return lines.join('\n')
}
