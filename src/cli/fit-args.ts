/** Flags shared by `fit` and `models`, and their parsers: a bad value fails with the valid choices. */
import { UsageError } from '../core/errors.js'
import type { KvCacheType } from '../core/fit-types.js'
import type { QuantizationType } from '../core/model-catalog.js'

/** `--quant`, `--ctx`, `--kv`. */
export const fitArgs = {
  quant: {
    type: 'string',
    description:
      'GGUF quantization, e.g. Q4_K_M, Q8_0, F16; for Whisper and image models one of their published formats (fp8, Q4_K_S...) (default: the best that fits)',
    valueHint: 'QUANT',
  },
  ctx: {
    type: 'string',
    description:
      'Context length in tokens, e.g. 8192 or 32k (default: 8192, capped at the model maximum)',
    valueHint: 'TOKENS',
  },
  kv: {
    type: 'string',
    description: 'KV cache type: f16 (default), q8_0 or q4_0',
    valueHint: 'TYPE',
  },
} as const

/** KV cache types llama.cpp's `--cache-type-k/-v` accept that the engine sizes. */
export const KV_CACHE_TYPES: readonly KvCacheType[] = ['f16', 'q8_0', 'q4_0']

// llama.cpp's largest supported contexts are in the millions (Llama 4 Scout: 10M); beyond that a
// number is a typo.
const MAX_CONTEXT_TOKENS = 10_000_000

/** `--kv`: one of KV_CACHE_TYPES, any case. */
export function parseKvCacheType(value: string | undefined): KvCacheType | undefined {
  if (value == null) return undefined
  const v = value.trim().toLowerCase()
  const hit = KV_CACHE_TYPES.find((t) => t === v)
  if (hit == null)
    throw new UsageError(`--kv must be one of ${KV_CACHE_TYPES.join(', ')}; got "${value}"`)
  return hit
}

/** `--ctx`: a whole number of tokens, with an optional `k` (×1024) suffix: `8192`, `32k`. */
export function parseContextTokens(value: string | undefined): number | undefined {
  if (value == null) return undefined
  const m = /^\s*(\d+)\s*(k?)\s*$/i.exec(value)
  const tokens = m == null ? Number.NaN : Number(m[1]) * (m[2] === '' ? 1 : 1024)
  if (!Number.isSafeInteger(tokens) || tokens < 1 || tokens > MAX_CONTEXT_TOKENS)
    throw new UsageError(
      `--ctx must be a whole number of tokens from 1 to ${MAX_CONTEXT_TOKENS}, such as 4096, 8192 or 32k; got "${value}"`,
    )
  return tokens
}

/** A context checked against the model's trained maximum. */
export function checkContextForModel(
  tokens: number,
  model: { readonly name: string; readonly architecture: { readonly maxContext: number | null } },
): void {
  const max = model.architecture.maxContext
  if (max != null && tokens > max)
    throw new UsageError(
      `--ctx ${tokens} is more than ${model.name} supports (at most ${max} tokens)`,
    )
}

/** `--quant`: a catalog quantization name in any case, returned as the catalog spells it. */
export function parseQuant(
  value: string | undefined,
  quants: readonly QuantizationType[],
  flag = '--quant',
): string | undefined {
  if (value == null) return undefined
  const v = value.trim().toUpperCase()
  const hit = quants.find((q) => q.name.toUpperCase() === v)
  if (hit == null)
    throw new UsageError(
      `${flag} must be one of ${quants.map((q) => q.name).join(', ')}; got "${value}"`,
    )
  return hit.name
}

/** `--limit`: a whole number from 1. */
export function parseLimit(value: string | undefined): number | undefined {
  if (value == null) return undefined
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--limit must be a whole number from 1; got "${value}"`)
  return n
}
