import type { BenchDocument, Calibration } from '../../core/bench-types.js'
import { BENCH_SCHEMA_VERSION } from '../../core/bench-types.js'
import { calibrationFromRuns } from '../../core/bench-calibration.js'
import { StoreError } from '../../core/errors.js'
import { openStoreFile, type OpenStoreFileOptions } from './store-connection.js'

/** One saved run, as `bench history` lists it. */
export interface BenchRunSummary {
  readonly id: number
  readonly runAt: string
  readonly snapshotId: number | null
  /** The sections run, joined with `+` (`memory+disk`), or `all`. */
  readonly kind: string
}

/** A saved run with its document. */
export interface BenchRunRecord extends BenchRunSummary {
  readonly document: BenchDocument
}

/** Saved benchmark runs (the `bench_runs` table of the store file). */
export interface BenchStore {
  readonly file: string
  saveBenchRun(document: BenchDocument): BenchRunRecord
  /** Newest first. */
  listBenchRuns(opts?: { limit?: number }): BenchRunSummary[]
  getBenchRun(id: number): BenchRunRecord | null
  /** The `n` newest runs with their documents, newest first. */
  latestBenchRuns(n: number): BenchRunRecord[]
  close(): void
}

/** Options for `openBenchStore`; every field has a real default. */
export type OpenBenchStoreOptions = Omit<OpenStoreFileOptions, 'mustExist' | 'readonly'>

interface BenchRow {
  id: number
  run_at: string
  snapshot_id: number | null
  kind: string
  results_json: string
}

/** How many runs calibration looks back over for each figure. */
const CALIBRATION_LOOKBACK = 50

/**
 * Opens the benchmark runs of the store at `file`, which must exist (open it with
 * `openHistoryStore` first) unless it is `:memory:`. A store already open on the file lends its
 * connection; each `:memory:` open is a database of its own.
 */
export function openBenchStore(file: string, opts: OpenBenchStoreOptions = {}): BenchStore {
  const connection = openStoreFile(file, 'benchmark store', { ...opts, mustExist: true })
  const { db, guard } = connection
  const columns = 'id, run_at, snapshot_id, kind, results_json'
  const newestFirst = 'ORDER BY run_at DESC, id DESC'
  return {
    file,
    saveBenchRun(document) {
      const kind = kindOf(document)
      return guard(() => {
        const info = db
          .prepare(
            'INSERT INTO bench_runs (run_at, snapshot_id, kind, results_json) VALUES (?, ?, ?, ?)',
          )
          .run(document.runAt, document.snapshotId, kind, JSON.stringify(document))
        return {
          id: Number(info.lastInsertRowid),
          runAt: document.runAt,
          snapshotId: document.snapshotId,
          kind,
          document,
        }
      })
    },
    listBenchRuns(opts = {}) {
      const limit = opts.limit ?? -1
      return guard(() =>
        db
          .prepare<[number], Omit<BenchRow, 'results_json'>>(
            `SELECT id, run_at, snapshot_id, kind FROM bench_runs ${newestFirst} LIMIT ?`,
          )
          .all(limit)
          .map((row) => ({
            id: row.id,
            runAt: row.run_at,
            snapshotId: row.snapshot_id,
            kind: row.kind,
          })),
      )
    },
    getBenchRun(id) {
      if (!Number.isSafeInteger(id)) return null
      return guard(() => {
        const row = db
          .prepare<[number], BenchRow>(`SELECT ${columns} FROM bench_runs WHERE id = ?`)
          .get(id)
        return row == null ? null : toRecord(row, file)
      })
    },
    latestBenchRuns(n) {
      return guard(() =>
        db
          .prepare<[number], BenchRow>(`SELECT ${columns} FROM bench_runs ${newestFirst} LIMIT ?`)
          .all(Math.max(0, Math.floor(n)))
          .map((row) => toRecord(row, file)),
      )
    },
    close: () => connection.close(),
  }
}

/** The measured figures for the fit engine, each from the newest saved run that has it. */
export function latestCalibration(store: Pick<BenchStore, 'latestBenchRuns'>): Calibration {
  return calibrationFromRuns(store.latestBenchRuns(CALIBRATION_LOOKBACK).map((run) => run.document))
}

function kindOf(document: BenchDocument): string {
  return document.sections.length >= 5 ? 'all' : document.sections.join('+')
}

function toRecord(row: BenchRow, file: string): BenchRunRecord {
  const where = `benchmark run #${row.id} in ${file}`
  let parsed: unknown
  try {
    parsed = JSON.parse(row.results_json)
  } catch (error) {
    throw new StoreError(`${where} is damaged (not JSON)`, { cause: error })
  }
  const doc = parsed as Partial<BenchDocument> | null
  if (
    typeof doc !== 'object' ||
    doc == null ||
    typeof doc.schemaVersion !== 'number' ||
    !Array.isArray(doc.sections)
  )
    throw new StoreError(`${where} is damaged (no schemaVersion or sections)`)
  if (doc.schemaVersion > BENCH_SCHEMA_VERSION)
    throw new StoreError(
      `${where} uses benchmark schema ${doc.schemaVersion}, newer than this build's ${BENCH_SCHEMA_VERSION}; upgrade homelab-ai`,
    )
  return {
    id: row.id,
    runAt: row.run_at,
    snapshotId: row.snapshot_id,
    kind: row.kind,
    document: parsed as BenchDocument,
  }
}
