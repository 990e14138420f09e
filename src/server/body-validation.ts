import { UsageError } from '../core/errors.js'
import type { GpuCatalog } from '../core/gpu-catalog.js'
import { resolveGpuName, suggestGpuNames } from '../core/gpu-name.js'
import type { WhatIfParams } from '../core/report-views.js'
import type { LessonResultBody, SaveProfileBody } from './api-types.js'
import { hasOverrides, parseWhatIf } from './request-input.js'

/** The longest profile name: it is a label in a list. */
export const MAX_PROFILE_NAME = 64
const WHAT_IF_KEYS: readonly string[] = ['gpu', 'vram', 'ram', 'cores']

/** Whether `value` is a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value != null && !Array.isArray(value)
}

/** Refuses any key of `obj` not in `allowed`, naming it and the allowed ones. */
export function onlyKeys(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  where: string,
): void {
  const extra = Object.keys(obj).find((k) => !allowed.includes(k))
  if (extra != null)
    throw new UsageError(
      `${where} has an unknown field "${extra.slice(0, 40)}"; allowed: ${allowed.join(', ')}`,
    )
}

/** Checks a quiz result: whole numbers, 0 <= correct <= total, total = the lesson's questions. */
export function validateLessonResultBody(body: unknown, questionCount: number): LessonResultBody {
  if (!isObject(body)) throw new UsageError('the body must be a JSON object { correct, total }')
  onlyKeys(body, ['correct', 'total'], 'the body')
  const { correct, total } = body
  if (total !== questionCount)
    throw new UsageError(`total must be ${questionCount}, the lesson's number of questions`)
  if (typeof correct !== 'number' || !Number.isInteger(correct) || correct < 0 || correct > total)
    throw new UsageError(`correct must be a whole number from 0 to ${questionCount}`)
  return { correct, total }
}

/**
 * Checks a profile to save. Rules:
 * - `name`: a string, 1 to 64 characters after trimming, no control characters;
 * - `overrides`: an object with at least one of gpu, vram, ram, cores, each a non-empty string
 *   valid as the CLI flag, and nothing else; each GPU name must be in the catalog.
 */
export function validateProfileBody(body: unknown, catalog: GpuCatalog): SaveProfileBody {
  if (!isObject(body)) throw new UsageError('the body must be a JSON object { name, overrides }')
  onlyKeys(body, ['name', 'overrides'], 'the body')
  if (typeof body.name !== 'string') throw new UsageError('name must be a string')
  const name = body.name.trim()
  if (name === '' || name.length > MAX_PROFILE_NAME)
    throw new UsageError(`name must be 1 to ${MAX_PROFILE_NAME} characters`)
  // Control characters would break the one-line lists and messages the name appears in.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name))
    throw new UsageError('name must not hold control characters')
  const overrides = body.overrides
  if (!isObject(overrides))
    throw new UsageError('overrides must be an object with some of gpu, vram, ram, cores')
  onlyKeys(overrides, WHAT_IF_KEYS, 'overrides')
  const params: Record<string, string> = {}
  for (const [key, value] of Object.entries(overrides)) {
    if (typeof value !== 'string' || value.trim() === '')
      throw new UsageError(
        `overrides.${key} must be a non-empty string, like the CLI flag --${key}`,
      )
    params[key] = value.trim()
  }
  const what: WhatIfParams = params
  if (!hasOverrides(what))
    throw new UsageError('overrides needs at least one of gpu, vram, ram, cores')
  for (const item of parseWhatIf(what, 'overrides.').gpus ?? []) {
    if (resolveGpuName(catalog, item.name) == null) {
      const near = suggestGpuNames(catalog, item.name)
      throw new UsageError(
        `overrides.gpu: unknown GPU "${item.name.slice(0, 60)}"` +
          (near.length > 0 ? `; did you mean: ${near.join(', ')}?` : ''),
      )
    }
  }
  return { name, overrides: what }
}
