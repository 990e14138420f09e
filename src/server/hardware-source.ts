import { UnknownNameError, UsageError } from '../core/errors.js'
import type { HardwareProfile } from '../core/hardware.js'
import type { MainReport, WhatIfParams } from '../core/report-views.js'
import { applyWhatIf } from '../core/what-if.js'
import { hasOverrides, parseWhatIf } from './request-input.js'
import type { ServerDeps } from './server-deps.js'

/** The machine the dashboard shows, and what-if variants of it. */
export interface HardwareSource {
  /** The newest saved probe; with none saved, or with `refresh`, a fresh probe that is saved. */
  current(opts?: { refresh?: boolean }): Promise<{
    hardware: HardwareProfile
    snapshot: MainReport['snapshot']
  }>
  /** The current machine with what-if values applied (unchanged when none are given). */
  withWhatIf(params: WhatIfParams): Promise<HardwareProfile>
}

/** How many recent snapshots to look through for the newest real probe. */
const RECENT = 20

/** Builds the hardware source; one probe runs at a time, and callers during it share its answer. */
export function createHardwareSource(
  deps: Pick<ServerDeps, 'probeHardware' | 'history' | 'loadGpuCatalog'>,
): HardwareSource {
  let probing: Promise<{ hardware: HardwareProfile; snapshot: MainReport['snapshot'] }> | null =
    null
  const probeAndSave = () => {
    probing ??= (async () => {
      try {
        const hardware = await deps.probeHardware()
        const saved = deps.history.saveSnapshot(hardware)
        return { hardware, snapshot: { id: saved.id, db: deps.history.file } }
      } finally {
        probing = null
      }
    })()
    return probing
  }
  const current: HardwareSource['current'] = async (opts = {}) => {
    if (opts.refresh === true) return probeAndSave()
    const latest = deps.history.latestSnapshots(RECENT).find((s) => s.source === 'probe')
    if (latest == null) return probeAndSave()
    return { hardware: latest.profile, snapshot: { id: latest.id, db: deps.history.file } }
  }
  return {
    current,
    async withWhatIf(params) {
      const overrides = parseWhatIf(params)
      const { hardware } = await current()
      if (!hasOverrides(params)) return hardware
      try {
        return applyWhatIf(hardware, overrides, await deps.loadGpuCatalog())
      } catch (error) {
        // An unknown GPU name is a bad parameter here (400), not a missing page (404).
        if (error instanceof UnknownNameError) throw new UsageError(`gpu: ${error.message}`)
        throw error
      }
    },
  }
}
