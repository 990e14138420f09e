import type { BenchStore } from '../adapters/store/bench-store.js'
import type { HistoryStore } from '../adapters/store/history-store.js'
import type { ProfileStore } from '../adapters/store/profile-store.js'
import type { LearningHub } from '../core/curriculum.js'
import type { Calibration, FitData } from '../core/fit-request.js'
import type { GpuCatalog } from '../core/gpu-catalog.js'
import type { HardwareProfile } from '../core/hardware.js'
import type { ModelCatalog } from '../core/model-catalog.js'
import type { StackCatalog } from '../core/stack-catalog.js'
import type { VsphereAccess } from './vsphere-access.js'

/** What the server reads and writes in the local store; `openHistoryStore` gives all of it. */
export type ServerHistoryStore = Pick<
  HistoryStore,
  | 'file'
  | 'saveSnapshot'
  | 'listSnapshots'
  | 'getSnapshot'
  | 'latestSnapshots'
  | 'latestProfile'
  | 'listLessonResults'
  | 'recordLessonResult'
>

/** The saved benchmark runs the server reads; `openBenchStore` gives them. */
export type ServerBenchStore = Pick<BenchStore, 'listBenchRuns' | 'getBenchRun' | 'latestBenchRuns'>

/** Everything the server touches, passed in: the real adapters in `serve`, fakes in tests. */
export interface ServerDeps {
  readonly now: () => Date
  /** Probes this machine (seconds: external tools run). */
  probeHardware(): Promise<HardwareProfile>
  readonly history: ServerHistoryStore
  readonly profiles: Omit<ProfileStore, 'close'>
  /** Saved benchmark runs, in the same store file as `history`. */
  readonly bench: ServerBenchStore
  loadGpuCatalog(): Promise<GpuCatalog>
  loadModelCatalog(): Promise<ModelCatalog>
  /** The fit engine's data: GPU catalog, quantizations and speed efficiencies. */
  loadFitData(): Promise<FitData>
  /** This machine's latest benchmark as a calibration, or null; absent: datasheet figures only. */
  loadCalibration?(): Promise<Calibration | null>
  loadLearningHub(): Promise<LearningHub>
  /** The lab stacks (catalog/stacks.json). */
  loadStackCatalog(): Promise<StackCatalog>
  /** The vCenter from the server's environment; null or absent: the vSphere routes say how to set one. */
  readonly vsphere?: VsphereAccess | null
  /** Null: no token (loopback only). Otherwise every /api call needs it. */
  readonly token: string | null
  /** The address the server listens on, for the Host check. */
  readonly host: string
  /** The built UI (dist/web); null serves the API alone. */
  readonly staticDir: string | null
  /** Where unexpected errors are logged with their stack (the page only sees "internal error"). */
  readonly logError: (error: unknown) => void
}
