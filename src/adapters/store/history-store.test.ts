import { createHash, randomBytes } from 'node:crypto'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StoreError, UsageError } from '../../core/errors.js'
import {
  esxiVmWithPassthrough,
  macMiniM2Pro,
  miniPcNoGpu,
  rtx3090Box,
} from '../../core/test-hardware.js'
import type { HistoryStore } from './history-store.js'
import { openHistoryStore } from './history-store.js'
import { LATEST_SCHEMA_VERSION } from './migrations.js'

/** A clock that ticks one minute per call (the first goes to the migration's record). */
function ticking(start = '2026-11-30T08:00:00.000Z'): () => Date {
  let t = Date.parse(start)
  return () => {
    const d = new Date(t)
    t += 60_000
    return d
  }
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')
const isRoot = process.getuid?.() === 0

let dir: string
let open: HistoryStore[]
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'homelab-ai-store-'))
  open = []
})
afterEach(() => {
  for (const store of open) store.close()
  chmodSync(dir, 0o700)
  rmSync(dir, { recursive: true, force: true })
})

/** Opens a store and closes it after the test. */
function openStore(file: string, opts: Parameters<typeof openHistoryStore>[1] = {}): HistoryStore {
  const store = openHistoryStore(file, { now: ticking(), busyTimeoutMs: 200, ...opts })
  open.push(store)
  return store
}

describe('history store in memory', () => {
  it('saves snapshots and reads them back newest first', () => {
    const store = openStore(':memory:')
    const first = store.saveSnapshot(miniPcNoGpu())
    const second = store.saveSnapshot(rtx3090Box())
    const third = store.saveSnapshot(esxiVmWithPassthrough())

    expect(second).toEqual({
      id: 2,
      takenAt: '2026-11-30T08:02:00.000Z',
      hostname: 'gpu-box',
      source: 'probe',
      cpuModel: 'AMD Ryzen 9 5950X 16-Core Processor',
      gpuNames: ['NVIDIA GeForce RTX 3090'],
      memoryTotalGiB: 62.7,
      profile: rtx3090Box(),
    })
    expect(store.listSnapshots().map((s) => s.id)).toEqual([third.id, second.id, first.id])
    expect(store.listSnapshots({ limit: 2 })).toEqual([
      {
        id: 3,
        takenAt: '2026-11-30T08:03:00.000Z',
        hostname: 'ai-lab-01',
        source: 'probe',
        cpuModel: 'Intel(R) Xeon(R) CPU E5-2697 v4 @ 2.30GHz',
        gpuNames: ['NVIDIA GeForce RTX 3090'],
        memoryTotalGiB: 31.3,
      },
      {
        id: 2,
        takenAt: '2026-11-30T08:02:00.000Z',
        hostname: 'gpu-box',
        source: 'probe',
        cpuModel: 'AMD Ryzen 9 5950X 16-Core Processor',
        gpuNames: ['NVIDIA GeForce RTX 3090'],
        memoryTotalGiB: 62.7,
      },
    ])
    expect(store.getSnapshot(first.id)).toEqual(first)
    expect(store.getSnapshot(first.id)?.profile).toEqual(miniPcNoGpu())
    expect(store.getSnapshot(99)).toBeNull()
    expect(store.latestSnapshots(2)).toEqual([third, second])
    expect(store.latestSnapshots(0)).toEqual([])
  })

  it('keeps the order of snapshots taken in the same millisecond', () => {
    const store = openStore(':memory:', { now: () => new Date('2026-11-30T08:00:00.000Z') })
    const a = store.saveSnapshot(miniPcNoGpu())
    const b = store.saveSnapshot(macMiniM2Pro({ source: 'what-if' }))
    expect(store.latestSnapshots(5).map((s) => s.id)).toEqual([b.id, a.id])
    expect(store.listSnapshots()[0]).toMatchObject({
      source: 'what-if',
      hostname: 'mac-mini',
      gpuNames: ['Apple M2 Pro'],
    })
  })

  it('rejects a bad count as a usage error', () => {
    const store = openStore(':memory:')
    expect(() => store.listSnapshots({ limit: 0 })).toThrow(
      new UsageError('limit must be a whole number of 1 or more (got 0)'),
    )
    expect(() => store.latestSnapshots(1.5)).toThrow(UsageError)
  })

  it('says so when used after close', () => {
    const store = openStore(':memory:')
    store.close()
    store.close()
    expect(() => store.listSnapshots()).toThrow(
      new StoreError('the history store :memory: is closed'),
    )
  })
})

describe('history store in a file', () => {
  it('creates a private folder and file, uses WAL and keeps data across opens', () => {
    const file = path.join(dir, 'nested', 'data', 'homelab-ai.db')
    const store = openStore(file)
    const saved = store.saveSnapshot(rtx3090Box())
    store.close()

    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const raw = new Database(file, { readonly: true })
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    raw.close()

    const again = openStore(file)
    expect(again.getSnapshot(saved.id)).toEqual(saved)
    expect(again.file).toBe(file)
  })

  it('opens a hand-made version 1 file and reads its snapshots', () => {
    const file = path.join(dir, 'homelab-ai.db')
    const raw = new Database(file)
    raw.exec(`
      CREATE TABLE snapshots (id INTEGER PRIMARY KEY, taken_at TEXT NOT NULL, hostname TEXT,
        schema_version INTEGER NOT NULL, source TEXT NOT NULL, profile_json TEXT NOT NULL);
      CREATE INDEX snapshots_taken_at ON snapshots (taken_at);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
      PRAGMA user_version = 1;`)
    raw
      .prepare('INSERT INTO snapshots VALUES (7, ?, ?, 1, ?, ?)')
      .run('2026-06-01T12:00:00.000Z', 'minipc', 'probe', JSON.stringify(miniPcNoGpu()))
    raw.close()

    const store = openStore(file)
    expect(store.listSnapshots()).toEqual([
      {
        id: 7,
        takenAt: '2026-06-01T12:00:00.000Z',
        hostname: 'minipc',
        source: 'probe',
        cpuModel: 'Intel(R) N100',
        gpuNames: [],
        memoryTotalGiB: 15.4,
      },
    ])
    expect(store.saveSnapshot(miniPcNoGpu()).id).toBe(8)
  })

  it.each([
    ['4 KiB of random bytes', randomBytes(4096)],
    ['a text file', Buffer.from('# my notes\nnot a database at all\n')],
    ['a short file', Buffer.from('SQLite')],
  ])('leaves %s untouched and says it is not a database', (_name, bytes) => {
    const file = path.join(dir, 'homelab-ai.db')
    writeFileSync(file, bytes)
    const hash = sha256(file)
    expect(() => openStore(file)).toThrow(
      new StoreError(
        `${file} is not a homelab-ai database (file is not a database); it was left untouched: move it aside or use --db PATH`,
      ),
    )
    expect(sha256(file)).toBe(hash)
    expect(existsSync(`${file}-wal`) || existsSync(`${file}-journal`)).toBe(false)
  })

  it('reports a damaged page without changing the file', () => {
    const file = path.join(dir, 'homelab-ai.db')
    const writer = openStore(file)
    for (let i = 0; i < 20; i++) writer.saveSnapshot(rtx3090Box())
    writer.close()
    const bytes = readFileSync(file)
    // Page 1 holds the schema; the pages after it hold the rows.
    bytes.fill(0xab, 4096, bytes.length)
    writeFileSync(file, bytes)
    const hash = sha256(file)

    const store = openStore(file)
    expect(() => store.listSnapshots()).toThrow(
      new StoreError(
        `${file} is damaged (database disk image is malformed); it was left untouched: move it aside or use --db PATH`,
      ),
    )
    store.close()
    expect(sha256(file)).toBe(hash)
  })

  it('leaves a SQLite file of another program untouched', () => {
    const file = path.join(dir, 'other.db')
    const raw = new Database(file)
    raw.exec(
      "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES ('a.jpg')",
    )
    raw.close()
    const hash = sha256(file)
    expect(() => openStore(file)).toThrow(
      new StoreError(
        `${file} is a SQLite database of another program (tables: photos); it was left untouched: use --db PATH to pick another file`,
      ),
    )
    expect(sha256(file)).toBe(hash)
  })

  it('refuses a file from a newer homelab-ai and leaves it as it was', () => {
    const file = path.join(dir, 'homelab-ai.db')
    openStore(file).close()
    const raw = new Database(file)
    raw.pragma('user_version = 42')
    raw.close()
    const hash = sha256(file)
    expect(() => openStore(file)).toThrow(
      new StoreError(
        `${file} was written by a newer homelab-ai (schema 42, this build knows ${LATEST_SCHEMA_VERSION}); upgrade homelab-ai or use --db to pick another file`,
      ),
    )
    expect(sha256(file)).toBe(hash)
  })

  it('reports a damaged row by id instead of crashing', () => {
    const file = path.join(dir, 'homelab-ai.db')
    const store = openStore(file)
    const good = store.saveSnapshot(miniPcNoGpu())
    const raw = new Database(file)
    raw
      .prepare(
        "INSERT INTO snapshots VALUES (5, '2026-12-01T00:00:00.000Z', NULL, 1, 'probe', '{\"cpu\": ')",
      )
      .run()
    raw
      .prepare(
        "INSERT INTO snapshots VALUES (6, '2026-11-01T00:00:00.000Z', NULL, 1, 'probe', '[1, 2]')",
      )
      .run()
    raw.close()

    expect(() => store.getSnapshot(5)).toThrow(
      new StoreError(`snapshot #5 in ${file} is damaged (Unexpected end of JSON input)`),
    )
    expect(() => store.listSnapshots()).toThrow(/^snapshot #5 in .* is damaged/)
    expect(() => store.getSnapshot(6)).toThrow(
      new StoreError(`snapshot #6 in ${file} is damaged (the profile is not a JSON object)`),
    )
    expect(store.getSnapshot(good.id)?.profile).toEqual(miniPcNoGpu())
  })

  it('reports a lock held by another process after the busy timeout, and loses nothing', () => {
    const file = path.join(dir, 'homelab-ai.db')
    const store = openStore(file, { busyTimeoutMs: 300 })
    store.saveSnapshot(miniPcNoGpu())

    const other = new Database(file)
    other.exec('BEGIN EXCLUSIVE')
    const started = Date.now()
    expect(() => store.saveSnapshot(rtx3090Box())).toThrow(
      new StoreError(
        `${file} is locked by another process (still busy after 300 ms); close the other homelab-ai or SQLite tool using it and try again`,
      ),
    )
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    // WAL readers are not blocked by a writer, and an up-to-date file opens without writing.
    expect(store.listSnapshots()).toHaveLength(1)
    expect(openStore(file).listSnapshots()).toHaveLength(1)
    other.exec('COMMIT')
    other.close()

    store.saveSnapshot(rtx3090Box())
    expect(store.listSnapshots().map((s) => s.hostname)).toEqual(['gpu-box', 'minipc'])
  })

  it('reports a lock at open when a rollback-journal database is held exclusively', () => {
    const file = path.join(dir, 'homelab-ai.db')
    const raw = new Database(file)
    raw.exec(`
      CREATE TABLE snapshots (id INTEGER PRIMARY KEY, taken_at TEXT NOT NULL, hostname TEXT,
        schema_version INTEGER NOT NULL, source TEXT NOT NULL, profile_json TEXT NOT NULL);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
      PRAGMA user_version = 1;`)
    raw.exec('BEGIN EXCLUSIVE')
    expect(() => openStore(file)).toThrow(
      /is locked by another process \(still busy after 200 ms\)/,
    )
    raw.exec('COMMIT')
    raw.close()
    expect(openStore(file).listSnapshots()).toEqual([])
  })

  it('opens read-only without creating or changing anything', () => {
    const missing = path.join(dir, 'none', 'homelab-ai.db')
    expect(() => openStore(missing, { readonly: true })).toThrow(
      new StoreError(`${missing} does not exist; no homelab-ai history to read`),
    )
    expect(existsSync(path.dirname(missing))).toBe(false)

    const file = path.join(dir, 'homelab-ai.db')
    openStore(file).saveSnapshot(esxiVmWithPassthrough())
    const reader = openStore(file, { readonly: true })
    expect(reader.listSnapshots().map((s) => s.hostname)).toEqual(['ai-lab-01'])
    expect(() => reader.saveSnapshot(miniPcNoGpu())).toThrow(
      /^cannot write .*homelab-ai\.db: it is read-only \(attempt to write a readonly database\)/,
    )
  })

  it('says clearly when the folder cannot be created', () => {
    const blocker = path.join(dir, 'a-file')
    writeFileSync(blocker, 'x')
    const file = path.join(blocker, 'homelab-ai.db')
    expect(() => openStore(file)).toThrow(
      new StoreError(
        `cannot create the folder ${blocker} for ${file} (a file is in the way); use --db PATH to pick a writable place`,
      ),
    )
  })

  it('says so when the path is a folder', () => {
    const folder = path.join(dir, 'homelab-ai.db')
    mkdirSync(folder)
    expect(() => openStore(folder)).toThrow(
      new StoreError(`${folder} is not a file; use --db PATH to pick the database file itself`),
    )
  })

  // Root ignores file modes, so these run only as a normal user.
  it.skipIf(isRoot)('says clearly when the folder is read-only', () => {
    const ro = path.join(dir, 'ro')
    mkdirSync(ro, { mode: 0o500 })
    const file = path.join(ro, 'homelab-ai.db')
    expect(() => openStore(file)).toThrow(
      /^cannot write the folder .*ro \(EACCES: permission denied.*\); fix its permissions or use --db PATH$/,
    )
    chmodSync(ro, 0o700)
  })

  it.skipIf(isRoot)('says clearly when the file is read-only', () => {
    const file = path.join(dir, 'homelab-ai.db')
    openStore(file).close()
    chmodSync(file, 0o400)
    expect(() => openStore(file)).toThrow(
      /^cannot write .*homelab-ai\.db \(EACCES: permission denied.*\); fix its permissions or use --db PATH$/,
    )
    expect(openStore(file, { readonly: true }).listSnapshots()).toEqual([])
  })
})

describe('learning progress in the store', () => {
  it('records lesson results, keeps them across reopening, and knows the latest probe', () => {
    const file = path.join(dir, 'homelab-ai.db')
    const store = openHistoryStore(file, { now: ticking() })
    expect(store.latestProfile()).toBeNull()
    store.saveSnapshot(miniPcNoGpu())
    store.saveSnapshot({ ...rtx3090Box(), source: 'what-if' })
    store.recordLessonResult({
      lessonId: 'kv-cache',
      completedAt: '2026-11-30T09:00:00.000Z',
      correct: 2,
      total: 3,
    })
    store.close()
    const again = openHistoryStore(file, { now: ticking() })
    expect(again.listLessonResults()).toEqual([
      { lessonId: 'kv-cache', completedAt: '2026-11-30T09:00:00.000Z', correct: 2, total: 3 },
    ])
    // A what-if snapshot is not this machine.
    expect(again.latestProfile()?.cpu.model).toBe(miniPcNoGpu().cpu.model)
    expect(() =>
      again.recordLessonResult({ lessonId: 'x', completedAt: 'now', correct: 4, total: 3 }),
    ).toThrow(UsageError)
    again.close()
  })

  it('adds the progress table to a version 1 file without losing its snapshots', () => {
    const file = path.join(dir, 'homelab-ai.db')
    const raw = new Database(file)
    raw.exec(`
      CREATE TABLE snapshots (id INTEGER PRIMARY KEY, taken_at TEXT NOT NULL, hostname TEXT,
        schema_version INTEGER NOT NULL, source TEXT NOT NULL, profile_json TEXT NOT NULL);
      CREATE INDEX snapshots_taken_at ON snapshots (taken_at);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
      PRAGMA user_version = 1;`)
    raw
      .prepare('INSERT INTO snapshots VALUES (3, ?, ?, 1, ?, ?)')
      .run('2026-06-01T12:00:00.000Z', 'minipc', 'probe', JSON.stringify(miniPcNoGpu()))
    raw.close()
    const store = openHistoryStore(file, { now: ticking() })
    expect(store.listSnapshots().map((s) => s.id)).toEqual([3])
    expect(store.listLessonResults()).toEqual([])
    store.close()
  })
})
