import { defineCommand } from 'citty'
import { UsageError } from '../../core/errors.js'
import { rankModels, type RankedModel } from '../../core/fit.js'
import type { FitResult } from '../../core/fit-types.js'
import { rankAuxModels, type RankedAux } from '../../core/fit-aux-rank.js'
import type { AuxFitResult, AuxKind } from '../../core/fit-aux-types.js'
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
import { formatAuxTable } from '../format/aux-fit-text.js'
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

/** What `models --json` prints for `--kind llm` (the default). */
export interface ModelsJson {
  readonly schemaVersion: 1
  readonly kind: ModelKind
  readonly hardware: string
  readonly models: readonly ModelsJsonEntry[]
}

/** One row of `models --kind image|speech|embedding --json`, in ranking order. */
export interface AuxModelsJsonEntry {
  readonly rank: number
  /** Image models: the diffusion model's parameters; others: the model's. */
  readonly params: { readonly totalB: number | null; readonly activeB: number | null }
  readonly fit: AuxFitResult
}

/** What `models --kind image|speech|embedding --json` prints. */
export interface AuxModelsJson {
  readonly schemaVersion: 1
  readonly kind: AuxKind
  readonly hardware: string
  readonly models: readonly AuxModelsJsonEntry[]
}

/** `--kind`: one of the catalog's kinds. */
export function parseKind(value: string | undefined): ModelKind {
  if (value == null) return 'llm'
  const v = value.trim().toLowerCase()
  const kind = KINDS.find((k) => k === v)
  if (kind == null)
    throw new UsageError(`--kind must be one of ${KINDS.join(', ')}; got "${value}"`)
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
    async run({ args }): Promise<ModelsJson | AuxModelsJson> {
      const kind = parseKind(args.kind)
      if (kind !== 'llm') return runAux(ctx, kind, args)
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

type ModelsArgs = Parameters<NonNullable<ReturnType<typeof modelsCommand>['run']>>[0]['args']

// Image, speech and embedding models: no quantization ladder or context to choose.
async function runAux(ctx: FitContext, kind: AuxKind, args: ModelsArgs): Promise<AuxModelsJson> {
  for (const flag of ['quant', 'ctx', 'kv'] as const)
    if (args[flag] != null)
      throw new UsageError(
        `--${flag} applies to language models only; --kind ${kind} ranks each model at its published file`,
      )
  const limit = parseLimit(args.limit)
  const { catalog, data } = await loadFitCatalogs(ctx)
  const machine = await resolveFitMachine(ctx, args)
  const all = rankAuxModels(catalog[kind], machine.hw, data)
  const kept = all.filter((r) => args.fits !== true || r.fit.fits === true)
  const shown: RankedAux[] = limit != null ? kept.slice(0, limit) : kept
  const doc: AuxModelsJson = {
    schemaVersion: 1,
    kind,
    hardware: machine.label,
    models: shown.map((r, i) => ({
      rank: i + 1,
      params: { totalB: r.paramsB, activeB: r.paramsB },
      fit: r.fit,
    })),
  }
  if (args.json === true) ctx.io.stdout(JSON.stringify(doc, null, 2))
  else
    ctx.io.stdout(
      formatAuxTable(
        {
          kind,
          ranked: shown,
          hardwareLabel: machine.label,
          hiddenCount: all.length - shown.length,
        },
        createStyle(wantsColor(ctx.isTty, ctx.env)),
      ),
    )
  return doc
}
