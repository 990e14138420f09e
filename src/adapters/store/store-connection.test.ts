import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StoreError } from '../../core/errors.js'
import { openBenchStore } from './bench-store.js'
import { openHistoryStore } from './history-store.js'
import { openProfileStore } from './profile-store.js'
import { openStoreFile, type StoreConnection } from './store-connection.js'

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

/** A clock that counts how often it was read: migrations read it once to record themselves. */
function countingClock(): { now: () => Date; calls: () => number } {
  let calls = 0
  return {
    now: () => {
      calls++
      return new Date('2026-11-30T10:00:00.000Z')
    },
    calls: () => calls,
  }
}

let dir: string
let file: string
let open: StoreConnection[]
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'homelab-ai-connection-'))
  file = path.join(dir, 'homelab-ai.db')
  open = []
})
afterEach(() => {
  for (const connection of open) connection.close()
  rmSync(dir, { recursive: true, force: true })
})

function openFile(...args: Parameters<typeof openStoreFile>): StoreConnection {
  const connection = openStoreFile(...args)
  open.push(connection)
  return connection
}

describe('openStoreFile', () => {
  it('shares one connection per file and closes it with the last store', () => {
    const history = openFile(file, 'history store')
    const bench = openFile(file, 'benchmark store', { mustExist: true })
    expect(bench.db).toBe(history.db)

    history.close()
    expect(() => history.guard(() => 1)).toThrow(
      new StoreError(`the history store ${file} is closed`),
    )
    expect(
      bench.guard(() => bench.db.prepare('SELECT count(*) AS n FROM bench_runs').get()),
    ).toEqual({ n: 0 })
    bench.close()
    expect(bench.db.open).toBe(false)

    const again = openFile(file, 'history store')
    expect(again.db).not.toBe(history.db)
    expect(again.db.open).toBe(true)
  })

  it('migrates once: a second open, shared or fresh, writes nothing', () => {
    const first = countingClock()
    openFile(file, 'history store', { now: first.now })
    expect(first.calls()).toBe(1)
    const second = countingClock()
    openFile(file, 'profile store', { now: second.now, mustExist: true })
    for (const connection of open) connection.close()
    const hash = sha256(file)
    openFile(file, 'history store', { now: second.now })
    expect(second.calls()).toBe(0)
    expect(sha256(file)).toBe(hash)
  })

  it('gives every :memory: open a database of its own', () => {
    const a = openFile(':memory:', 'history store')
    const b = openFile(':memory:', 'history store')
    expect(a.db).not.toBe(b.db)
  })

  it('keeps read-only and writable opens on separate connections', () => {
    const writer = openFile(file, 'history store')
    const reader = openFile(file, 'history store', { readonly: true })
    expect(reader.db).not.toBe(writer.db)
    expect(reader.db.readonly).toBe(true)
    expect(writer.db.readonly).toBe(false)
  })

  it('opens an up-to-date file while another process holds the write lock', () => {
    openFile(file, 'history store').close()
    const other = new Database(file)
    other.exec('BEGIN EXCLUSIVE')
    try {
      const store = openFile(file, 'history store', { busyTimeoutMs: 100 })
      expect(
        store.guard(() => store.db.prepare('SELECT count(*) AS n FROM snapshots').get()),
      ).toEqual({ n: 0 })
    } finally {
      other.exec('COMMIT')
      other.close()
    }
  })
})

describe('the benchmark and profile stores open through it', () => {
  /** Files that no store may write to, each with the start of its one-line refusal. */
  const refused: [string, (f: string) => void, RegExp][] = [
    [
      'a SQLite file of another program',
      (f) => new Database(f).exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)').close(),
      /is a SQLite database of another program \(tables: photos\); it was left untouched/,
    ],
    [
      'a file of a newer homelab-ai',
      (f) => {
        openHistoryStore(f).close()
        new Database(f).exec('PRAGMA user_version = 42').close()
      },
      /was written by a newer homelab-ai \(schema 42, /,
    ],
  ]
  it.each(refused)(
    'the benchmark and profile stores refuse %s, byte for byte',
    (_what, make, why) => {
      make(file)
      const hash = sha256(file)
      expect(() => openBenchStore(file)).toThrow(why)
      expect(() => openProfileStore(file)).toThrow(why)
      expect(sha256(file)).toBe(hash)
    },
  )

  it('does not create a missing file or its folder for the benchmark or profile store', () => {
    const missing = path.join(dir, 'none', 'homelab-ai.db')
    const message = `${missing} does not exist; use --db PATH to pick the homelab-ai database`
    expect(() => openBenchStore(missing)).toThrow(new StoreError(message))
    expect(() => openProfileStore(missing)).toThrow(new StoreError(message))
    expect(existsSync(path.dirname(missing))).toBe(false)
  })

  it('lends the history store connection to the other two stores of the file', () => {
    const history = openHistoryStore(file)
    const bench = openBenchStore(file)
    const profiles = openProfileStore(file)
    history.close()
    profiles.saveProfile('lab', { ram: '64' })
    bench.close()
    expect(profiles.listProfiles().map((p) => p.name)).toEqual(['lab'])
    profiles.close()
    expect(() => profiles.listProfiles()).toThrow(
      new StoreError(`the profile store ${file} is closed`),
    )
  })
})
