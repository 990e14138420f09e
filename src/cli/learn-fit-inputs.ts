/** The fit engine's inputs for `learn`'s hands-on verdicts (how fast a lesson's model runs here). */
import type { Context } from '../app/context.js'
import { StoreError } from '../core/errors.js'
import type { Calibration } from '../core/fit-request.js'
import { calibrationForCatalog } from '../core/calibration-model.js'
import type { HandsOnFitInputs } from '../core/hands-on-fit.js'
import { fitContextFrom, loadFitCatalogs } from './fit-context.js'

/** The package's catalogs, no calibration: datasheet speeds. */
export async function loadPackageFitInputs(): Promise<HandsOnFitInputs> {
  const [{ loadModelCatalog }, { loadFitData }] = await Promise.all([
    import('../adapters/catalog/load-model-catalog.js'),
    import('../adapters/catalog/load-fit-data.js'),
  ])
  const catalog = await loadModelCatalog()
  const data = await loadFitData({ models: () => Promise.resolve(catalog) })
  return { catalog, data, calibration: null }
}

/**
 * The catalogs plus this machine's latest benchmark, as `homelab-ai fit` uses them, so the
 * lesson's verdict and `fit MODEL` give the same speed. What main.ts passes as `loadFitInputs`.
 */
export async function loadCalibratedFitInputs(
  ctx: Context,
  dbPath?: string,
): Promise<HandsOnFitInputs> {
  const fitCtx = fitContextFrom(ctx)
  const { catalog, data } = await loadFitCatalogs(fitCtx)
  let calibration: Calibration | null = null
  try {
    const cal = (await fitCtx.loadCalibration?.(dbPath)) ?? null
    // A store without benchmark runs yields an empty calibration: nothing measured to use.
    if (cal != null && (cal.llm != null || cal.memoryBandwidthGBps != null))
      calibration = calibrationForCatalog(cal, catalog)
  } catch (err) {
    // A locked or broken history must not block a lesson; the speed just stays a datasheet estimate.
    if (!(err instanceof StoreError)) throw err
  }
  return { catalog, data, calibration }
}
