import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readSync,
  statSync,
} from 'node:fs'
import path from 'node:path'
import { StoreError } from '../../core/errors.js'

/** Every SQLite 3 file starts with these 16 bytes. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')

/**
 * What an open may do to the path:
 * - `read`: the file must exist and is never written;
 * - `write`: the file must exist and be writable;
 * - `create`: the file and its folder are made when missing.
 */
export type FileAccess = 'read' | 'write' | 'create'

/**
 * Checks the path before SQLite touches it; returns whether the file already existed.
 * SQLite would create a missing folder's file lazily and report a foreign file only on first
 * read, so these checks give clearer errors and guarantee a foreign file is never opened for writing.
 */
export function checkFile(
  file: string,
  access: FileAccess,
  fail: (error: unknown) => unknown,
): boolean {
  const dir = path.dirname(path.resolve(file))
  if (access === 'create') {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 })
    } catch (error) {
      // Node words these as "file already exists" / "not a directory", which hides the cause.
      const code = (error as { code?: unknown }).code
      const reason =
        code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : messageOf(error)
      throw new StoreError(
        `cannot create the folder ${dir} for ${file} (${reason}); use --db PATH to pick a writable place`,
        { cause: error },
      )
    }
  }
  let isFile: boolean
  try {
    isFile = statSync(file).isFile()
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw fail(error)
    if (access === 'read')
      throw new StoreError(`${file} does not exist; no homelab-ai history to read`)
    if (access === 'write')
      throw new StoreError(`${file} does not exist; use --db PATH to pick the homelab-ai database`)
    assertWritable(dir, file)
    return false
  }
  if (!isFile)
    throw new StoreError(`${file} is not a file; use --db PATH to pick the database file itself`)
  if (!hasSqliteHeader(file, fail))
    throw new StoreError(
      `${file} is not a homelab-ai database (file is not a database); it was left untouched: move it aside or use --db PATH`,
    )
  if (access !== 'read') {
    assertWritable(file, file)
    // WAL keeps two files beside the database, so the folder must be writable too.
    assertWritable(dir, file)
  }
  return true
}

/** Makes a new store file owner-only: snapshots name the host and its hardware. */
export function makePrivate(file: string): void {
  try {
    chmodSync(file, 0o600)
  } catch {
    // Ignored on purpose: FAT, CIFS and some FUSE mounts refuse modes, and the store works without.
  }
}

function assertWritable(target: string, file: string): void {
  try {
    accessSync(target, constants.W_OK)
  } catch (error) {
    const what = target === file ? file : `the folder ${target}`
    throw new StoreError(
      `cannot write ${what} (${messageOf(error)}); fix its permissions or use --db PATH`,
      { cause: error },
    )
  }
}

// An empty file is a valid new database to SQLite; anything else must start with the header.
function hasSqliteHeader(file: string, fail: (error: unknown) => unknown): boolean {
  const head = Buffer.alloc(SQLITE_HEADER.length)
  let bytesRead: number
  try {
    const fd = openSync(file, 'r')
    try {
      bytesRead = readSync(fd, head, 0, head.length, 0)
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    throw fail(error)
  }
  return bytesRead === 0 || (bytesRead === head.length && head.equals(SQLITE_HEADER))
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
