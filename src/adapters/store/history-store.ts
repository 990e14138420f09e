import { createRequire } from 'node:module'
import Database from 'better-sqlite3'
import type { HardwareProfile, ProfileSource } from '../../core/hardware.js'
import type { SnapshotSummary } from '../../core/report-views.js'

export type { SnapshotSummary } from '../../core/report-views.js'
import { HARDWARE_SCHEMA_VERSION } from '../../core/hardware.js'
import { StoreError, UsageError } from '../../core/errors.js'
import {
  LATEST_SCHEMA_VERSION,
  assertSchemaKnown,
  migrate,
  readSchemaVersion,
} from './migrations.js'
import { toStoreError } from './store-errors.js'
import type { LessonResult } from '../../core/learning-progress.js'
import { checkFile, makePrivate } from './store-file.js'

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
export interface OpenHistoryStoreOptions {
  readonly now?: () => Date
  /** Open an existing file without changing it: no folder, no migration, no writes. */
  readonly readonly?: boolean
  /** How long a write waits for another process's lock before giving up. */
  readonly busyTimeoutMs?: number
  /** Recorded in `meta` when a migration runs; defaults to this package's version. */
  readonly appVersion?: string
}

/** Long enough to ride out another process's short write, short enough that a stuck one is reported. */
const DEFAULT_BUSY_TIMEOUT_MS = 2000
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
  const readonly = opts.readonly ?? false
  const busyTimeoutMs = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  const inMemory = file === ':memory:'
  const fail = (error: unknown): unknown => toStoreError(file, error, busyTimeoutMs)

  const existed = inMemory ? false : checkFile(file, readonly, fail)
  let db: Database.Database
  try {
    db = new Database(file, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs })
  } catch (error) {
    throw fail(error)
  }
  try {
    // Read before any write: a foreign, damaged or newer file must stay byte for byte as it was.
    // One read transaction, so a process migrating the same new file right now cannot make
    // its fresh tables look like another program's.
    const version = db.transaction(() => {
      const found = readSchemaVersion(db)
      assertSchemaKnown(file, found, LATEST_SCHEMA_VERSION)
      if (found === 0 && !readonly) assertEmpty(db, file)
      return found
    })()
    if (readonly) {
      if (version === 0)
        throw new StoreError(`${file} holds no homelab-ai history yet (schema 0); nothing to read`)
    } else {
      if (!inMemory && !existed) makePrivate(file)
      // WAL lets a reader (the web UI) and a writer (a probe) work at the same time.
      if (!inMemory) db.pragma('journal_mode = WAL')
      migrate(db, { file, now, appVersion: opts.appVersion ?? packageVersion() })
    }
  } catch (error) {
    db.close()
    throw fail(error)
  }
  return createStore(db, file, now, fail)
}

function createStore(
  db: Database.Database,
  file: string,
  now: () => Date,
  fail: (error: unknown) => unknown,
): HistoryStore {
  // Each call maps SQLite failures to StoreError; the connection stays usable afterwards.
  const guard = <T>(work: () => T): T => {
    if (!db.open) throw new StoreError(`the history store ${file} is closed`)
    try {
      return work()
    } catch (error) {
      throw fail(error)
    }
  }
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
    close() {
      if (db.open) db.close()
    },
  }
}

// A version-0 file with tables belongs to some other program: migrating would write into it.
function assertEmpty(db: Database.Database, file: string): void {
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name LIMIT 5",
    )
    .all()
    .map((row) => row.name)
  if (tables.length > 0)
    throw new StoreError(
      `${file} is a SQLite database of another program (tables: ${tables.join(', ')}); ` +
        'it was left untouched: use --db PATH to pick another file',
    )
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

// package.json sits three folders above both src/adapters/store and dist/adapters/store.
function packageVersion(): string {
  const pkg = createRequire(import.meta.url)('../../../package.json') as { version?: unknown }
  return typeof pkg.version === 'string' ? pkg.version : 'unknown'
}
