/** The main report's "What this lab runs best" section. */
import type { KindPicks } from '../../core/best-per-kind.js'
import type { ModelKind } from '../../core/model-catalog.js'
import {
  contextLabel,
  levelColor,
  LEVEL_LABEL,
  placementPhrase,
  tokensPerSec,
} from './fit-words.js'
import { paramsLabel } from './models-table.js'
import type { Style } from './style.js'

const KIND_TITLE: Readonly<Record<ModelKind, string>> = {
  llm: 'Language models',
  image: 'Image models',
  speech: 'Speech models',
  embedding: 'Embedding models',
}

/** One block per kind: each pick with quantization, context, placement and speed. */
export function formatBestPerKind(kinds: readonly KindPicks[], style: Style): string {
  const lines = [style.bold('What this lab runs best')]
  for (const k of kinds) {
    lines.push(
      `  ${KIND_TITLE[k.kind]} ${style.dim(`(${k.fittingCount} of ${k.totalCount} in the catalog fit)`)}`,
    )
    if (k.picks.length === 0) lines.push(`    ${style.yellow('none fits this machine')}`)
    for (const r of k.picks) {
      const b = r.best
      const speed =
        b.speed != null ? `${tokensPerSec(b.speed.decodeTokensPerSec)} tokens/s` : 'speed unknown'
      lines.push(
        `    ${levelColor(b.level, style)(LEVEL_LABEL[b.level].padEnd(9))} ${style.bold(r.model.name)} ${style.dim(`(${paramsLabel(r.model)})`)}: ${b.quant}, ${contextLabel(b.contextTokens)} context, ${speed}, ${placementPhrase(b)}`,
      )
    }
  }
  lines.push(
    style.dim('  All models: homelab-ai models; one model in detail: homelab-ai fit MODEL'),
  )
  return lines.join('\n')
}
