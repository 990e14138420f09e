import { Hono } from 'hono'
import type { Context } from 'hono'
import { StoreError, UnknownNameError, UsageError } from '../../core/errors.js'
import { assessFit, bestFit, rankModels } from '../../core/fit.js'
import type { Calibration, FitData } from '../../core/fit-request.js'
import type { KvCacheType } from '../../core/fit-types.js'
import type { LlmModel, ModelCatalog, ModelKind } from '../../core/model-catalog.js'
import { findModel, suggestModels } from '../../core/model-lookup.js'
import type { FitResponse, ModelsResponse } from '../api-types.js'
import { hasOverrides, intQuery, whatIfQuery } from '../request-input.js'
import type { ServerDeps } from '../server-deps.js'
import type { RouteContext } from './route-context.js'

const KINDS: readonly ModelKind[] = ['llm', 'image', 'speech', 'embedding']
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
      `${model.name} is a ${model.kind} model: memory and speed estimates exist for text models (LLMs) only so far`,
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
    return (await deps.loadCalibration()) ?? undefined
  } catch (error) {
    // A locked history must not block the estimate; it just stays uncalibrated.
    if (error instanceof StoreError) return undefined
    throw error
  }
}

/** GET /models (the catalog ranked for this machine) and GET /fit/:modelId (one model in depth). */
export function modelRoutes({ deps, hardware }: RouteContext): Hono {
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
      if (kind != null && kind !== 'llm') {
        const body: ModelsResponse = {
          hardware: hw,
          models: [],
          note: `Memory and speed estimates exist for text models (LLMs) only so far; the catalog lists ${catalog[kind].length} ${kind} models without one.`,
        }
        return c.json(body)
      }
      const ranked = rankModels(catalog.llm, hw, data, {
        contextTokens,
        kvCacheType,
        quants: quant == null ? undefined : [quant],
        calibration,
      })
      const models = ranked.map((r) => r.best).filter((f) => !fitsOnly || f.fits)
      const body: ModelsResponse = {
        hardware: hw,
        models,
        note:
          models.length === 0 && fitsOnly
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
