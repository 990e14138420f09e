import type { Context } from '../app/context.js'
import type { HardwareProfile } from '../core/hardware.js'
import { applyWhatIf, parseWhatIfArgs } from '../core/what-if.js'
import { UsageError } from '../core/errors.js'

export interface WhatIfArgValues {
  gpu?: string
  vram?: string
  ram?: string
  cores?: string
  profile?: string
  timeout?: string
  root?: string
}

/** Parses `--timeout`: a whole number of milliseconds from 100 to 120000. */
export function parseTimeoutMs(value: string | undefined): number | undefined {
  if (value == null) return undefined
  const ms = Number(value)
  if (!Number.isInteger(ms) || ms < 100 || ms > 120_000)
    throw new UsageError(
      `--timeout must be a whole number of milliseconds from 100 to 120000, got ${value}`,
    )
  return ms
}

/** Whether any what-if flag was given (then the result is not this machine and is not saved). */
export function hasWhatIf(args: WhatIfArgValues): boolean {
  return args.gpu != null || args.vram != null || args.ram != null || args.cores != null
}

/**
 * The hardware a command reasons about: a saved profile or a fresh probe, then the what-if flags.
 * Flags are validated before anything slow runs, so a typo fails fast.
 */
export async function resolveHardware(
  ctx: Context,
  args: WhatIfArgValues,
): Promise<HardwareProfile> {
  const overrides = parseWhatIfArgs(args)
  const timeoutMs = parseTimeoutMs(args.timeout)
  const base =
    args.profile != null
      ? await ctx.loadProfile(args.profile)
      : await ctx.probeHardware({ timeoutMs, root: args.root })
  if (!hasWhatIf(args)) return base
  return applyWhatIf(base, overrides, await ctx.loadGpuCatalog())
}
