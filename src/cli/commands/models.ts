import { defineCommand } from 'citty'
import { UsageError } from '../../core/errors.js'
import { rankModels, type RankedModel } from '../../core/fit.js'
import type { FitResult } from '../../core/fit-types.js'
import type { ModelKind } from '../../core/model-catalog.js'
import { dbArg, outputArgs, probeArgs, whatIfArgs } from '../args.js'
import {
  fitArgs,
  parseContextTokens,
  parseKvCacheType,
  parseLimit,
  parseQuant,
} from '../fit-args.js'
import { loadFitCatalogs, resolveFitMachine, type FitContext } from '../fit-context.js'
import { formatModelsTable } from '../format/models-table.js'
import { createStyle, wantsColor } from '../format/style.js'

const KINDS: readonly ModelKind[] = ['llm', 'image', 'speech', 'embedding']

/** One row of `models --json`, in ranking order. */
export interface ModelsJsonEntry {
  readonly rank: number
  readonly params: { readonly totalB: number | null; readonly activeB: number | null }
  readonly fit: FitResult
  /** The best quantization at each checked context size (null: nothing fits there). */
  readonly byContext: RankedModel['byContext']
}

/** What `models --json` prints. */
export interface ModelsJson {
  readonly schemaVersion: 1
  readonly kind: ModelKind
  readonly hardware: string
  readonly models: readonly ModelsJsonEntry[]
}

/** `--kind`: one of the catalog's kinds. */
export function parseKind(value: string | undefined): ModelKind {
  if (value == null) return 'llm'
  const v = value.trim().toLowerCase()
  const kind = KINDS.find((k) => k === v)
  if (kind == null)
    throw new UsageError(`--kind must be one of ${KINDS.join(', ')}; got "${value}"`)
  if (kind !== 'llm')
    // The engine sizes transformer LLMs from their shape and GGUF files; image pipelines and
    // whisper need activation figures the catalog does not hold yet.
    throw new UsageError(
      `the fit engine ranks language models only so far; --kind ${kind} is in the catalog (catalog/models/${kind}.json) but not sized`,
    )
  return kind
}

/**
 * `homelab-ai models [--kind llm] [--fits] [--quant Q] [--ctx N] [--kv T] [--limit N] [--json]`
 * plus what-if flags: every catalog model ranked for this machine.
 */
export const modelsCommand = (ctx: FitContext) =>
  defineCommand({
    meta: {
      name: 'models',
      description:
        'The model catalog ranked for this machine: best quantization, context and speed',
    },
    args: {
      kind: { type: 'string', description: 'Model kind (default llm)', valueHint: 'KIND' },
      fits: { type: 'boolean', description: 'Only models that fit' },
      ...fitArgs,
      limit: { type: 'string', description: 'Show at most N models', valueHint: 'N' },
      json: outputArgs.json,
      ...whatIfArgs,
      ...probeArgs,
      ...dbArg,
    },
    async run({ args }): Promise<ModelsJson> {
      const kind = parseKind(args.kind)
      const contextTokens = parseContextTokens(args.ctx)
      const kvCacheType = parseKvCacheType(args.kv)
      const limit = parseLimit(args.limit)
      const { catalog, data } = await loadFitCatalogs(ctx)
      const quant = parseQuant(args.quant, data.quants)
      const machine = await resolveFitMachine(ctx, args)
      const all = rankModels(catalog.llm, machine.hw, data, {
        contextTokens,
        kvCacheType,
        quants: quant != null ? [quant] : undefined,
        calibration: machine.calibration ?? undefined,
      })
      const kept = all.filter((r) => args.fits !== true || r.best.fits)
      const shown = limit != null ? kept.slice(0, limit) : kept
      const doc: ModelsJson = {
        schemaVersion: 1,
        kind,
        hardware: machine.label,
        models: shown.map((r, i) => ({
          rank: i + 1,
          params: { totalB: r.model.params.totalB, activeB: r.model.params.activeB },
          fit: r.best,
          byContext: r.byContext,
        })),
      }
      if (args.json === true) ctx.io.stdout(JSON.stringify(doc, null, 2))
      else
        ctx.io.stdout(
          formatModelsTable(
            {
              ranked: shown,
              hardwareLabel: machine.label,
              hiddenCount: all.length - shown.length,
            },
            createStyle(wantsColor(ctx.isTty, ctx.env)),
          ),
        )
      return doc
    },
  })
