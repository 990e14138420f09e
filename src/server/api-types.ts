/**
 * The web API's contract: every route with its query, body and response types. The server
 * implements it and src/web codes against it; it imports types from src/core only, so the
 * browser build never pulls in Node code. Every response body is JSON; every error is
 * `ApiError` with a non-2xx status (see docs/api.md).
 */
import type { FitResult, KvCacheType } from '../core/fit-types.js'
import type { HardwareProfile } from '../core/hardware.js'
import type { LessonResult } from '../core/learning-progress.js'
import type { ModelKind } from '../core/model-catalog.js'
import type {
  HistoryDiff,
  LessonView,
  MainReport,
  NextLessonView,
  PathsView,
  SavedProfile,
  SearchView,
  SnapshotSummary,
  WhatIfParams,
} from '../core/report-views.js'

export type {
  FitResult,
  HardwareProfile,
  HistoryDiff,
  LessonView,
  MainReport,
  NextLessonView,
  PathsView,
  SavedProfile,
  SearchView,
  SnapshotSummary,
  WhatIfParams,
}

/** Every error body: one line for people, like the CLI's. */
export interface ApiError {
  readonly error: string
}

/** GET /api/report query: `refresh=1` probes this machine again and saves the snapshot. */
export interface ReportQuery {
  readonly refresh?: '1'
}

/** GET /api/history query. */
export interface HistoryQuery {
  /** At most this many snapshots, newest first (1..1000, default 50). */
  readonly limit?: string
}

/** GET /api/history response (same as `history --json`). */
export interface HistoryResponse {
  readonly snapshots: readonly SnapshotSummary[]
}

/** GET /api/history/diff query: both ids, or neither for the two newest snapshots. */
export interface HistoryDiffQuery {
  readonly from?: string
  readonly to?: string
}

/** One catalog GPU, for the what-if editor's picker. */
export interface GpuOption {
  readonly id: string
  /** The display name; the server accepts it (and the aliases) in `gpu=`. */
  readonly name: string
  readonly vendor: 'nvidia' | 'amd' | 'intel' | 'apple'
  /** Null for integrated GPUs that borrow system RAM; for Apple the smallest unified-memory size. */
  readonly vramGiB: number | null
  readonly memoryKind: 'dedicated' | 'shared' | 'unified'
}

/** GET /api/gpus response: the GPU catalog, in catalog order. */
export interface GpusResponse {
  readonly gpus: readonly GpuOption[]
}

/** GET /api/learn response: the paths with progress, and what to read next. */
export interface LearnResponse extends PathsView {
  readonly next: NextLessonView
}

/** POST /api/learn/:lessonId/result body: the quiz score (total = the lesson's question count). */
export interface LessonResultBody {
  readonly correct: number
  readonly total: number
}

/** POST /api/learn/:lessonId/result response (201). */
export interface LessonResultResponse {
  readonly result: LessonResult
  readonly next: NextLessonView
}

/** POST /api/profiles body; the overrides are validated like the CLI flags (at least one). */
export interface SaveProfileBody {
  readonly name: string
  readonly overrides: WhatIfParams
}

/** GET /api/profiles response, newest first. */
export interface ProfilesResponse {
  readonly profiles: readonly SavedProfile[]
}

/** GET /api/models query (plus what-if params). */
export interface ModelsQuery extends WhatIfParams {
  readonly kind?: ModelKind
  /** `1`: only the models that fit. */
  readonly fits?: '1'
  /** A quantization id such as `Q4_K_M`; default: the best one that fits. */
  readonly quant?: string
  /** Context length in tokens. */
  readonly ctx?: string
}

/** GET /api/models response: the hardware reasoned about, and each model's fit, best first. */
export interface ModelsResponse {
  readonly hardware: HardwareProfile
  readonly models: readonly FitResult[]
  /** Why the list is short or empty, when it is (e.g. no estimates for that kind yet); else null. */
  readonly note: string | null
}

/** GET /api/fit/:modelId query (plus what-if params). */
export interface FitQuery extends WhatIfParams {
  readonly quant?: string
  readonly ctx?: string
  readonly kv?: KvCacheType
}

/** GET /api/fit/:modelId response. */
export interface FitResponse {
  readonly hardware: HardwareProfile
  readonly fit: FitResult
}

/**
 * The route table: `METHOD path` to its query, body and response. Path parameters are written
 * `:name`. The UI's fetch helper can be typed from this map.
 */
export interface ApiRoutes {
  'GET /api/report': { query: ReportQuery; body: never; response: MainReport }
  /** `snapshot` is always null: what-if hardware is never saved. */
  'GET /api/check': { query: WhatIfParams; body: never; response: MainReport }
  'GET /api/history': { query: HistoryQuery; body: never; response: HistoryResponse }
  'GET /api/history/diff': { query: HistoryDiffQuery; body: never; response: HistoryDiff }
  'GET /api/gpus': { query: Record<string, never>; body: never; response: GpusResponse }
  'GET /api/learn': { query: Record<string, never>; body: never; response: LearnResponse }
  'GET /api/learn/search': { query: { q: string }; body: never; response: SearchView }
  'GET /api/learn/:lessonId': { query: Record<string, never>; body: never; response: LessonView }
  'POST /api/learn/:lessonId/result': {
    query: Record<string, never>
    body: LessonResultBody
    response: LessonResultResponse
  }
  'GET /api/profiles': { query: Record<string, never>; body: never; response: ProfilesResponse }
  'POST /api/profiles': {
    query: Record<string, never>
    body: SaveProfileBody
    response: SavedProfile
  }
  'DELETE /api/profiles/:id': {
    query: Record<string, never>
    body: never
    response: { readonly deleted: number }
  }
  'GET /api/models': { query: ModelsQuery; body: never; response: ModelsResponse }
  'GET /api/fit/:modelId': { query: FitQuery; body: never; response: FitResponse }
}

/** The largest request body the server reads; a bigger one gets 413. */
export const MAX_BODY_BYTES = 64 * 1024
