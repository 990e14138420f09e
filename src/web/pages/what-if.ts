/**
 * The what-if editor's state and its translation into the API's query (the CLI's flags:
 * `gpu=2x RTX 3090`, `ram=128`, `cores=16`). Empty fields mean "as this machine has it".
 */
import type { WhatIfParams } from '../../server/api-types.js'

/** One picked GPU model and how many of it. */
export interface PickedGpu {
  readonly name: string
  readonly count: number
}

/** What the reader imagines; null GPU list keeps the machine's own GPUs. */
export interface WhatIf {
  readonly gpus: readonly PickedGpu[] | null
  readonly ramGiB: string
  readonly cores: string
}

/** This machine as it is. */
export const NO_WHAT_IF: WhatIf = { gpus: null, ramGiB: '', cores: '' }

/** The query parameters for a what-if; `{}` for the machine as it is. */
export function whatIfQuery(w: WhatIf): WhatIfParams {
  const out: { gpu?: string; ram?: string; cores?: string } = {}
  const gpus = (w.gpus ?? []).filter((g) => g.name !== '' && g.count > 0)
  if (gpus.length > 0) out.gpu = gpus.map((g) => `${g.count}x ${g.name}`).join(', ')
  if (w.ramGiB.trim() !== '') out.ram = w.ramGiB.trim()
  if (w.cores.trim() !== '') out.cores = w.cores.trim()
  return out
}

/** Whether anything is imagined at all. */
export function isWhatIf(w: WhatIf): boolean {
  return Object.keys(whatIfQuery(w)).length > 0
}

/** A stable key for reloading when the what-if changes. */
export function whatIfKey(w: WhatIf): string {
  return JSON.stringify(whatIfQuery(w))
}
