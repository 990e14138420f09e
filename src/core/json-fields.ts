/**
 * Path-aware readers for validating parsed JSON once at the edge. Each reader names the field
 * by its path (`gpus[1].vramMiB`) so the first problem in a file becomes a one-line message.
 */

/** A problem found at one path; validators turn it into their own error class with the file name. */
export class FieldProblem extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`)
    this.name = 'FieldProblem'
  }
}

/** A plain JSON object, as `JSON.parse` returns it. */
export type JsonObject = Readonly<Record<string, unknown>>

/** Shows a bad value briefly: strings quoted, long values cut, so a message stays on one line. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  let text: string
  try {
    // JSON.stringify gives undefined only for functions and symbols, which JSON.parse never makes.
    text = JSON.stringify(value) ?? typeof value
  } catch {
    // Only a hand-built object can fail to stringify (JSON.parse never makes cycles); say what it is.
    text = typeof value
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

/** `a.b`, `a[2]`, or just `b` at the top. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`
  return parent === '' ? key : `${parent}.${key}`
}

/** True for `{...}` (not arrays, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value != null && !Array.isArray(value)
}

/** The object at `path`, or a problem. */
export function readObject(value: unknown, path: string): JsonObject {
  if (!isObject(value))
    throw new FieldProblem(path, `must be an object, got ${describeValue(value)}`)
  return value
}

/** The array at `path`, or a problem. */
export function readArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value))
    throw new FieldProblem(path, `must be a list, got ${describeValue(value)}`)
  return value
}

/** A string; `allowEmpty` false rejects `""`. */
export function readString(value: unknown, path: string, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === ''))
    throw new FieldProblem(path, `must be a non-empty string, got ${describeValue(value)}`)
  return value
}

/** A string, or null when the value is null or missing. */
export function readNullableString(value: unknown, path: string): string | null {
  if (value == null) return null
  if (typeof value !== 'string')
    throw new FieldProblem(path, `must be a string or null, got ${describeValue(value)}`)
  return value
}

/** A boolean. */
export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean')
    throw new FieldProblem(path, `must be true or false, got ${describeValue(value)}`)
  return value
}

/** A boolean, or null when the value is null or missing. */
export function readNullableBoolean(value: unknown, path: string): boolean | null {
  if (value == null) return null
  if (typeof value !== 'boolean')
    throw new FieldProblem(path, `must be true, false or null, got ${describeValue(value)}`)
  return value
}

/** Limits for a number: inclusive `min`/`max`, `minExclusive` for "> 0", `integer` for counts. */
export interface NumberRange {
  readonly min?: number
  readonly max?: number
  readonly minExclusive?: boolean
  readonly integer?: boolean
}

function rangeProblem(value: number, range: NumberRange): string | null {
  if (range.integer === true && !Number.isInteger(value)) return 'must be a whole number'
  if (range.min != null) {
    if (range.minExclusive === true ? value <= range.min : value < range.min)
      return `must be ${range.minExclusive === true ? '>' : '>='} ${range.min}`
  }
  if (range.max != null && value > range.max) return `must be <= ${range.max}`
  return null
}

/** A finite number within `range`. */
export function readNumber(value: unknown, path: string, range: NumberRange = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new FieldProblem(path, `must be a number, got ${describeValue(value)}`)
  const problem = rangeProblem(value, range)
  if (problem != null) throw new FieldProblem(path, `${problem}, got ${describeValue(value)}`)
  return value
}

/** A finite number within `range`, or null when the value is null or missing. */
export function readNullableNumber(
  value: unknown,
  path: string,
  range: NumberRange = {},
): number | null {
  if (value == null) return null
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new FieldProblem(path, `must be a number or null, got ${describeValue(value)}`)
  const problem = rangeProblem(value, range)
  if (problem != null) throw new FieldProblem(path, `${problem}, got ${describeValue(value)}`)
  return value
}

/** One of a fixed set of strings. */
export function readEnum<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new FieldProblem(
      path,
      `must be one of ${allowed.join(', ')}, got ${describeValue(value)}`,
    )
  return value as T
}

/** A list of strings (missing counts as empty). */
export function readStringList(value: unknown, path: string): readonly string[] {
  if (value == null) return []
  return readArray(value, path).map((item, i) => readString(item, childPath(path, i), true))
}
