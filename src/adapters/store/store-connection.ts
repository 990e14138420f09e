import { createRequire } from 'node:module'
import path from 'node:path'
import Database from 'better-sqlite3'
import { StoreError } from '../../core/errors.js'
import {
  LATEST_SCHEMA_VERSION,
  assertSchemaKnown,
  migrate,
  readSchemaVersion,
} from './migrations.js'
import { toStoreError } from './store-errors.js'
import { checkFile, makePrivate, type FileAccess } from './store-file.js'

/** How to open a store file; every field has a real default. */
export interface OpenStoreFileOptions {
  readonly now?: () => Date
  /** Open an existing file without changing it: no folder, no migration, no writes. */
  readonly readonly?: boolean
  /** Refuse a missing file instead of creating it and its folder. */
  readonly mustExist?: boolean
  /** How long a write waits for another process's lock before giving up. */
  readonly busyTimeoutMs?: number
  /** Recorded in `meta` when a migration runs; defaults to this package's version. */
  readonly appVersion?: string
}

/** One store's share of the connection to its file. */
export interface StoreConnection {
  readonly file: string
  readonly db: Database.Database
  /** Runs `work`, turning SQLite failures into one-line StoreErrors; refuses once closed. */
  readonly guard: <T>(work: () => T) => T
  /** Releases this share; the connection closes with the last one. Safe to call twice. */
  readonly close: () => void
}

/** Long enough to ride out another process's short write, short enough that a stuck one is reported. */
const DEFAULT_BUSY_TIMEOUT_MS = 2000

interface Shared {
  readonly db: Database.Database
  readonly fail: (error: unknown) => unknown
  users: number
}

// The history, profile and benchmark stores of one file share one connection per process, so
// the file is checked and migrated once and the server holds one connection, not three. Keyed by
// mode and absolute path; the options of the first open win (the others find the file ready).
const connections = new Map<string, Shared>()

/**
 * Opens the store file at `file` (or `:memory:`) for one store, named `what` in errors
 * ("history store"). Rules:
 * - a file another store of this process has open shares its connection;
 * - otherwise the file is checked before SQLite touches it, and a foreign, damaged, locked or
 *   newer file is refused with a one-line StoreError, left byte for byte as it was;
 * - a writable open applies the missing migrations, forward only, in one transaction;
 * - every `:memory:` open is a database of its own, as SQLite has it.
 */
export function openStoreFile(
  file: string,
  what: string,
  opts: OpenStoreFileOptions = {},
): StoreConnection {
  const readonly = opts.readonly ?? false
  const key = file === ':memory:' ? null : `${readonly ? 'read' : 'write'}:${path.resolve(file)}`
  let shared = key == null ? undefined : connections.get(key)
  if (shared == null) {
    shared = { ...connect(file, opts), users: 0 }
    if (key != null) connections.set(key, shared)
  }
  shared.users++
  return share(file, what, shared, key)
}

function share(file: string, what: string, shared: Shared, key: string | null): StoreConnection {
  let open = true
  return {
    file,
    db: shared.db,
    guard(work) {
      if (!open) throw new StoreError(`the ${what} ${file} is closed`)
      try {
        return work()
      } catch (error) {
        // The connection stays usable afterwards.
        throw shared.fail(error)
      }
    },
    close() {
      if (!open) return
      open = false
      shared.users--
      if (shared.users > 0) return
      if (key != null) connections.delete(key)
      if (shared.db.open) shared.db.close()
    },
  }
}

function connect(file: string, opts: OpenStoreFileOptions): Pick<Shared, 'db' | 'fail'> {
  const now = opts.now ?? (() => new Date())
  const readonly = opts.readonly ?? false
  const busyTimeoutMs = opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  const inMemory = file === ':memory:'
  const fail = (error: unknown): unknown => toStoreError(file, error, busyTimeoutMs)
  const access: FileAccess = readonly ? 'read' : opts.mustExist === true ? 'write' : 'create'

  const existed = inMemory ? false : checkFile(file, access, fail)
  let db: Database.Database
  try {
    db = new Database(file, {
      readonly,
      fileMustExist: !inMemory && access !== 'create',
      timeout: busyTimeoutMs,
    })
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
  return { db, fail }
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

// package.json sits three folders above both src/adapters/store and dist/adapters/store.
function packageVersion(): string {
  const pkg = createRequire(import.meta.url)('../../../package.json') as { version?: unknown }
  return typeof pkg.version === 'string' ? pkg.version : 'unknown'
}
