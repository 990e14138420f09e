import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StoreError } from '../../core/errors.js'
import type { Migration } from './migrations.js'
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, readSchemaVersion } from './migrations.js'

const now = () => new Date('2026-11-30T10:00:00.000Z')
const options = { file: 'test.db', appVersion: '9.9.9', now }

/** The schema of version 1 written out by hand, as an older build would have left it. */
function makeVersion1(db: Database.Database): void {
  db.exec(`
    CREATE TABLE snapshots (id INTEGER PRIMARY KEY, taken_at TEXT NOT NULL, hostname TEXT,
      schema_version INTEGER NOT NULL, source TEXT NOT NULL, profile_json TEXT NOT NULL);
    CREATE INDEX snapshots_taken_at ON snapshots (taken_at);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    INSERT INTO meta VALUES ('migrated_by_app_version', '0.1.0');
    INSERT INTO snapshots VALUES (1, '2026-01-02T03:04:05.000Z', 'gpu-box', 1, 'probe', '{"a":1}');
    INSERT INTO snapshots VALUES (2, '2026-02-03T04:05:06.000Z', NULL, 1, 'what-if', '{"b":2}');
    PRAGMA user_version = 1;
  `)
}

const benchmarkRuns: Migration = {
  description: 'benchmark runs (a later migration, as tests imagine it)',
  sql: `CREATE TABLE benchmark_runs (id INTEGER PRIMARY KEY, snapshot_id INTEGER REFERENCES snapshots (id), tokens_per_sec REAL);
        ALTER TABLE snapshots ADD COLUMN label TEXT;`,
}

function rows(db: Database.Database): unknown[] {
  return db
    .prepare('SELECT id, taken_at, hostname, source, profile_json FROM snapshots ORDER BY id')
    .all()
}

function meta(db: Database.Database): Record<string, string> {
  const pairs = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta').all()
  return Object.fromEntries(pairs.map((p) => [p.key, p.value]))
}

describe('migrate', () => {
  let db: Database.Database
  beforeEach(() => {
    db = new Database(':memory:')
  })
  afterEach(() => db.close())

  it('builds a new database up to the latest schema and records who did it', () => {
    expect(migrate(db, options)).toEqual({ fromVersion: 0, toVersion: LATEST_SCHEMA_VERSION })
    expect(readSchemaVersion(db)).toBe(MIGRATIONS.length)
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_schema WHERE type IN ('table', 'index') ORDER BY name",
      )
      .all()
      .map((t) => t.name)
    expect(tables).toEqual(expect.arrayContaining(['meta', 'snapshots', 'snapshots_taken_at']))
    expect(meta(db)).toEqual({
      migrated_by_app_version: '9.9.9',
      migrated_at: '2026-11-30T10:00:00.000Z',
    })
  })

  it('does nothing on a database that is up to date', () => {
    migrate(db, options)
    expect(migrate(db, { ...options, appVersion: '10.0.0' })).toEqual({
      fromVersion: LATEST_SCHEMA_VERSION,
      toVersion: LATEST_SCHEMA_VERSION,
    })
    expect(meta(db).migrated_by_app_version).toBe('9.9.9')
  })

  it('upgrades a hand-made version 1 file with an appended migration and keeps every row', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'homelab-ai-migrate-'))
    try {
      const file = path.join(dir, 'old.db')
      const old = new Database(file)
      makeVersion1(old)
      const before = rows(old)
      old.close()

      const reopened = new Database(file)
      const result = migrate(reopened, {
        ...options,
        file,
        migrations: [...MIGRATIONS, benchmarkRuns],
      })
      expect(result).toEqual({ fromVersion: 1, toVersion: MIGRATIONS.length + 1 })
      expect(readSchemaVersion(reopened)).toBe(MIGRATIONS.length + 1)
      expect(rows(reopened)).toEqual(before)
      expect(meta(reopened).migrated_by_app_version).toBe('9.9.9')
      reopened
        .prepare('INSERT INTO benchmark_runs (snapshot_id, tokens_per_sec) VALUES (1, 21.5)')
        .run()
      reopened.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rolls a failed migration back and names it', () => {
    makeVersion1(db)
    const before = rows(db)
    const broken: Migration = {
      description: 'lab deployments',
      sql: 'CREATE TABLE lab_deployments (id INTEGER PRIMARY KEY); ALTER TABLE no_such_table ADD COLUMN x TEXT;',
    }
    expect(() => migrate(db, { ...options, migrations: [...MIGRATIONS, broken] })).toThrow(
      new StoreError(
        `cannot upgrade test.db to schema ${MIGRATIONS.length + 1} (lab deployments): no such table: no_such_table; the file was left at schema 1`,
      ),
    )
    expect(readSchemaVersion(db)).toBe(1)
    expect(rows(db)).toEqual(before)
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'lab_deployments'").get(),
    ).toEqual({ n: 0 })
    expect(meta(db).migrated_by_app_version).toBe('0.1.0')
  })

  it('refuses a database from a newer build without writing to it', () => {
    db.pragma('user_version = 7')
    expect(() => migrate(db, options)).toThrow(
      `test.db was written by a newer homelab-ai (schema 7, this build knows ${LATEST_SCHEMA_VERSION}); upgrade homelab-ai or use --db to pick another file`,
    )
    expect(readSchemaVersion(db)).toBe(7)
  })

  it('describes every migration in one line', () => {
    for (const migration of MIGRATIONS) {
      expect(migration.description).toMatch(/^[^\n]+$/)
      expect(migration.sql.trim()).not.toBe('')
    }
  })
})
