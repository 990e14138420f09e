import type { HardwareProfile, ProfileSource } from '../../core/hardware.js'
import type { SnapshotSummary } from '../../core/report-views.js'

export type { SnapshotSummary } from '../../core/report-views.js'
import { HARDWARE_SCHEMA_VERSION } from '../../core/hardware.js'
import { StoreError, UsageError } from '../../core/errors.js'
import type { LessonResult } from '../../core/learning-progress.js'
import {
  openStoreFile,
  type OpenStoreFileOptions,
  type StoreConnection,
} from './store-connection.js'

/** A saved snapshot with the full profile. */
export interface SnapshotRecord extends SnapshotSummary {
  profile: HardwareProfile
}

/** The saved hardware history: one SQLite file, or `:memory:`. */
export interface HistoryStore {
  readonly file: string
  saveSnapshot(profile: HardwareProfile): SnapshotRecord
  /** Newest first. */
  listSnapshots(opts?: { limit?: number }): SnapshotSummary[]
  getSnapshot(id: number): SnapshotRecord | null
  /** The `n` newest snapshots, newest first. */
  latestSnapshots(n: number): SnapshotRecord[]
  /** The newest snapshot probed on this machine (not a profile or what-if), or null. */
  latestProfile(): HardwareProfile | null
  /** Every finished lesson quiz, oldest first. */
  listLessonResults(): LessonResult[]
  recordLessonResult(result: LessonResult): void
  close(): void
}

/** How to open the store; every field has a real default. */
export type OpenHistoryStoreOptions = Omit<OpenStoreFileOptions, 'mustExist'>

const SOURCES: readonly ProfileSource[] = ['probe', 'profile', 'what-if']

interface SnapshotRow {
  id: number
  taken_at: string
  hostname: string | null
  schema_version: number
  source: string
  profile_json: string
}

/** Opens (creating and migrating when needed) the history store at `file`, or `:memory:`. */
export function openHistoryStore(file: string, opts: OpenHistoryStoreOptions = {}): HistoryStore {
  const now = opts.now ?? (() => new Date())
  return createStore(openStoreFile(file, 'history store', { ...opts, now }), now)
}

function createStore(connection: StoreConnection, now: () => Date): HistoryStore {
  const { db, file, guard } = connection
  const columns = 'id, taken_at, hostname, schema_version, source, profile_json'
  // ISO-8601 UTC strings sort like the times they name; id breaks ties within one millisecond.
  const newestFirst = 'ORDER BY taken_at DESC, id DESC'

  return {
    file,
    saveSnapshot(profile) {
      return guard(() => {
        const takenAt = now().toISOString()
        const info = db
          .prepare(
            'INSERT INTO snapshots (taken_at, hostname, schema_version, source, profile_json) VALUES (?, ?, ?, ?, ?)',
          )
          .run(
            takenAt,
            profile.os.hostname,
            profile.schemaVersion,
            profile.source,
            JSON.stringify(profile),
          )
        return { ...summarize(Number(info.lastInsertRowid), takenAt, profile), profile }
      })
    },
    listSnapshots(opts = {}) {
      const limit = opts.limit == null ? -1 : checkCount('limit', opts.limit, 1)
      return guard(() =>
        db
          .prepare<[number], SnapshotRow>(`SELECT ${columns} FROM snapshots ${newestFirst} LIMIT ?`)
          .all(limit)
          .map((row) => withoutProfile(toRecord(row, file))),
      )
    },
    getSnapshot(id) {
      if (!Number.isSafeInteger(id)) return null
      return guard(() => {
        const row = db
          .prepare<[number], SnapshotRow>(`SELECT ${columns} FROM snapshots WHERE id = ?`)
          .get(id)
        return row == null ? null : toRecord(row, file)
      })
    },
    latestSnapshots(n) {
      const count = checkCount('count', n, 0)
      return guard(() =>
        db
          .prepare<[number], SnapshotRow>(`SELECT ${columns} FROM snapshots ${newestFirst} LIMIT ?`)
          .all(count)
          .map((row) => toRecord(row, file)),
      )
    },
    latestProfile() {
      return guard(() => {
        const row = db
          .prepare<[], SnapshotRow>(
            `SELECT ${columns} FROM snapshots WHERE source = 'probe' ${newestFirst} LIMIT 1`,
          )
          .get()
        return row == null ? null : toRecord(row, file).profile
      })
    },
    listLessonResults() {
      return guard(() =>
        db
          .prepare<[], { lesson_id: string; completed_at: string; correct: number; total: number }>(
            'SELECT lesson_id, completed_at, correct, total FROM lesson_results ORDER BY completed_at, id',
          )
          .all()
          .map((r) => ({
            lessonId: r.lesson_id,
            completedAt: r.completed_at,
            correct: r.correct,
            total: r.total,
          })),
      )
    },
    recordLessonResult(result) {
      if (
        !Number.isInteger(result.correct) ||
        !Number.isInteger(result.total) ||
        result.correct < 0 ||
        result.correct > result.total
      )
        throw new UsageError(
          `a lesson result needs 0 <= correct <= total, got ${result.correct}/${result.total}`,
        )
      guard(() =>
        db
          .prepare(
            'INSERT INTO lesson_results (lesson_id, completed_at, correct, total) VALUES (?, ?, ?, ?)',
          )
          .run(result.lessonId, result.completedAt, result.correct, result.total),
      )
    },
    close: () => connection.close(),
  }
}

function toRecord(row: SnapshotRow, file: string): SnapshotRecord {
  const where = `snapshot #${row.id} in ${file}`
  if (row.schema_version > HARDWARE_SCHEMA_VERSION)
    throw new StoreError(
      `${where} uses hardware schema ${row.schema_version}, newer than this build's ${HARDWARE_SCHEMA_VERSION}; upgrade homelab-ai`,
    )
  let parsed: unknown
  try {
    parsed = JSON.parse(row.profile_json)
  } catch (error) {
    throw new StoreError(`${where} is damaged (${messageOf(error)})`, { cause: error })
  }
  const problem = profileProblem(parsed)
  if (problem != null) throw new StoreError(`${where} is damaged (${problem})`)
  const profile = parsed as HardwareProfile
  return { ...summarize(row.id, row.taken_at, profile), profile }
}

function withoutProfile(record: SnapshotRecord): SnapshotSummary {
  const { id, takenAt, hostname, source, cpuModel, gpuNames, memoryTotalGiB } = record
  return { id, takenAt, hostname, source, cpuModel, gpuNames, memoryTotalGiB }
}

function summarize(id: number, takenAt: string, profile: HardwareProfile): SnapshotSummary {
  return {
    id,
    takenAt,
    hostname: profile.os.hostname,
    source: profile.source,
    cpuModel: profile.cpu.model,
    gpuNames: profile.gpus.map((gpu) => gpu.name),
    memoryTotalGiB: profile.memory.totalGiB,
  }
}

// A light check of the shape we read back: enough that summaries and diffs cannot crash on it.
function profileProblem(value: unknown): string | null {
  if (!isObject(value)) return 'the profile is not a JSON object'
  if (typeof value.schemaVersion !== 'number') return 'no schemaVersion'
  if (!SOURCES.includes(value.source as ProfileSource)) return 'unknown source'
  for (const key of ['os', 'cpu', 'memory', 'virtualization', 'runtimes'] as const)
    if (!isObject(value[key])) return `no ${key} section`
  for (const key of ['gpus', 'accelerators', 'storage', 'notes'] as const)
    if (!Array.isArray(value[key])) return `no ${key} list`
  if (!isObject(value.memory) || typeof value.memory.totalGiB !== 'number')
    return 'no memory.totalGiB'
  if (!(value.gpus as unknown[]).every((gpu) => isObject(gpu) && typeof gpu.name === 'string'))
    return 'a GPU without a name'
  return null
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value != null && !Array.isArray(value)
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min)
    throw new UsageError(`${name} must be a whole number of ${min} or more (got ${value})`)
  return value
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
