import { defineCommand } from 'citty'
import { UnknownNameError, UsageError } from '../../core/errors.js'
import { assessFit, bestFit } from '../../core/fit.js'
import type { FitResult, KvCacheType } from '../../core/fit-types.js'
import type { AuxModel } from '../../core/fit-aux-rank.js'
import type { AuxFitResult } from '../../core/fit-aux-types.js'
import { assessAuxFit, auxQuantKnown } from '../../core/fit-image-speech.js'
import type { LlmModel, ModelCatalog } from '../../core/model-catalog.js'
import { findModel, parseModelRef, suggestModels } from '../../core/model-lookup.js'
import { dbArg, outputArgs, probeArgs, whatIfArgs } from '../args.js'
import {
  checkContextForModel,
  fitArgs,
  parseContextTokens,
  parseKvCacheType,
  parseQuant,
} from '../fit-args.js'
import { loadFitCatalogs, resolveFitMachine, type FitContext } from '../fit-context.js'
import { formatFitText, type FitView } from '../format/fit-text.js'
import { formatAuxFitText } from '../format/aux-fit-text.js'
import { createStyle, wantsColor } from '../format/style.js'

/** The model a user named (any kind), or UnknownNameError with the closest catalog ids. */
export function resolveModel(catalog: ModelCatalog, input: string): CatalogModel {
  const model = findModel(catalog, input)
  if (model == null) throw new UnknownNameError('model', input, suggestModels(catalog, input))
  return model
}

type CatalogModel = LlmModel | AuxModel

// Embedding models run at their published file; Whisper takes --quant among its files, image
// models among the published formats of their diffusion model (fp16, fp8, Q4_K_S...).
function checkAuxFlags(model: AuxModel, args: { quant?: string; ctx?: string; kv?: string }): void {
  const flags: readonly ('ctx' | 'kv' | 'quant')[] =
    model.kind === 'embedding' ? ['ctx', 'kv', 'quant'] : ['ctx', 'kv']
  const refused = flags.filter((f) => args[f] != null)
  if (refused.length > 0)
    throw new UsageError(
      `--${refused[0]} applies to language models; ${model.id} is ${model.kind === 'image' ? 'an' : 'a'} ${model.kind} model, sized at its published ${model.kind === 'embedding' ? 'file' : 'files (choose one with --quant)'}`,
    )
}

/**
 * `homelab-ai fit MODEL [--quant Q] [--ctx N] [--kv T] [--json]` plus what-if flags. Without
 * --quant and --ctx the engine picks the best quantization and reports the largest context.
 */
export const fitCommand = (ctx: FitContext) =>
  defineCommand({
    meta: {
      name: 'fit',
      description:
        'Will this model run here? Quantization, context, memory per GPU and tokens per second',
    },
    args: {
      model: {
        type: 'positional',
        required: false,
        description:
          'Catalog id, Ollama tag (llama3.1:8b) or Hugging Face repo (meta-llama/Llama-3.1-8B-Instruct)',
        valueHint: 'MODEL',
      },
      ...fitArgs,
      json: outputArgs.json,
      ...whatIfArgs,
      ...probeArgs,
      ...dbArg,
    },
    async run({ args }): Promise<FitResult | AuxFitResult> {
      // Check everything typed before the slow probe, so a typo fails at once.
      if (args.model == null || args.model.trim() === '')
        throw new UsageError(
          'name a model, e.g. `homelab-ai fit llama3.1:8b` (list them with `homelab-ai models`)',
        )
      const kvCacheType: KvCacheType = parseKvCacheType(args.kv) ?? 'f16'
      const askedCtx = parseContextTokens(args.ctx)
      const { catalog, data } = await loadFitCatalogs(ctx)
      const found = resolveModel(catalog, args.model)
      if (found.kind !== 'llm') {
        checkAuxFlags(found, args)
        if (args.quant != null) {
          const { known, formats } = auxQuantKnown(found, args.quant, data)
          if (!known)
            throw new UsageError(
              `--quant for ${found.id} must be one of its published formats: ${formats.join(', ')}; got "${args.quant}"`,
            )
        }
        const machine = await resolveFitMachine(ctx, args)
        const result = assessAuxFit(found, machine.hw, data, { quant: args.quant })
        if (args.json === true) ctx.io.stdout(JSON.stringify(result, null, 2))
        else
          ctx.io.stdout(
            formatAuxFitText(result, machine.label, createStyle(wantsColor(ctx.isTty, ctx.env))),
          )
        return result
      }
      const model = found
      const refQuant = parseModelRef(args.model).quant
      const quant =
        parseQuant(args.quant, data.quants) ??
        (refQuant != null ? parseQuant(refQuant, data.quants, 'the quantization tag') : undefined)
      if (askedCtx != null) checkContextForModel(askedCtx, model)
      const machine = await resolveFitMachine(ctx, args)
      const calibration = machine.calibration ?? undefined

      let view: Omit<FitView, 'catalogSpeed' | 'hardwareLabel' | 'calibration'>
      let catalogResult: FitResult | null = null
      if (quant != null && askedCtx != null) {
        const req = { model, quant, contextTokens: askedCtx, kvCacheType }
        view = { result: assessFit(req, machine.hw, data, calibration), chosen: 'asked' }
        if (calibration != null) catalogResult = assessFit(req, machine.hw, data)
      } else {
        const opts = {
          contextTokens: askedCtx,
          kvCacheType,
          quants: quant != null ? [quant] : undefined,
        }
        const best = bestFit(model, machine.hw, data, { ...opts, calibration })
        view = {
          result: best.result,
          chosen: quant == null ? 'best' : 'asked',
          maxContextTokens: best.maxContextTokens,
          tried: best.tried,
        }
        if (calibration != null) {
          const req = {
            model,
            quant: best.result.quant,
            contextTokens: best.result.contextTokens,
            kvCacheType,
          }
          catalogResult = assessFit(req, machine.hw, data)
        }
      }
      if (args.json === true) ctx.io.stdout(JSON.stringify(view.result, null, 2))
      else
        ctx.io.stdout(
          formatFitText(
            {
              ...view,
              hardwareLabel: machine.label,
              moe: model.moe != null,
              calibration: machine.calibration,
              catalogSpeed: catalogResult?.speed ?? null,
            },
            createStyle(wantsColor(ctx.isTty, ctx.env)),
          ),
        )
      return view.result
    },
  })
