import { defineCommand } from 'citty'
import type { GgufHeader } from '../../adapters/gguf/gguf-types.js'
import { ggufToModel } from '../../adapters/gguf/gguf-to-model.js'
import type { OllamaStoreListing } from '../../adapters/gguf/ollama-store.js'
import { UsageError } from '../../core/errors.js'
import { assessFit } from '../../core/fit.js'
import type { FitData } from '../../core/fit-request.js'
import type { FitResult, KvCacheType } from '../../core/fit-types.js'
import type { HardwareProfile } from '../../core/hardware.js'
import { dbArg, outputArgs, probeArgs, whatIfArgs } from '../args.js'
import { checkContextForModel, fitArgs, parseContextTokens, parseKvCacheType } from '../fit-args.js'
import { loadFitCatalogs, resolveFitMachine, type FitContext } from '../fit-context.js'
import { formatInspectText, formatOllamaText } from '../format/inspect-text.js'
import { createStyle, wantsColor } from '../format/style.js'

/**
 * What `inspect` needs: the fit command's context, plus two optional readers that tests replace
 * (by default the real GGUF reader and the user's Ollama store under `env`).
 */
export interface InspectContext extends FitContext {
  readGgufHeader?(file: string): Promise<GgufHeader>
  listOllamaModels?(): Promise<OllamaStoreListing>
}

/** The `inspect FILE --json` document. */
export interface InspectFileResult {
  readonly schemaVersion: 1
  readonly header: GgufHeader
  readonly fit: FitResult
  readonly notes: readonly string[]
}

/** One model of the `inspect --ollama --json` document. */
export interface InspectOllamaModel {
  readonly name: string
  readonly blob: string
  readonly sizeBytes: number
  readonly architecture: string | null
  readonly fileType: string | null
  readonly weightsBytes: number | null
  readonly parameterCount: number | null
  /** Null when the blob could not be read (see notes). */
  readonly fit: FitResult | null
  readonly notes: readonly string[]
}

/** The `inspect --ollama --json` document. */
export interface InspectOllamaResult {
  readonly schemaVersion: 1
  readonly hardware: string
  readonly stores: readonly string[]
  readonly models: readonly InspectOllamaModel[]
  readonly notes: readonly string[]
}

/** Context the fit engine uses when none is asked (as `fit` does). */
const DEFAULT_CONTEXT = 8192

/** `homelab-ai inspect FILE.gguf | --ollama [--ctx N] [--kv T] [--json]` plus what-if flags. */
export const inspectCommand = (ctx: InspectContext) =>
  defineCommand({
    meta: {
      name: 'inspect',
      description:
        'What does this GGUF file need? Architecture, tensor types, exact weights size, fit and speed',
    },
    args: {
      file: {
        type: 'positional',
        required: false,
        description: 'A .gguf model file',
        valueHint: 'FILE',
      },
      ollama: {
        type: 'boolean',
        description: 'Inspect every model in your local Ollama store instead of one file',
      },
      ctx: fitArgs.ctx,
      kv: fitArgs.kv,
      json: outputArgs.json,
      ...whatIfArgs,
      ...probeArgs,
      ...dbArg,
    },
    async run({ args }): Promise<InspectFileResult | InspectOllamaResult> {
      const file = args.file?.trim()
      const ollama = args.ollama === true
      if (ollama && file != null && file !== '')
        throw new UsageError('give a GGUF file or --ollama, not both')
      if (!ollama && (file == null || file === ''))
        throw new UsageError(
          'name a GGUF file, e.g. `homelab-ai inspect model.gguf`, or use --ollama for your Ollama models',
        )
      const kvCacheType: KvCacheType = parseKvCacheType(args.kv) ?? 'f16'
      const askedCtx = parseContextTokens(args.ctx)
      const style = createStyle(wantsColor(ctx.isTty, ctx.env))
      const json = args.json === true

      if (!ollama) {
        // Read the file before the slow probe: a wrong path fails at once.
        const header = await readHeader(ctx, file as string)
        const { model, quant, notes } = ggufToModel(header)
        if (askedCtx != null) checkContextForModel(askedCtx, model)
        const { data } = await loadFitCatalogs(ctx)
        const machine = await resolveFitMachine(ctx, args)
        const contextTokens =
          askedCtx ?? Math.min(DEFAULT_CONTEXT, model.architecture.maxContext ?? DEFAULT_CONTEXT)
        const req = { model, quant, contextTokens, kvCacheType }
        const fit = assessFit(req, machine.hw, data, machine.calibration ?? undefined)
        const result: InspectFileResult = { schemaVersion: 1, header, fit, notes }
        ctx.io.stdout(
          json
            ? JSON.stringify(result, null, 2)
            : formatInspectText(
                {
                  header,
                  notes,
                  fit: {
                    result: fit,
                    chosen: 'asked',
                    hardwareLabel: machine.label,
                    calibration: machine.calibration,
                  },
                },
                style,
              ),
        )
        return result
      }

      const listing = await listOllama(ctx)
      const { data } = await loadFitCatalogs(ctx)
      const machine = await resolveFitMachine(ctx, args)
      const result = inspectOllama(listing, machine.hw, data, {
        contextTokens: askedCtx,
        kvCacheType,
        hardwareLabel: machine.label,
        calibration: machine.calibration ?? undefined,
      })
      ctx.io.stdout(
        json
          ? JSON.stringify(result, null, 2)
          : formatOllamaText(
              listing.models.map((m, i) => ({
                name: m.name,
                header: m.header,
                result: result.models[i]?.fit ?? null,
              })),
              listing.stores,
              machine.label,
              [
                ...result.notes,
                ...result.models.flatMap((m) => m.notes.map((n) => `${m.name}: ${n}`)),
              ],
              style,
            ),
      )
      return result
    },
  })

async function readHeader(ctx: InspectContext, file: string): Promise<GgufHeader> {
  if (ctx.readGgufHeader != null) return ctx.readGgufHeader(file)
  const { readGgufHeader } = await import('../../adapters/gguf/read-gguf-header.js')
  return readGgufHeader(file)
}

async function listOllama(ctx: InspectContext): Promise<OllamaStoreListing> {
  if (ctx.listOllamaModels != null) return ctx.listOllamaModels()
  const { listOllamaModels } = await import('../../adapters/gguf/ollama-store.js')
  return listOllamaModels({ env: ctx.env })
}

/** The fit answer for every readable model of the store, at the asked (or default) context. */
export function inspectOllama(
  listing: OllamaStoreListing,
  hw: HardwareProfile,
  data: FitData,
  opts: {
    readonly contextTokens?: number
    readonly kvCacheType: KvCacheType
    readonly hardwareLabel: string
    readonly calibration?: Parameters<typeof assessFit>[3]
  },
): InspectOllamaResult {
  const models = listing.models.map((m): InspectOllamaModel => {
    const base = { name: m.name, blob: m.blob, sizeBytes: m.sizeBytes }
    if (m.header == null)
      return {
        ...base,
        architecture: null,
        fileType: null,
        weightsBytes: null,
        parameterCount: null,
        fit: null,
        notes: [],
      }
    const { model, quant, notes } = ggufToModel(m.header)
    const max = model.architecture.maxContext ?? DEFAULT_CONTEXT
    // One --ctx for many models: cap it at each model's own maximum instead of failing.
    const contextTokens = Math.min(opts.contextTokens ?? DEFAULT_CONTEXT, max)
    const fit = assessFit(
      { model, quant, contextTokens, kvCacheType: opts.kvCacheType },
      hw,
      data,
      opts.calibration,
    )
    return {
      ...base,
      architecture: m.header.architecture,
      fileType: m.header.fileType.name,
      weightsBytes: m.header.weightsBytes,
      parameterCount: m.header.parameterCount,
      fit,
      notes,
    }
  })
  return {
    schemaVersion: 1,
    hardware: opts.hardwareLabel,
    stores: listing.stores,
    models,
    notes: listing.notes,
  }
}
