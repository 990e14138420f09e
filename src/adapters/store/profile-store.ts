import { StoreError, UsageError } from '../../core/errors.js'
import type { SavedProfile, WhatIfParams } from '../../core/report-views.js'
import { openStoreFile, type OpenStoreFileOptions } from './store-connection.js'

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
export type OpenProfileStoreOptions = Omit<OpenStoreFileOptions, 'mustExist' | 'readonly'>

interface ProfileRow {
  id: number
  name: string
  created_at: string
  overrides_json: string
}

const KEYS = ['gpu', 'vram', 'ram', 'cores'] as const

/**
 * Opens the saved profiles of the store at `file`, which must exist (open it with
 * `openHistoryStore` first) unless it is `:memory:`. A store already open on the file lends its
 * connection; each `:memory:` open is a database of its own.
 */
export function openProfileStore(file: string, opts: OpenProfileStoreOptions = {}): ProfileStore {
  const now = opts.now ?? (() => new Date())
  const connection = openStoreFile(file, 'profile store', { ...opts, now, mustExist: true })
  const { db, guard } = connection
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
    close: () => connection.close(),
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
