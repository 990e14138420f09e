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
import { auxLevelLabel, auxSpeedLabel } from './aux-fit-text.js'
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
      `  ${KIND_TITLE[k.kind]} ${style.dim(`(${k.fittingCount} of ${k.totalCount} in the catalog fit${k.kind !== 'llm' && k.unknownCount > 0 ? `; ${k.unknownCount} not sized: the catalog lacks facts` : ''})`)}`,
    )
    if (k.picks.length === 0)
      lines.push(
        `    ${style.yellow(k.kind !== 'llm' && k.unknownCount === k.totalCount ? 'none could be sized yet' : 'none fits this machine')}`,
      )
    if (k.kind === 'llm')
      for (const r of k.picks) {
        const b = r.best
        const speed =
          b.speed != null ? `${tokensPerSec(b.speed.decodeTokensPerSec)} tokens/s` : 'speed unknown'
        lines.push(
          `    ${levelColor(b.level, style)(LEVEL_LABEL[b.level].padEnd(9))} ${style.bold(r.model.name)} ${style.dim(`(${paramsLabel(r.model)})`)}: ${b.quant}, ${contextLabel(b.contextTokens)} context, ${speed}, ${placementPhrase(b)}`,
        )
      }
    else
      for (const r of k.picks) {
        const f = r.fit
        const color = f.level === 'unknown' ? style.dim : levelColor(f.level, style)
        const where =
          f.placement === 'cpu'
            ? 'on the CPU'
            : f.placement === 'partial-offload'
              ? 'on the GPU, text encoders in RAM'
              : 'on the GPU'
        lines.push(
          `    ${color(auxLevelLabel(f.level).padEnd(9))} ${style.bold(r.model.name)}: ${f.speed != null ? auxSpeedLabel(f.speed) : 'speed unknown'}, ${where}`,
        )
      }
  }
  lines.push(
    style.dim('  All models: homelab-ai models; one model in detail: homelab-ai fit MODEL'),
  )
  return lines.join('\n')
}
