import Database from 'better-sqlite3'
import { StoreError, UsageError } from '../../core/errors.js'
import type { SavedProfile, WhatIfParams } from '../../core/report-views.js'
import { migrate } from './migrations.js'
import { toStoreError } from './store-errors.js'

/** A profile name that is already saved; the server answers 409. */
export class ProfileNameTakenError extends UsageError {
  override readonly code: string = 'PROFILE_NAME_TAKEN'
  constructor(readonly profileName: string) {
    super(`a profile named "${profileName}" already exists; pick another name or delete it first`)
  }
}

/** Saved what-if profiles (the `profiles` table of the store file). */
export interface ProfileStore {
  readonly file: string
  /** Saves a validated profile; throws ProfileNameTakenError when the name is taken. */
  saveProfile(name: string, overrides: WhatIfParams): SavedProfile
  /** Newest first. */
  listProfiles(): SavedProfile[]
  /** True when a profile was deleted. */
  deleteProfile(id: number): boolean
  close(): void
}

/** Options for `openProfileStore`; every field has a real default. */
export interface OpenProfileStoreOptions {
  readonly now?: () => Date
  readonly busyTimeoutMs?: number
  readonly appVersion?: string
}

interface ProfileRow {
  id: number
  name: string
  created_at: string
  overrides_json: string
}

const KEYS = ['gpu', 'vram', 'ram', 'cores'] as const

/**
 * Opens the profiles of the store at `file` on a connection of its own. Open the file with
 * `openHistoryStore` first: it checks that the file is ours and brings the schema up to date, so
 * the migration here only runs for `:memory:` (each in-memory connection is its own database).
 */
export function openProfileStore(file: string, opts: OpenProfileStoreOptions = {}): ProfileStore {
  const now = opts.now ?? (() => new Date())
  const busyTimeoutMs = opts.busyTimeoutMs ?? 2000
  const fail = (error: unknown): unknown => toStoreError(file, error, busyTimeoutMs)
  let db: Database.Database
  try {
    db = new Database(file, { fileMustExist: file !== ':memory:', timeout: busyTimeoutMs })
    migrate(db, { file, now, appVersion: opts.appVersion ?? 'unknown' })
  } catch (error) {
    const mapped = fail(error)
    // better-sqlite3 reports a missing folder as a plain TypeError: still the store's problem.
    throw mapped instanceof StoreError
      ? mapped
      : new StoreError(`cannot open ${file} (${messageOf(error)}); use --db PATH`, { cause: error })
  }
  const guard = <T>(work: () => T): T => {
    if (!db.open) throw new StoreError(`the profile store ${file} is closed`)
    try {
      return work()
    } catch (error) {
      throw fail(error)
    }
  }
  return {
    file,
    saveProfile(name, overrides) {
      const createdAt = now().toISOString()
      const json = JSON.stringify(pickKeys(overrides))
      try {
        return guard(() => {
          const info = db
            .prepare('INSERT INTO profiles (name, created_at, overrides_json) VALUES (?, ?, ?)')
            .run(name, createdAt, json)
          return {
            id: Number(info.lastInsertRowid),
            name,
            createdAt,
            overrides: pickKeys(overrides),
          }
        })
      } catch (error) {
        if (isUniqueViolation(error)) throw new ProfileNameTakenError(name)
        throw error
      }
    },
    listProfiles() {
      return guard(() =>
        db
          .prepare<[], ProfileRow>(
            'SELECT id, name, created_at, overrides_json FROM profiles ORDER BY created_at DESC, id DESC',
          )
          .all()
          .map((row) => toProfile(row, file)),
      )
    },
    deleteProfile(id) {
      if (!Number.isSafeInteger(id)) return false
      return guard(() => db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0)
    },
    close() {
      if (db.open) db.close()
    },
  }
}

// Only the four what-if keys are kept, in a fixed order, so the stored JSON is predictable.
function pickKeys(o: WhatIfParams): WhatIfParams {
  const out: Record<string, string> = {}
  for (const key of KEYS) {
    const value = o[key]
    if (value != null) out[key] = value
  }
  return out
}

function toProfile(row: ProfileRow, file: string): SavedProfile {
  let parsed: unknown
  try {
    parsed = JSON.parse(row.overrides_json)
  } catch (error) {
    throw new StoreError(`profile #${row.id} in ${file} is damaged (not JSON)`, { cause: error })
  }
  const ok =
    typeof parsed === 'object' &&
    parsed != null &&
    !Array.isArray(parsed) &&
    Object.entries(parsed).every(
      ([k, v]) => (KEYS as readonly string[]).includes(k) && typeof v === 'string',
    )
  if (!ok) throw new StoreError(`profile #${row.id} in ${file} is damaged (bad overrides)`)
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    overrides: parsed as WhatIfParams,
  }
}

// The StoreError wrapping keeps SQLite's error as the cause.
function isUniqueViolation(error: unknown): boolean {
  const cause = error instanceof StoreError ? error.cause : error
  return (cause as { code?: unknown } | null)?.code === 'SQLITE_CONSTRAINT_UNIQUE'
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
