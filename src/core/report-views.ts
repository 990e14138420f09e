/**
 * The JSON documents the CLI prints with `--json` and the web API serves: one data model for both.
 * Plain data only, so the browser bundle can import these types without pulling in Node code.
 * (MainReport, SnapshotSummary, HistoryDiff, PathsView and LessonView first lived next to the
 * commands and the store; they are defined here so src/web never reaches into Node-only files.)
 */
import type { HandsOn, LabCheck, Question, Source } from './curriculum.js'
import type { HandsOnVerdict } from './hands-on.js'
import type { HardwareProfile, ProfileSource } from './hardware.js'
import type { LessonHit } from './lesson-search.js'
import type { Recommendation } from './next-lesson.js'
import type { ReadinessReport } from './readiness.js'
import type { KindPicks } from './best-per-kind.js'
import type { ProfileChange } from './snapshot-diff.js'

/** What the main job prints with `--json` (and GET /api/report serves). */
export interface MainReport {
  readonly schemaVersion: 1
  readonly hardware: HardwareProfile
  readonly readiness: ReadinessReport
  /** What this lab runs best: per model kind, the top models at their best quantization. */
  readonly bestModels: readonly KindPicks[]
  /** The saved snapshot, or null with `--no-save`, what-if flags or `--profile`. */
  readonly snapshot: { readonly id: number; readonly db: string } | null
}

/** One saved snapshot, as a history list shows it. */
export interface SnapshotSummary {
  id: number
  takenAt: string
  hostname: string | null
  source: ProfileSource
  cpuModel: string | null
  gpuNames: string[]
  memoryTotalGiB: number
}

/** `history diff --json`: what changed between two snapshots. */
export interface HistoryDiff {
  readonly from: SnapshotSummary
  readonly to: SnapshotSummary
  readonly changes: readonly ProfileChange[]
}

/** `learn --json`: every path with its lessons and whether each is done. */
export interface PathsView {
  readonly paths: readonly {
    readonly id: string
    readonly title: string
    readonly lessons: readonly {
      readonly id: string
      readonly title: string
      readonly minutes: number
      readonly done: boolean
    }[]
  }[]
}

/** `learn LESSON --json`: the lesson, its live lab sentences and its hands-on verdict. */
export interface LessonView {
  readonly id: string
  readonly title: string
  readonly minutes: number
  readonly summary: string
  readonly path: { readonly id: string; readonly title: string }
  readonly prerequisites: readonly {
    readonly id: string
    readonly title: string
    readonly done: boolean
  }[]
  readonly tags: readonly string[]
  readonly labCheck: LabCheck | null
  /** Each lab check of the lesson with the sentence about the reader's lab. */
  readonly lab: readonly { readonly check: LabCheck; readonly sentence: string }[]
  readonly handsOn: (HandsOn & { readonly prerequisite: HandsOnVerdict }) | null
  /** Markdown, with `{{lab:x}}` lines as written (the sentences are in `lab`). */
  readonly body: string
  readonly questions: readonly Question[]
  readonly sources: readonly Source[]
  readonly done: boolean
}

/** `learn next --json`: the recommendation with the lesson's title (null once all are done). */
export interface NextLessonView extends Recommendation {
  readonly title: string | null
}

/** `learn search WORDS --json`: hits best first, scores rounded to 3 decimals. */
export interface SearchView {
  readonly query: string
  readonly results: readonly LessonHit[]
}

/**
 * What-if hardware written as the CLI flags are (`gpu: '2x RTX 3090'`, `vram: '24'`, `ram: '128'`,
 * `cores: '16'`): the web API's query parameters and the overrides of a saved profile.
 */
export interface WhatIfParams {
  readonly gpu?: string
  readonly vram?: string
  readonly ram?: string
  readonly cores?: string
}

/** A what-if profile saved from the dashboard. */
export interface SavedProfile {
  readonly id: number
  /** 1 to 64 characters, unique. */
  readonly name: string
  /** ISO-8601 UTC. */
  readonly createdAt: string
  readonly overrides: WhatIfParams
}
