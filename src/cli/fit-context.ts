/** What `fit` and `models` need from the outside world, and the shared steps that load it. */
import type { Context } from '../app/context.js'
import { StoreError } from '../core/errors.js'
import type { Calibration, FitData } from '../core/fit-request.js'
import { calibrationForCatalog } from '../core/calibration-model.js'
import type { HardwareProfile } from '../core/hardware.js'
import type { ModelCatalog } from '../core/model-catalog.js'
import { hasWhatIf, resolveHardware, type WhatIfArgValues } from './hardware-args.js'

/**
 * The lead's Context plus three optional loaders; each defaults to the package's catalog files,
 * and without `loadCalibration` speeds come from datasheets only.
 */
export interface FitContext extends Context {
  loadModelCatalog?(): Promise<ModelCatalog>
  loadFitData?(): Promise<FitData>
  /** This machine's latest benchmark as a calibration (`latestCalibration(store)`), or null. */
  loadCalibration?(dbPath?: string): Promise<Calibration | null>
}

/**
 * The real FitContext from the app Context, what main.ts passes to `fitCommand`/`modelsCommand`:
 * the calibration comes from the benchmark runs in the history store.
 */
export function fitContextFrom(ctx: Context): FitContext {
  return {
    ...ctx,
    async loadCalibration(dbPath) {
      // The history store checks and migrates the file; the bench store then reads the same file.
      const history = await ctx.openStore(dbPath)
      try {
        const { openBenchStore, latestCalibration } =
          await import('../adapters/store/bench-store.js')
        const bench = openBenchStore(history.file, { now: ctx.now })
        try {
          return latestCalibration(bench)
        } finally {
          bench.close()
        }
      } finally {
        history.close()
      }
    },
  }
}

/** The catalogs, loaded once per command. */
export async function loadFitCatalogs(
  ctx: FitContext,
): Promise<{ catalog: ModelCatalog; data: FitData }> {
  const catalog =
    ctx.loadModelCatalog != null
      ? await ctx.loadModelCatalog()
      : await import('../adapters/catalog/load-model-catalog.js').then((m) => m.loadModelCatalog())
  const data =
    ctx.loadFitData != null
      ? await ctx.loadFitData()
      : await import('../adapters/catalog/load-fit-data.js').then((m) =>
          m.loadFitData({
            gpus: () => ctx.loadGpuCatalog(),
            models: () => Promise.resolve(catalog),
          }),
        )
  return { catalog, data }
}

/**
 * This machine's latest benchmark as a calibration for the catalog's models, or null when nothing
 * was measured. A locked or broken history must not block an estimate: `onStoreError` hears of
 * it and the estimate stays uncalibrated.
 */
export async function loadMachineCalibration(
  ctx: FitContext,
  dbPath: string | undefined,
  onStoreError: (err: StoreError) => void,
): Promise<Calibration | null> {
  if (ctx.loadCalibration == null) return null
  try {
    const cal = await ctx.loadCalibration(dbPath)
    // A store without benchmark runs yields an empty calibration: nothing measured to use.
    if (cal == null || (cal.llm == null && cal.memoryBandwidthGBps == null)) return null
    // The benchmark names its GGUF file; the engine compares with the catalog model it is.
    const { catalog } = await loadFitCatalogs(ctx)
    return calibrationForCatalog(cal, catalog)
  } catch (err) {
    if (!(err instanceof StoreError)) throw err
    onStoreError(err)
    return null
  }
}

/** The machine a fit is judged on, how to name it, and its calibration when it is this machine. */
export interface FitMachine {
  readonly hw: HardwareProfile
  readonly label: string
  readonly calibration: Calibration | null
}

/** Resolves hardware (profile / probe / what-if) and, for this machine only, its calibration. */
export async function resolveFitMachine(
  ctx: FitContext,
  args: WhatIfArgValues & { db?: string },
): Promise<FitMachine> {
  const hw = await resolveHardware(ctx, args)
  const label = hardwareLabel(hw, args)
  // A benchmark measured this machine; it says nothing about a profile or pretend hardware.
  const own = args.profile == null && !hasWhatIf(args)
  const calibration = own
    ? await loadMachineCalibration(ctx, args.db, (err) =>
        ctx.io.stderr(`note: no calibration from the benchmark history (${err.message})`),
      )
    : null
  return { hw, label, calibration }
}

/** `this machine (gpu-box)`, `the profile lab.json`, `what-if hardware (--gpu "2x RTX 3090")`. */
export function hardwareLabel(hw: HardwareProfile, args: WhatIfArgValues): string {
  if (hasWhatIf(args)) {
    const parts: string[] = []
    if (args.gpu != null) parts.push(`--gpu "${args.gpu}"`)
    if (args.vram != null) parts.push(`--vram ${args.vram}`)
    if (args.ram != null) parts.push(`--ram ${args.ram}`)
    if (args.cores != null) parts.push(`--cores ${args.cores}`)
    const base = args.profile != null ? ` on ${args.profile}` : ''
    return `what-if hardware (${parts.join(' ')}${base})`
  }
  if (args.profile != null) return `the profile ${args.profile}`
  return hw.os.hostname != null ? `this machine (${hw.os.hostname})` : 'this machine'
}
