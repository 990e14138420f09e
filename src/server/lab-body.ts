/**
 * Checks the Lab page's bodies (POST /api/lab/plan, /exports, /exports.zip, /apply) once, at the
 * edge: field names, types and sizes. The values themselves (user name, addresses, keys) are
 * checked by the planner, as for the CLI; `planErrorsForApi` renames its flags to these fields.
 */
import { UnknownNameError, UsageError } from '../core/errors.js'
import type { GpuMode } from '../core/lab-plan-types.js'
import type { UbuntuRelease } from '../core/stack-catalog.js'
import type { LabApplyBody, LabPlanBody } from './api-types.js'
import { isObject, onlyKeys } from './body-validation.js'

const GPU_MODES: readonly GpuMode[] = ['passthrough', 'dynamic', 'vgpu', 'none']
const UBUNTU: readonly UbuntuRelease[] = ['22.04', '24.04']
const STRING_FIELDS = [
  'stackId',
  'modelId',
  'vgpuProfile',
  'name',
  'hostname',
  'user',
  'sshKey',
  'ip',
  'gateway',
  'dns',
  'datastore',
  'network',
  'template',
  'host',
  'gpu',
  'vram',
  'ram',
  'cores',
] as const
const PLAN_FIELDS: readonly string[] = [
  ...STRING_FIELDS,
  'gpuMode',
  'ubuntu',
  'consumerGpu',
  'mmioGB',
]
const APPLY_FIELDS: readonly string[] = [...PLAN_FIELDS, 'dryRun', 'confirm', 'powerOn']
/** authorized_keys with a few keys fits easily; the body limit (64 KiB) still applies. */
const MAX_SSH_KEY_CHARS = 16 * 1024
const MAX_FIELD_CHARS = 256

/** The CLI flag each body field stands for, to rename the planner's messages. */
const FLAG_TO_FIELD: Readonly<Record<string, string>> = {
  model: 'modelId',
  'gpu-mode': 'gpuMode',
  'vgpu-profile': 'vgpuProfile',
  'ssh-key': 'sshKey',
  'consumer-gpu': 'consumerGpu',
  'mmio-gb': 'mmioGB',
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key]
  if (value == null) return undefined
  if (typeof value !== 'string') throw new UsageError(`${key} must be a string`)
  const limit = key === 'sshKey' ? MAX_SSH_KEY_CHARS : MAX_FIELD_CHARS
  if (value.length > limit) throw new UsageError(`${key} must be at most ${limit} characters`)
  // A cleared form field means "the default", as for the query parameters.
  const trimmed = key === 'sshKey' ? value : value.trim()
  return trimmed.trim() === '' ? undefined : trimmed
}

function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key]
  if (value == null) return undefined
  if (typeof value !== 'boolean') throw new UsageError(`${key} must be true or false`)
  return value
}

function oneOf<T extends string>(
  body: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(body, key)
  if (value == null) return undefined
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${key} must be one of ${allowed.join(', ')}, got "${value.slice(0, 40)}"`)
  return value as T
}

function readPlanFields(body: Record<string, unknown>): LabPlanBody {
  const stackId = optionalString(body, 'stackId')
  if (stackId == null) throw new UsageError('stackId is required: a stack id such as chat')
  const out: Record<string, unknown> = { stackId: stackId.toLowerCase() }
  for (const key of STRING_FIELDS) {
    if (key === 'stackId') continue
    const value = optionalString(body, key)
    if (value != null) out[key] = value
  }
  const gpuMode = oneOf(body, 'gpuMode', GPU_MODES)
  if (gpuMode != null) out.gpuMode = gpuMode
  const ubuntu = oneOf(body, 'ubuntu', UBUNTU)
  if (ubuntu != null) out.ubuntu = ubuntu
  const consumerGpu = optionalBoolean(body, 'consumerGpu')
  if (consumerGpu != null) out.consumerGpu = consumerGpu
  if (body.mmioGB != null) {
    const n = body.mmioGB
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65536)
      throw new UsageError('mmioGB must be a whole number of GB from 1 to 65536')
    out.mmioGB = n
  }
  if (out.ip == null && (out.gateway != null || out.dns != null))
    throw new UsageError('gateway and dns need ip (without ip the guest uses DHCP)')
  return out as unknown as LabPlanBody
}

/** Checks a plan body: known fields only, strings where strings belong, `stackId` required. */
export function validateLabPlanBody(body: unknown): LabPlanBody {
  if (!isObject(body)) throw new UsageError('the body must be a JSON object { stackId, ... }')
  onlyKeys(body, PLAN_FIELDS, 'the body')
  return readPlanFields(body)
}

/** Checks an apply body: a plan body plus `dryRun` (required), `confirm` and `powerOn`. */
export function validateLabApplyBody(body: unknown): LabApplyBody {
  if (!isObject(body))
    throw new UsageError('the body must be a JSON object { stackId, dryRun, ... }')
  onlyKeys(body, APPLY_FIELDS, 'the body')
  const dryRun = optionalBoolean(body, 'dryRun')
  if (dryRun == null) throw new UsageError('dryRun is required: true to preview, false to apply')
  const confirm = body.confirm
  if (confirm != null && typeof confirm !== 'string')
    throw new UsageError('confirm must be a string: the VM name')
  const powerOn = optionalBoolean(body, 'powerOn')
  return {
    ...readPlanFields(body),
    dryRun,
    ...(confirm != null ? { confirm } : {}),
    ...(powerOn != null ? { powerOn } : {}),
  }
}

/**
 * The planner speaks in CLI flags (`--user must be ...`); the page sent fields. Renames
 * `--ssh-key` to `sshKey` and so on, keeping the rest of the message.
 */
export function planErrorsForApi(error: unknown): unknown {
  // UnknownNameError (404) names no flag; only plain usage errors are reworded.
  if (!(error instanceof UsageError) || error instanceof UnknownNameError) return error
  const message = error.message.replace(
    /--([a-z][a-z0-9-]*)\b/g,
    (_, flag: string) => FLAG_TO_FIELD[flag] ?? flag,
  )
  return message === error.message ? error : new UsageError(message, { cause: error })
}
