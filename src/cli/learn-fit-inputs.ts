/** The fit engine's inputs for `learn`'s hands-on verdicts (how fast a lesson's model runs here). */
import type { Context } from '../app/context.js'
import type { HandsOnFitInputs } from '../core/hands-on-fit.js'
import { fitContextFrom, loadFitCatalogs, loadMachineCalibration } from './fit-context.js'

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
  // A broken history must not block a lesson: the speed just stays a datasheet estimate.
  const calibration = await loadMachineCalibration(fitCtx, dbPath, () => undefined)
  return { catalog, data, calibration }
}
