/**
 * The web API's contract: every route with its query, body and response types. The server
 * implements it and src/web codes against it; it imports types from src/core only, so the
 * browser build never pulls in Node code. Every response body is JSON; every error is
 * `ApiError` with a non-2xx status (see docs/api.md).
 */
import type { BenchComparison, BenchMetric } from '../core/bench-compare.js'
import type { ClonePlan } from '../core/clone-plan-types.js'
import type { BenchReference } from '../core/bench-reference.js'
import type { BenchDocument, BenchLevel, BenchSection } from '../core/bench-types.js'
import type { FitResult, KvCacheType } from '../core/fit-types.js'
import type { AuxFitResult } from '../core/fit-aux-types.js'
import type { HardwareProfile } from '../core/hardware.js'
import type { InventoryHostView } from '../core/inventory-host-view.js'
import type { GpuMode, LabPlan } from '../core/lab-plan-types.js'
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
import type {
  StackAccelerator,
  StackModel,
  StackPort,
  StackRequirements,
  UbuntuRelease,
} from '../core/stack-catalog.js'

export type {
  AuxFitResult,
  FitResult,
  GpuMode,
  HardwareProfile,
  LabPlan,
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

/**
 * GET /api/models response: the hardware reasoned about, and each model's fit, best first.
 * `models` holds the language models (kind absent or `llm`); `others` the image, speech and
 * embedding models (kind absent: all three, each kind ranked on its own; `kind=image` etc.: that
 * kind only). With a kind, the other list is empty.
 */
export interface ModelsResponse {
  readonly hardware: HardwareProfile
  readonly models: readonly FitResult[]
  /** Image (seconds per image), speech (real-time factor) and embedding (tokens/s) models. */
  readonly others: readonly AuxFitResult[]
  /** Why the list is short or empty, when it is; else null. */
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

/** One lab stack, for the Lab page's picker (catalog/stacks.json, without the install details). */
export interface StackOption {
  readonly id: string
  readonly name: string
  readonly description: string
  readonly accelerator: StackAccelerator
  readonly cpuVariantOf: string | null
  /** Which model kind the stack serves (`kind: null`: none) and its default. */
  readonly model: StackModel
  readonly ubuntu: readonly UbuntuRelease[]
  readonly requirements: StackRequirements
  readonly ports: readonly StackPort[]
  readonly notes: readonly string[]
}

/** A catalog model a stack can serve, for the Lab page's model picker. */
export interface LabModelOption {
  readonly id: string
  readonly name: string
  /** Matches a stack's `model.kind`. */
  readonly kind: 'llm' | 'image'
  readonly family: string
}

/** GET /api/stacks response: the stacks in catalog order, and the models they can serve. */
export interface StacksResponse {
  readonly stacks: readonly StackOption[]
  readonly models: readonly LabModelOption[]
}

/**
 * POST /api/lab/plan body: `homelab-ai lab plan`'s flags as fields. Only `stackId` is required.
 * Without `ip` the guest uses DHCP. The target is a host of the configured vCenter (`host`),
 * else this machine with the what-if values when any is given, else none (a generic plan).
 */
export interface LabPlanBody extends WhatIfParams {
  readonly stackId: string
  /** Catalog id, Ollama tag or Hugging Face repo; default: the stack's. */
  readonly modelId?: string
  /** Default: passthrough for GPU stacks, none for the others. */
  readonly gpuMode?: GpuMode
  readonly vgpuProfile?: string
  /** VM name; default `ai-lab-STACK`. */
  readonly name?: string
  readonly hostname?: string
  /** Default 24.04. */
  readonly ubuntu?: UbuntuRelease
  /** Guest user; default `labadmin`. */
  readonly user?: string
  /** authorized_keys text: one or more public keys. */
  readonly sshKey?: string
  /** Static address with prefix (`192.168.1.50/24`); absent: DHCP. */
  readonly ip?: string
  readonly gateway?: string
  /** DNS servers, comma-separated. */
  readonly dns?: string
  readonly consumerGpu?: boolean
  /** `pciPassthru.64bitMMIOSizeGB`, a power of two. */
  readonly mmioGB?: number
  readonly datastore?: string
  /** Port group. */
  readonly network?: string
  readonly template?: string
  /** A host of the configured vCenter to plan for (and, for apply, to place the VM on). */
  readonly host?: string
}

/** One export file: its name in `--out DIR` and its text. */
export interface LabExportFile {
  readonly name: string
  readonly content: string
}

/** POST /api/lab/exports response: what `lab plan --out DIR` writes, in order. */
export interface LabExportsResponse {
  readonly files: readonly LabExportFile[]
}

/**
 * GET /api/vsphere response: whether the server has a vCenter. Always 200, so the page can ask
 * without a failed request; without one, `message` says how to configure it.
 */
export type VsphereStatusResponse =
  | { readonly configured: true; readonly url: string }
  | { readonly configured: false; readonly message: string }

/** GET /api/vsphere/inventory response (the fields of `homelab-ai inventory --json`). */
export interface VsphereInventoryResponse {
  /** The SDK URL without credentials. */
  readonly url: string
  readonly server: { readonly fullName: string; readonly apiType: string }
  readonly hosts: readonly InventoryHostView[]
  readonly datastores: readonly {
    readonly name: string
    readonly capacityGiB: number
    readonly freeGiB: number
    readonly type: string
  }[]
  readonly networks: readonly string[]
  /** The distributed port groups among `networks`, with what a NIC backing names. */
  readonly distributedPortgroups: readonly {
    readonly name: string
    readonly key: string
    readonly switchName: string | null
    readonly switchUuid: string | null
    /** An uplink port group carries host NICs; a VM cannot join it. */
    readonly uplink: boolean
  }[]
  readonly vms: readonly {
    readonly name: string
    readonly powerState: string
    readonly host: string | null
    readonly gpus: number
  }[]
}

/** POST /api/lab/apply body: the plan's fields, then a dry run or the confirmed real thing. */
export interface LabApplyBody extends LabPlanBody {
  /** True: say what would be created, change nothing. */
  readonly dryRun: boolean
  /** For a real apply: the plan's VM name typed again (the CLI's --yes). */
  readonly confirm?: string
  /** Default true. */
  readonly powerOn?: boolean
}

/** The VM as it would be (or was) created. */
export interface LabApplyVm {
  readonly name: string
  readonly numCpus: number
  readonly memoryMiB: number
  readonly diskGiB: number
  readonly firmware: string
  readonly secureBoot: boolean
  readonly memoryReservationLockedToMax: boolean
  readonly hardwareVersion: string
  readonly guestId: string
  /** Advanced settings by key (guestinfo values are long base64). */
  readonly extraConfig: Readonly<Record<string, string>>
  readonly pciDevices: readonly {
    readonly mode: string
    readonly vendorId: string
    readonly deviceId: string
    readonly vgpuProfile: string | null
    readonly busId: string | null
  }[]
  readonly usbDevices: readonly { readonly vendorId: string; readonly productId: string }[]
}

/** What the apply clones (or, on standalone ESXi, copies) from where to where (see `homelab-ai lab apply`). */
export type LabApplyClone = ClonePlan

/** POST /api/lab/apply response. */
export interface LabApplyResponse {
  readonly mode: 'dry-run' | 'applied'
  /** Marks the VM as made from this very plan: applying it twice changes nothing. */
  readonly planHash: string
  /** The Ubuntu cloud-image template cloned. */
  readonly template: string
  /** The clone; null when the template is missing (see `problem`). */
  readonly clone: LabApplyClone | null
  /** Why the apply would be refused (missing template with how to import it, a running source VM, a leftover folder), or null. */
  readonly problem: string | null
  readonly vm: LabApplyVm
  /** Where it goes and why; null when no host fits (see `rejected`), only in a dry run. */
  readonly placement: {
    readonly host: string
    readonly datastore: string
    readonly network: string | null
    readonly reasons: readonly string[]
  } | null
  /** Every host not chosen, with why. */
  readonly rejected: readonly { readonly host: string; readonly reasons: readonly string[] }[]
  /** The plan's warnings. */
  readonly warnings: readonly string[]
  /** Null in a dry run. */
  readonly result: {
    readonly status: 'created' | 'unchanged'
    readonly vmId: string
    readonly name: string
    readonly host: string
    readonly datastore: string
  } | null
  /** Task progress lines of a real apply, in order. */
  readonly progress: readonly string[]
}

/** GET /api/bench/runs query. */
export interface BenchRunsQuery {
  /** At most this many runs, newest first (1..1000, default 200). */
  readonly limit?: string
}

/** One saved benchmark run as the Benchmarks page lists and charts it. */
export interface BenchRunItem {
  readonly id: number
  readonly runAt: string
  /** The sections run, joined with `+`, or `all`. */
  readonly kind: string
  readonly level: BenchLevel
  readonly sections: readonly BenchSection[]
  /** Each figure of `metrics` the run has, by its path (`memory.copyGBps`). */
  readonly figures: Readonly<Record<string, number>>
  /** The model the LLM section ran, or null. */
  readonly llmModel: string | null
  /** How many sections could not run. */
  readonly failures: number
}

/** GET /api/bench/runs response: the runs newest first, and the figures a run can have. */
export interface BenchRunsResponse {
  readonly runs: readonly BenchRunItem[]
  /** Every figure, in display order, with its unit and whether higher is better. */
  readonly metrics: readonly BenchMetric[]
}

/** GET /api/bench/runs/:id response: the same JSON as `homelab-ai bench --json`. */
export type BenchRunResponse = BenchDocument & { readonly runId: number }

/** GET /api/bench/compare query: two run ids; the ratio is B / A. */
export interface BenchCompareQuery {
  readonly a: string
  readonly b: string
}

/** GET /api/bench/compare response: the same JSON as `homelab-ai bench compare A B --json`. */
export interface BenchCompareResponse extends BenchComparison {
  readonly a: number
  readonly b: number
}

/**
 * GET /api/bench/reference response: the newest measured figures beside the catalogs' peaks and
 * the fit engine's predictions, for the machine of the latest snapshot.
 */
export interface BenchReferenceResponse extends BenchReference {
  readonly hostname: string | null
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
  'GET /api/bench/runs': { query: BenchRunsQuery; body: never; response: BenchRunsResponse }
  'GET /api/bench/runs/:id': {
    query: Record<string, never>
    body: never
    response: BenchRunResponse
  }
  'GET /api/bench/compare': {
    query: BenchCompareQuery
    body: never
    response: BenchCompareResponse
  }
  'GET /api/bench/reference': {
    query: Record<string, never>
    body: never
    response: BenchReferenceResponse
  }
  'GET /api/stacks': { query: Record<string, never>; body: never; response: StacksResponse }
  'POST /api/lab/plan': { query: Record<string, never>; body: LabPlanBody; response: LabPlan }
  'POST /api/lab/exports': {
    query: Record<string, never>
    body: LabPlanBody
    response: LabExportsResponse
  }
  /** The one route that answers with something else than JSON: `application/zip`. */
  'POST /api/lab/exports.zip': { query: Record<string, never>; body: LabPlanBody; response: Blob }
  'GET /api/vsphere': {
    query: Record<string, never>
    body: never
    response: VsphereStatusResponse
  }
  'GET /api/vsphere/inventory': {
    query: Record<string, never>
    body: never
    response: VsphereInventoryResponse
  }
  'POST /api/lab/apply': {
    query: Record<string, never>
    body: LabApplyBody
    response: LabApplyResponse
  }
}

/** The largest request body the server reads; a bigger one gets 413. */
export const MAX_BODY_BYTES = 64 * 1024
