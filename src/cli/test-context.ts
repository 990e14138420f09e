import type { Context, ProbeOptions } from '../app/context.js'
import type { HardwareProfile } from '../core/hardware.js'
import { rtx3090Box } from '../core/test-hardware.js'
import { openHistoryStore, type HistoryStore } from '../adapters/store/history-store.js'
import { loadGpuCatalog } from '../adapters/catalog/load-gpu-catalog.js'
import { loadHardwareProfile } from '../adapters/hardware/load-profile.js'
import { loadLearningHub } from '../adapters/content/load-learning-hub.js'

/** A Context for command tests: a fake machine, one in-memory store kept open, captured output. */
export interface TestContext extends Context {
  readonly out: string[]
  readonly err: string[]
  readonly store: HistoryStore
  readonly probeCalls: ProbeOptions[]
  /** All stdout as one string. */
  stdoutText(): string
}

/** Builds a test context around `machine` (default: a bare-metal RTX 3090 box). */
export function createTestContext(machine: HardwareProfile = rtx3090Box()): TestContext {
  const out: string[] = []
  const err: string[] = []
  const probeCalls: ProbeOptions[] = []
  const store = openHistoryStore(':memory:', { now: () => new Date('2026-11-30T10:00:00Z') })
  // Commands close the store when they are done; the test keeps using the same one.
  const shared: HistoryStore = { ...store, close: () => undefined }
  return {
    out,
    err,
    store: shared,
    probeCalls,
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    env: {},
    now: () => new Date('2026-11-30T10:00:00Z'),
    isTty: false,
    columns: undefined,
    ask: () => Promise.resolve(null),
    loadLearningHub: () => loadLearningHub(),
    probeHardware(opts = {}) {
      probeCalls.push(opts)
      return Promise.resolve(machine)
    },
    openStore: () => Promise.resolve(shared),
    loadGpuCatalog,
    loadProfile: loadHardwareProfile,
    stdoutText: () => out.join('\n'),
  }
}
