import type { Database } from 'better-sqlite3'
import { StoreError } from '../../core/errors.js'

/** One step of the store's schema; its 1-based position in MIGRATIONS is the version it produces. */
export interface Migration {
  readonly description: string
  readonly sql: string
}

/**
 * Every schema change, oldest first. Rules:
 * - append only: never edit or reorder a migration that has shipped;
 * - keep data: add tables and columns, copy rows into new shapes, never drop what users saved.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'hardware snapshots and the meta table',
    sql: `
      CREATE TABLE snapshots (
        id INTEGER PRIMARY KEY,
        taken_at TEXT NOT NULL,
        hostname TEXT,
        schema_version INTEGER NOT NULL,
        source TEXT NOT NULL,
        profile_json TEXT NOT NULL
      );
      CREATE INDEX snapshots_taken_at ON snapshots (taken_at);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    `,
  },
  {
    description: 'learning progress: one row per finished lesson quiz',
    sql: `
      CREATE TABLE lesson_results (
        id INTEGER PRIMARY KEY,
        lesson_id TEXT NOT NULL,
        completed_at TEXT NOT NULL,
        correct INTEGER NOT NULL,
        total INTEGER NOT NULL
      );
      CREATE INDEX lesson_results_lesson ON lesson_results (lesson_id);
    `,
  },
  {
    description: 'saved what-if profiles from the dashboard',
    sql: `
      CREATE TABLE profiles (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        overrides_json TEXT NOT NULL
      );
    `,
  },
  {
    description: 'benchmark runs: one JSON document per run, tied to the hardware snapshot',
    sql: `
      CREATE TABLE bench_runs (
        id INTEGER PRIMARY KEY,
        run_at TEXT NOT NULL,
        snapshot_id INTEGER REFERENCES snapshots (id),
        kind TEXT NOT NULL,
        results_json TEXT NOT NULL
      );
      CREATE INDEX bench_runs_run_at ON bench_runs (run_at);
    `,
  },
]

/** The schema version this build writes. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length

/** What `migrate` did. */
export interface MigrationResult {
  readonly fromVersion: number
  readonly toVersion: number
}

/** Options for `migrate`; `migrations` is a parameter so tests can append a step. */
export interface MigrateOptions {
  readonly file: string
  readonly appVersion: string
  readonly now: () => Date
  readonly migrations?: readonly Migration[]
}

/** The schema version stored in the file header (`PRAGMA user_version`); 0 for a new file. */
export function readSchemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Refuses a file written by a newer build, before anything has been written to it. */
export function assertSchemaKnown(file: string, version: number, latest: number): void {
  if (version > latest)
    throw new StoreError(
      `${file} was written by a newer homelab-ai (schema ${version}, this build knows ${latest}); ` +
        'upgrade homelab-ai or use --db to pick another file',
    )
}

/**
 * Brings the file up to the latest schema in one transaction, so a failed step leaves it as it was.
 * The write lock is taken first and the version read again under it, because two processes may
 * open an old file at the same moment.
 */
export function migrate(db: Database, options: MigrateOptions): MigrationResult {
  const migrations = options.migrations ?? MIGRATIONS
  const latest = migrations.length
  const before = readSchemaVersion(db)
  assertSchemaKnown(options.file, before, latest)
  if (before === latest) return { fromVersion: before, toVersion: before }
  const run = db.transaction((): number => {
    const start = readSchemaVersion(db)
    assertSchemaKnown(options.file, start, latest)
    for (let version = start + 1; version <= latest; version++) {
      const migration = migrations[version - 1]
      if (migration == null) continue
      try {
        db.exec(migration.sql)
      } catch (error) {
        // A lock or a full disk is the store's problem, not the migration's: let the caller word it.
        if (isEnvironmentFailure(error)) throw error
        const detail = error instanceof Error ? error.message : String(error)
        throw new StoreError(
          `cannot upgrade ${options.file} to schema ${version} (${migration.description}): ${detail}; ` +
            `the file was left at schema ${start}`,
          { cause: error },
        )
      }
    }
    const upsert = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    upsert.run('migrated_by_app_version', options.appVersion)
    upsert.run('migrated_at', options.now().toISOString())
    // PRAGMA takes no bound parameters; `latest` is a count we computed, not user input.
    db.pragma(`user_version = ${latest}`)
    return start
  })
  const fromVersion = run.immediate()
  return { fromVersion, toVersion: latest }
}

function isEnvironmentFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return (
    typeof code === 'string' &&
    /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CORRUPT|NOTADB)/.test(code)
  )
}
