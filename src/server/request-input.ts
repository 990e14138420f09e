import type { Context } from 'hono'
import { UsageError } from '../core/errors.js'
import type { WhatIfParams } from '../core/report-views.js'
import { parseWhatIfArgs, type WhatIfOverrides } from '../core/what-if.js'
import { RequestRejectedError } from './http-errors.js'

const WHAT_IF_KEYS = ['gpu', 'vram', 'ram', 'cores'] as const

/** The what-if query parameters; empty ones (a cleared form field) count as absent. */
export function whatIfQuery(c: Context): WhatIfParams {
  const out: Record<string, string> = {}
  for (const key of WHAT_IF_KEYS) {
    const value = c.req.query(key)?.trim()
    if (value != null && value !== '') out[key] = value
  }
  return out
}

/** Whether any what-if value is given. */
export function hasOverrides(p: WhatIfParams): boolean {
  return WHAT_IF_KEYS.some((key) => p[key] != null)
}

/**
 * Checks what-if values as the CLI does; the messages name the parameter (`vram`) instead of the
 * flag (`--vram`), since that is what the page sent.
 */
export function parseWhatIf(p: WhatIfParams, where = ''): WhatIfOverrides {
  try {
    return parseWhatIfArgs(p)
  } catch (error) {
    if (error instanceof UsageError)
      throw new UsageError(error.message.replace(/--(gpu|vram|ram|cores)\b/g, `${where}$1`))
    throw error
  }
}

/** A whole-number query parameter within bounds, or `fallback` when absent. */
export function intQuery(
  c: Context,
  name: string,
  range: { min: number; max: number },
  fallback: number,
): number
export function intQuery(
  c: Context,
  name: string,
  range: { min: number; max: number },
  fallback?: undefined,
): number | undefined
export function intQuery(
  c: Context,
  name: string,
  range: { min: number; max: number },
  fallback?: number,
): number | undefined {
  const raw = c.req.query(name)?.trim()
  if (raw == null || raw === '') return fallback
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max)
    throw new UsageError(
      `${name} must be a whole number from ${range.min} to ${range.max}, got "${raw.slice(0, 40)}"`,
    )
  return value
}

/**
 * The request body as JSON. Rules: `Content-Type: application/json` (415 otherwise), valid JSON
 * (400 otherwise). The size limit is checked before this runs.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new RequestRejectedError(415, 'send the body as JSON (Content-Type: application/json)')
  const text = await c.req.text()
  try {
    return JSON.parse(text) as unknown
  } catch {
    // The parser's message quotes the body back; one plain line is enough for a client bug.
    throw new UsageError('the body is not valid JSON')
  }
}
