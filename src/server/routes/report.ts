import { Hono } from 'hono'
import { assessReadiness } from '../../core/readiness.js'
import type { MainReport } from '../../core/report-views.js'
import { bestPerKind } from '../../core/best-per-kind.js'
import type { HardwareProfile } from '../../core/hardware.js'
import { whatIfQuery } from '../request-input.js'
import type { RouteContext } from './route-context.js'
import type { ServerDeps } from '../server-deps.js'
import { calibrationFor } from './models.js'

// The same "what this lab runs best" as the CLI's main report.
async function bestModelsFor(deps: ServerDeps, hw: HardwareProfile, whatIf: boolean) {
  const [catalog, data, calibration] = await Promise.all([
    deps.loadModelCatalog(),
    deps.loadFitData(),
    calibrationFor(deps, whatIf),
  ])
  return bestPerKind(catalog, hw, data, { calibration })
}

/** GET /report (latest snapshot or a fresh probe) and GET /check (what-if readiness). */
export function reportRoutes({ deps, hardware }: RouteContext): Hono {
  return new Hono()
    .get('/report', async (c) => {
      const refresh = c.req.query('refresh')
      const { hardware: hw, snapshot } = await hardware.current({
        refresh: refresh === '1' || refresh === 'true',
      })
      const report: MainReport = {
        schemaVersion: 1,
        hardware: hw,
        readiness: assessReadiness(hw, await deps.loadGpuCatalog()),
        bestModels: await bestModelsFor(deps, hw, false),
        snapshot,
      }
      return c.json(report)
    })
    .get('/check', async (c) => {
      const hw = await hardware.withWhatIf(whatIfQuery(c))
      const report: MainReport = {
        schemaVersion: 1,
        hardware: hw,
        readiness: assessReadiness(hw, await deps.loadGpuCatalog()),
        bestModels: await bestModelsFor(deps, hw, true),
        snapshot: null,
      }
      return c.json(report)
    })
}
