/**
 * Small readers for parsed JSON/XML of unknown shape. Tool output changes between versions,
 * so every parser walks it through these instead of trusting a type.
 */

/** The value as a plain object, or null when it is anything else (array, string, null). */
export function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value != null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null
}

/** A child of an object-like value, or undefined. */
export function field(value: unknown, key: string): unknown {
  return asRecord(value)?.[key]
}

/** Follows a path of keys; undefined as soon as one step is missing. */
export function path(value: unknown, ...keys: readonly string[]): unknown {
  let current = value
  for (const key of keys) current = field(current, key)
  return current
}

/**
 * The value as a list: XML parsers give one child as an object and several as an array,
 * and PowerShell's ConvertTo-Json does the same with one or several CIM instances.
 */
export function asList(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value as unknown[]
  return value == null ? [] : [value]
}

/** Trimmed text of a string or number; null for empty strings and everything else. */
export function asText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value !== 'string') return null
  const trimmed = value.trim()
  return trimmed === '' ? null : trimmed
}

/** A finite number from a number or a plain numeric string; null otherwise. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  const text = asText(value)
  if (text == null || !/^-?\d+(\.\d+)?$/.test(text)) return null
  return Number(text)
}

/** Parses JSON without throwing: the value, or the parser's message. */
export function parseJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
}

/** The first non-empty line of a text, cut to a readable length, for notes. */
export function firstLine(text: string, maxChars = 160): string {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '')
  if (line == null) return ''
  return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line
}
