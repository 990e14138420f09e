import { StoreError } from '../../core/errors.js'

/** What the user can do when the store file itself is the problem. */
const LEAVE_IT = 'it was left untouched: move it aside or use --db PATH'

/**
 * Turns a failure from SQLite or the file system into a one-line StoreError about `file`.
 * Errors that are neither (bugs in our code) come back unchanged so they keep their stack.
 */
export function toStoreError(file: string, error: unknown, busyTimeoutMs: number): unknown {
  if (error instanceof StoreError) return error
  const code = errorCode(error)
  // Node's own ERR_* codes mean we called an API wrongly: a bug, not a store problem.
  if (code == null || !/^(SQLITE_|E[A-Z]+$)/.test(code)) return error
  const detail = error instanceof Error ? error.message : String(error)
  const options = { cause: error }
  // SQLite codes come extended (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED): match on the family.
  const family = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code
  switch (family) {
    case 'SQLITE_NOTADB':
      return new StoreError(
        `${file} is not a homelab-ai database (${detail}); ${LEAVE_IT}`,
        options,
      )
    case 'SQLITE_CORRUPT':
      return new StoreError(`${file} is damaged (${detail}); ${LEAVE_IT}`, options)
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new StoreError(
        `${file} is locked by another process (still busy after ${busyTimeoutMs} ms); ` +
          'close the other homelab-ai or SQLite tool using it and try again',
        options,
      )
    case 'SQLITE_READONLY':
    case 'EROFS':
      return new StoreError(
        `cannot write ${file}: it is read-only (${detail}); fix its permissions or use --db PATH`,
        options,
      )
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
    case 'EACCES':
    case 'EPERM':
      return new StoreError(
        `cannot use ${file}: permission denied (${detail}); fix its permissions or use --db PATH`,
        options,
      )
    case 'SQLITE_CANTOPEN':
      return new StoreError(
        `cannot open ${file} (${detail}); check that its folder exists and is writable, or use --db PATH`,
        options,
      )
    case 'SQLITE_FULL':
    case 'ENOSPC':
      return new StoreError(`cannot write ${file}: the disk is full (${detail})`, options)
    default:
      return new StoreError(`the history store ${file} failed: ${detail}`, options)
  }
}

// SqliteError and Node's system errors both carry a string `code`.
function errorCode(error: unknown): string | null {
  if (!(error instanceof Error)) return null
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : null
}
