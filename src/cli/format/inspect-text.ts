/** Text for `homelab-ai inspect`: what a GGUF file holds, then the fit answer for it. */
import type { GgufHeader } from '../../adapters/gguf/gguf-types.js'
import type { FitResult } from '../../core/fit-types.js'
import { formatFitText, type FitView } from './fit-text.js'
import {
  LEVEL_LABEL,
  contextLabel,
  levelColor,
  placementPhrase,
  tokensPerSec,
} from './fit-words.js'
import { num, type Style } from './style.js'

/** One inspected file: its header, the fit answer, and assumptions made. */
export interface InspectView {
  readonly header: GgufHeader
  readonly fit: FitView
  readonly notes: readonly string[]
}

/** One model of the Ollama store: its answer, or why there is none. */
export interface OllamaRowView {
  readonly name: string
  readonly header: GgufHeader | null
  readonly result: FitResult | null
}

/** At most this many tensor types are listed; the rest are summed. */
const MAX_TYPES = 6

/** Bytes for people: GiB/MiB/KiB with one decimal. */
export function bytesLabel(bytes: number): string {
  if (bytes >= 2 ** 30) return `${num(bytes / 2 ** 30, 2)} GiB`
  if (bytes >= 2 ** 20) return `${num(bytes / 2 ** 20)} MiB`
  if (bytes >= 1024) return `${num(bytes / 1024)} KiB`
  return `${bytes} B`
}

/** Parameters for people: `8.03 B`, `107.2 K`. */
function paramsLabel(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`
  if (n >= 1e6) return `${num(n / 1e6)} M`
  return `${num(n / 1e3)} K`
}

/** The header facts, one per line. */
export function formatHeaderText(h: GgufHeader, style: Style): string[] {
  const hp = h.hyperparameters
  const lines = [
    `${style.bold(h.name ?? h.file)} ${style.dim(`(GGUF v${h.version}, ${bytesLabel(h.fileBytes)} file)`)}`,
  ]
  const row = (label: string, value: string) => lines.push(`  ${label.padEnd(13)} ${value}`)
  const shape: string[] = []
  if (hp.blockCount != null) shape.push(`${hp.blockCount} layers`)
  if (hp.embeddingLength != null) shape.push(`embedding ${hp.embeddingLength}`)
  if (hp.headCount != null)
    shape.push(
      `${hp.headCount} heads / ${hp.headCountKv ?? hp.headCount} KV heads` +
        (hp.keyLength != null ? ` of ${hp.keyLength}` : ''),
    )
  if (hp.feedForwardLength != null) shape.push(`FFN ${hp.feedForwardLength}`)
  if (hp.expertCount != null && hp.expertCount > 0)
    shape.push(`${hp.expertUsedCount ?? '?'} of ${hp.expertCount} experts per token`)
  if (hp.vocabSize != null) shape.push(`vocabulary ${hp.vocabSize}`)
  row('Architecture', [h.architecture ?? 'unknown', ...shape].join(', '))
  if (hp.contextLength != null)
    row(
      'Context',
      `trained for ${contextLabel(hp.contextLength)} tokens` +
        (hp.slidingWindow != null ? `, sliding window ${hp.slidingWindow}` : ''),
    )
  row('Parameters', paramsLabel(h.parameterCount))
  const from = h.fileType.source === 'metadata' ? 'general.file_type' : 'guessed from the tensors'
  row(
    'Weights',
    `${bytesLabel(h.weightsBytes)} (${h.weightsBytes.toLocaleString('en-US')} bytes), ` +
      `${h.fileType.name} ${style.dim(`(${from})`)}`,
  )
  const shown = h.typeSummary.slice(0, MAX_TYPES)
  const rest = h.typeSummary.slice(MAX_TYPES)
  const parts = shown.map((t) => `${t.type} ${t.tensors}× ${bytesLabel(t.bytes)}`)
  if (rest.length > 0)
    parts.push(`${rest.length} more types ${bytesLabel(rest.reduce((s, t) => s + t.bytes, 0))}`)
  row('Tensor types', `${h.tensors.length} tensors: ${parts.join(', ')}`)
  return lines
}

/** The whole `inspect FILE` answer. */
export function formatInspectText(view: InspectView, style: Style): string {
  const lines = formatHeaderText(view.header, style)
  if (view.notes.length > 0)
    for (const n of view.notes) lines.push(`  ${style.yellow('note')} ${n}`)
  lines.push('', formatFitText(view.fit, style))
  return lines.join('\n')
}

/** One line per model of the Ollama store, with its verdict and speed. */
export function formatOllamaText(
  rows: readonly OllamaRowView[],
  stores: readonly string[],
  hardwareLabel: string,
  notes: readonly string[],
  style: Style,
): string {
  if (stores.length === 0 && rows.length === 0)
    return ['No Ollama model store found.', ...notes.map((n) => `  ${n}`)].join('\n')
  const lines = [`${style.bold('Ollama models')} in ${stores.join(', ')} on ${hardwareLabel}`]
  if (rows.length === 0) lines.push('  (no models)')
  const width = Math.max(0, ...rows.map((r) => r.name.length))
  for (const r of rows) {
    const h = r.header
    if (h == null || r.result == null) {
      lines.push(`  ${r.name.padEnd(width)}  ${style.dim('unreadable (see notes)')}`)
      continue
    }
    const res = r.result
    const color = levelColor(res.level, style)
    const what = `${h.architecture ?? '?'} ${h.fileType.name} ${bytesLabel(h.weightsBytes)}`
    const where = res.fits ? placementPhrase(res) : 'does not fit'
    const speed =
      res.speed == null ? '' : `, ~${tokensPerSec(res.speed.decodeTokensPerSec)} tokens/s`
    lines.push(
      `  ${r.name.padEnd(width)}  ${what}: ${color(LEVEL_LABEL[res.level])} at ${contextLabel(res.contextTokens)} context, ${where}${speed}`,
    )
  }
  for (const n of notes) lines.push(`  ${style.yellow('note')} ${n}`)
  return lines.join('\n')
}
