import { Hono } from 'hono'
import type { Context } from 'hono'
import { StoreError, UnknownNameError, UsageError } from '../../core/errors.js'
import { assessFit, bestFit, rankModels } from '../../core/fit.js'
import type { Calibration, FitData } from '../../core/fit-request.js'
import type { FitResult, KvCacheType } from '../../core/fit-types.js'
import { rankAuxModels } from '../../core/fit-aux-rank.js'
import type { AuxKind } from '../../core/fit-aux-types.js'
import type { LlmModel, ModelCatalog, ModelKind } from '../../core/model-catalog.js'
import { findModel, suggestModels } from '../../core/model-lookup.js'
import type { FitResponse, ModelsResponse } from '../api-types.js'
import { createMemoCache } from '../memo-cache.js'
import { hasOverrides, intQuery, whatIfQuery } from '../request-input.js'
import type { ServerDeps } from '../server-deps.js'
import { calibrationForCatalog } from '../../core/calibration-model.js'
import type { RouteContext } from './route-context.js'

const KINDS: readonly ModelKind[] = ['llm', 'image', 'speech', 'embedding']
const AUX_KINDS: readonly AuxKind[] = ['image', 'speech', 'embedding']
const KV_TYPES: readonly KvCacheType[] = ['f16', 'q8_0', 'q4_0']
/** From a tiny test context to the largest windows models publish today (10M tokens). */
const CTX_RANGE = { min: 256, max: 10_485_760 }
const DEFAULT_CONTEXT = 8192

function oneOf<T extends string>(c: Context, name: string, allowed: readonly T[]): T | undefined {
  const raw = c.req.query(name)?.trim()
  if (raw == null || raw === '') return undefined
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got "${raw.slice(0, 40)}"`)
  return raw as T
}

// Quantization names are matched without regard to case (`q4_k_m` is Q4_K_M).
function quantQuery(c: Context, data: FitData): string | undefined {
  const raw = c.req.query('quant')?.trim()
  if (raw == null || raw === '') return undefined
  const hit = data.quants.find((q) => q.name.toLowerCase() === raw.toLowerCase())
  if (hit == null)
    throw new UsageError(
      `quant must be a quantization such as Q4_K_M or Q8_0; "${raw.slice(0, 40)}" is not in the catalog`,
    )
  return hit.name
}

function llmOf(catalog: ModelCatalog, id: string): LlmModel {
  const model = findModel(catalog, id)
  if (model == null)
    throw new UnknownNameError('model', id.slice(0, 80), suggestModels(catalog, id))
  if (model.kind !== 'llm')
    throw new UsageError(
      `${model.name} is ${model.kind === 'image' ? 'an' : 'a'} ${model.kind} model: this route answers for language models; see GET /api/models?kind=${model.kind}`,
    )
  return model
}

// A benchmark measured this machine only: what-if hardware keeps the datasheet figures.
export async function calibrationFor(
  deps: ServerDeps,
  whatIf: boolean,
): Promise<Calibration | undefined> {
  if (whatIf || deps.loadCalibration == null) return undefined
  try {
    const cal = await deps.loadCalibration()
    // The benchmark names its GGUF file; the engine compares with the catalog model it is.
    return cal == null ? undefined : calibrationForCatalog(cal, await deps.loadModelCatalog())
  } catch (error) {
    // A locked history must not block the estimate; it just stays uncalibrated.
    if (error instanceof StoreError) return undefined
    throw error
  }
}

/** Rankings kept: this machine and a few what-if variants, each with a few filter settings. */
const RANKINGS_KEPT = 32

/**
 * GET /models (the catalog ranked for this machine) and GET /fit/:modelId (one model in depth).
 * Rankings are cached by hardware, settings and calibration: the catalogs are the package's files
 * and do not change while the server runs, so the same key always ranks the same.
 */
export function modelRoutes({ deps, hardware }: RouteContext): Hono {
  const rankings = createMemoCache<readonly FitResult[]>(RANKINGS_KEPT)
  return new Hono()
    .get('/models', async (c) => {
      const kind = oneOf(c, 'kind', KINDS)
      const kvCacheType = oneOf(c, 'kv', KV_TYPES)
      const contextTokens = intQuery(c, 'ctx', CTX_RANGE)
      const fitsOnly = c.req.query('fits') === '1' || c.req.query('fits') === 'true'
      const whatIf = whatIfQuery(c)
      const [hw, catalog, data, calibration] = await Promise.all([
        hardware.withWhatIf(whatIf),
        deps.loadModelCatalog(),
        deps.loadFitData(),
        calibrationFor(deps, hasOverrides(whatIf)),
      ])
      const quant = quantQuery(c, data)
      const auxKinds = kind == null ? AUX_KINDS : kind === 'llm' ? [] : [kind]
      if (kind != null && kind !== 'llm' && (quant != null || contextTokens != null))
        throw new UsageError(
          `quant and ctx apply to language models only; ${kind} models are sized at their published files`,
        )
      let models: readonly FitResult[] = []
      if (kind == null || kind === 'llm') {
        const key = JSON.stringify([hw, contextTokens, kvCacheType, quant, calibration])
        const best = rankings.get(key, () =>
          rankModels(catalog.llm, hw, data, {
            contextTokens,
            kvCacheType,
            quants: quant == null ? undefined : [quant],
            calibration,
          }).map((r) => r.best),
        )
        models = best.filter((f) => !fitsOnly || f.fits)
      }
      // Each kind ranked on its own (seconds per image and tokens/s do not compare).
      const others = auxKinds.flatMap((k) =>
        rankAuxModels(catalog[k], hw, data)
          .map((r) => r.fit)
          .filter((f) => !fitsOnly || f.fits === true),
      )
      const body: ModelsResponse = {
        hardware: hw,
        models,
        others,
        note:
          models.length + others.length === 0 && fitsOnly
            ? 'No catalog model fits this hardware with these settings.'
            : null,
      }
      return c.json(body)
    })
    .get('/fit/:modelId', async (c) => {
      const kvCacheType = oneOf(c, 'kv', KV_TYPES) ?? 'f16'
      const asked = intQuery(c, 'ctx', CTX_RANGE)
      const whatIf = whatIfQuery(c)
      const [hw, catalog, data, calibration] = await Promise.all([
        hardware.withWhatIf(whatIf),
        deps.loadModelCatalog(),
        deps.loadFitData(),
        calibrationFor(deps, hasOverrides(whatIf)),
      ])
      const quant = quantQuery(c, data)
      const model = llmOf(catalog, c.req.param('modelId'))
      const maxContext = model.architecture.maxContext ?? DEFAULT_CONTEXT
      const fit =
        quant == null
          ? bestFit(model, hw, data, { contextTokens: asked, kvCacheType, calibration }).result
          : assessFit(
              {
                model,
                quant,
                contextTokens: Math.min(asked ?? DEFAULT_CONTEXT, maxContext),
                kvCacheType,
              },
              hw,
              data,
              calibration,
            )
      const body: FitResponse = { hardware: hw, fit }
      return c.json(body)
    })
}
