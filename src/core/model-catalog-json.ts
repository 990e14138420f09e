/**
 * Small typed readers for the model catalog JSON: each checks one value and, on failure, throws
 * an InputFileError naming its JSON path (`llm.models[3].architecture.kvHeads`).
 */
import { InputFileError } from './errors.js'

/** A parsed JSON object. */
export type Obj = Record<string, unknown>

/** Throws the catalog error for `path`. */
export function fail(path: string, why: string): never {
  throw new InputFileError(`model catalog: ${path}: ${why}`)
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v)
}

/** A JSON object (not null, not an array). */
export function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v == null || Array.isArray(v))
    fail(path, `expected an object, got ${show(v)}`)
  return v as Obj
}

/** An array, each item read with `read` at `path[i]`. */
export function arr<T>(v: unknown, path: string, read: (x: unknown, p: string) => T): T[] {
  if (!Array.isArray(v)) fail(path, `expected an array, got ${show(v)}`)
  return v.map((x, i) => read(x, `${path}[${i}]`))
}

/** A non-empty string. */
export function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.trim() === '')
    fail(path, `expected a non-empty string, got ${show(v)}`)
  return v
}

/** A non-empty string or nothing. */
export function optStr(v: unknown, path: string): string | undefined {
  return v == null ? undefined : str(v, path)
}

/** true or false. */
export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `expected true or false, got ${show(v)}`)
  return v
}

/** A finite number within [min, max]. */
export function num(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    fail(path, `expected a number in [${min}, ${max}], got ${show(v)}`)
  return v
}

/** An integer within [min, max]. */
export function int(v: unknown, path: string, min: number, max: number): number {
  const n = num(v, path, min, max)
  if (!Number.isInteger(n)) fail(path, `expected an integer, got ${n}`)
  return n
}

/** null (or absent) stays null; anything else is read with `read`. */
export function nullable<T>(
  v: unknown,
  path: string,
  read: (x: unknown, p: string) => T,
): T | null {
  return v == null ? null : read(v, path)
}

/** One of the allowed strings. */
export function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    fail(path, `expected one of ${allowed.join(', ')}, got ${show(v)}`)
  return v as T
}
