/**
 * Server deps for tests: real in-memory stores, the real catalogs, the sample learning hub, and a
 * probe that returns a built machine and counts its calls. No socket is opened.
 */
import { loadGpuCatalog } from '../adapters/catalog/load-gpu-catalog.js'
import { loadModelCatalog } from '../adapters/catalog/load-model-catalog.js'
import { loadStackCatalog } from '../adapters/lab/load-stack-catalog.js'
import { openBenchStore } from '../adapters/store/bench-store.js'
import { openHistoryStore } from '../adapters/store/history-store.js'
import { openProfileStore } from '../adapters/store/profile-store.js'
import type { FitData } from '../core/fit-request.js'
import type { HardwareProfile } from '../core/hardware.js'
import type { SpeedEfficiency } from '../core/speed-efficiency.js'
import { rtx3090Box } from '../core/test-hardware.js'
import { sampleHub } from '../core/test-learning-hub.js'
import type { ServerDeps } from './server-deps.js'

/**
 * Round efficiency factors for tests only: the server tests check wiring, not speed figures
 * (the fit engine's own tests check those against measurements).
 */
export const TEST_EFFICIENCY: SpeedEfficiency = {
  schemaVersion: 1,
  derivation: 'test values',
  entries: [
    {
      key: 'nvidia/cuda',
      decode: 0.7,
      decodeOverheadUsPerLayer: 10,
      prefill: 0.4,
      rows: 0,
      source: 'test',
    },
  ],
  cpu: { decode: 0.6, prefill: 0.3, perThreadGBpsPerGHz: 3, rows: 0, source: 'test' },
  moeDecode: { factor: 0.8, rows: 0, source: 'test' },
  moePrefill: { factor: 0.7, rows: 0, source: 'test' },
  attentionPrefill: { factor: 2, rows: 0, source: 'test' },
  fallback: {
    key: 'fallback',
    decode: 0.5,
    decodeOverheadUsPerLayer: 20,
    prefill: 0.3,
    rows: 0,
    source: 'test',
  },
}

/** A fixed clock that moves one second per call, so saved rows have distinct times. */
export function testClock(start = Date.UTC(2026, 10, 30, 9, 0, 0)): () => Date {
  let t = start
  return () => new Date((t += 1000))
}

/** Test deps plus a probe counter; override any field. */
export function testServerDeps(
  overrides: Partial<ServerDeps> = {},
  machine: () => HardwareProfile = () => rtx3090Box(),
): { deps: ServerDeps; probes: () => number; errors: unknown[] } {
  const now = overrides.now ?? testClock()
  let probes = 0
  const errors: unknown[] = []
  const deps: ServerDeps = {
    now,
    probeHardware: () => {
      probes++
      return Promise.resolve(machine())
    },
    history: openHistoryStore(':memory:', { now }),
    profiles: openProfileStore(':memory:', { now }),
    bench: openBenchStore(':memory:', { now }),
    loadGpuCatalog: () => loadGpuCatalog(),
    loadModelCatalog: () => loadModelCatalog(),
    loadFitData: async (): Promise<FitData> => ({
      gpus: await loadGpuCatalog(),
      quants: (await loadModelCatalog()).quantizations,
      efficiency: TEST_EFFICIENCY,
    }),
    loadLearningHub: () => Promise.resolve(sampleHub()),
    loadStackCatalog: () => loadStackCatalog(),
    token: null,
    host: '127.0.0.1',
    staticDir: null,
    logError: (error) => errors.push(error),
    ...overrides,
  }
  return { deps, probes: () => probes, errors }
}
