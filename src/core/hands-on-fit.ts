/**
 * The fit engine's answer for a hands-on step that runs a model (`handsOn.model`): how the
 * model runs on the reader's lab, as plain data for the verdict sentence and `learn --json`.
 */
import type { HandsOn } from './curriculum.js'
import { bestFit, type BestFitOptions } from './fit.js'
import type { Calibration, FitData } from './fit-request.js'
import type { FitLevel, KvCacheType, Placement } from './fit-types.js'
import type { HardwareProfile } from './hardware.js'
import type { ModelCatalog } from './model-catalog.js'

/** What the fit engine needs, loaded by the shell (CLI or server) and passed in. */
export interface HandsOnFitInputs {
  readonly catalog: ModelCatalog
  readonly data: FitData
  /** This machine's own benchmark, when it has one: the speed then says "measured". */
  readonly calibration?: Calibration | null
}

/** How the hands-on step's model runs on the reader's lab. */
export interface HandsOnFit {
  readonly modelId: string
  readonly modelName: string
  readonly quant: string
  readonly contextTokens: number
  readonly kvCacheType: KvCacheType
  readonly fits: boolean
  readonly level: FitLevel
  readonly placement: Placement
  readonly offload: 'none' | 'layers' | 'moe-experts'
  readonly gpuLayers: number
  readonly totalLayers: number
  /** Names of the GPUs that hold part of the model, in probe order. */
  readonly gpus: readonly string[]
  /** Comparable with llama-bench tg128, to 0.1; null when the model does not fit. */
  readonly decodeTokensPerSec: number | null
  /** `measured` when this machine's benchmark calibrated the estimate. */
  readonly speedBasis: 'catalog' | 'measured' | null
}

/** The fit options a `homelab-ai fit` command line sets, so the verdict matches its output. */
export interface CommandFitOptions {
  readonly contextTokens?: number
  readonly kvCacheType?: KvCacheType
  readonly quant?: string
}

const KV_TYPES: readonly KvCacheType[] = ['f16', 'q8_0', 'q4_0']

/** Words of a documented command line, honouring simple "double quotes". */
export function commandWords(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')
}

/**
 * `--ctx`, `--kv` and `--quant` of a `homelab-ai fit` command (`--ctx 32k` or `--ctx=32768`).
 * Other commands (`lab plan`, `bench llm`) size the model as `fit MODEL` does, so they set none.
 */
export function fitOptionsOfCommand(command: string): CommandFitOptions {
  const words = commandWords(command)
  if (words[0] !== 'homelab-ai' || words[1] !== 'fit') return {}
  const flag = (name: string): string | undefined => {
    for (let i = 2; i < words.length; i++) {
      const word = words[i] ?? ''
      if (word === `--${name}`) return words[i + 1]
      if (word.startsWith(`--${name}=`)) return word.slice(name.length + 3)
    }
    return undefined
  }
  const ctx = /^(\d+)(k?)$/i.exec(flag('ctx') ?? '')
  const kv = flag('kv')?.toLowerCase()
  const quant = flag('quant')
  return {
    ...(ctx != null ? { contextTokens: Number(ctx[1]) * (ctx[2] === '' ? 1 : 1024) } : {}),
    ...(kv != null && (KV_TYPES as readonly string[]).includes(kv)
      ? { kvCacheType: kv as KvCacheType }
      : {}),
    ...(quant != null ? { quant } : {}),
  }
}

/**
 * The fit engine's answer for the step's model on `hw`, as `homelab-ai fit MODEL` (with the
 * command's own --ctx/--kv/--quant) would give it; null when the step names no catalog LLM.
 */
export function handsOnFit(
  handsOn: Pick<HandsOn, 'command' | 'model'>,
  hw: HardwareProfile,
  inputs: HandsOnFitInputs,
): HandsOnFit | null {
  if (handsOn.model == null) return null
  const model = inputs.catalog.llm.find((m) => m.id === handsOn.model)
  if (model == null) return null
  const asked = fitOptionsOfCommand(handsOn.command)
  const quant =
    asked.quant == null
      ? undefined
      : inputs.data.quants.find((q) => q.name.toLowerCase() === asked.quant?.toLowerCase())?.name
  const opts: BestFitOptions = {
    contextTokens: asked.contextTokens,
    kvCacheType: asked.kvCacheType,
    quants: quant != null ? [quant] : undefined,
    calibration: inputs.calibration ?? undefined,
  }
  const r = bestFit(model, hw, inputs.data, opts).result
  return {
    modelId: model.id,
    modelName: model.name,
    quant: r.quant,
    contextTokens: r.contextTokens,
    kvCacheType: r.kvCacheType,
    fits: r.fits,
    level: r.level,
    placement: r.placement,
    offload: r.offload ?? 'none',
    gpuLayers: r.gpuLayers,
    totalLayers: r.totalLayers,
    gpus: r.memory.perDevice.filter((d) => d.device !== 'cpu' && d.layers > 0).map((d) => d.name),
    // Rounded as the fit command prints it: an estimate, and stable JSON.
    decodeTokensPerSec: r.speed == null ? null : Math.round(r.speed.decodeTokensPerSec * 10) / 10,
    speedBasis: r.speed?.basis.kind ?? null,
  }
}

/** `about 48 tokens/s`, `about 3.5 tokens/s`: one decimal only where it matters. */
function speedText(fit: HandsOnFit): string {
  const tps = fit.decodeTokensPerSec ?? 0
  const n = tps >= 10 ? String(Math.round(tps)) : tps.toFixed(1)
  return `about ${n} tokens/s${fit.speedBasis === 'measured' ? ' (scaled from your own benchmark)' : ''}`
}

/** `8K`, `32K`, `72960`: how the fit command writes a context. */
function contextText(tokens: number): string {
  return tokens % 1024 === 0 ? `${tokens / 1024}K` : String(tokens)
}

/**
 * One sentence on how the step's model runs on the reader's lab, in the words:
 * "Your lab has no GPU: this lab runs CPU-only; expect about 9 tokens/s for Llama 3.1 8B at Q4_K_M".
 */
export function handsOnFitSentence(fit: HandsOnFit, hw: HardwareProfile): string {
  const what = `${fit.modelName} at ${fit.quant} with ${contextText(fit.contextTokens)} context`
  if (!fit.fits || fit.placement === 'none')
    return `${what} does not fit in your lab's memory (VRAM plus system RAM): the command still runs and shows how much is missing; a smaller model or quantization may fit.`
  const gpu = fit.gpus[0] ?? hw.gpus[0]?.name ?? 'GPU'
  switch (fit.placement) {
    case 'gpu':
      return `Your ${gpu} runs ${what} fully on the GPU: expect ${speedText(fit)}.`
    case 'multi-gpu':
      return `Your ${fit.gpus.length} GPUs (${fit.gpus.join(', ')}) hold all of ${what}: expect ${speedText(fit)}.`
    case 'partial-offload':
      return fit.offload === 'moe-experts'
        ? `Your ${gpu} holds the attention layers of ${what}, and part of its experts stay in system RAM: expect ${speedText(fit)}.`
        : `Your ${gpu} holds ${fit.gpuLayers} of ${fit.totalLayers} layers of ${what}; the rest run on the CPU from system RAM: expect ${speedText(fit)}.`
    case 'cpu':
      return hw.gpus.length === 0
        ? `Your lab has no GPU: this lab runs CPU-only; expect ${speedText(fit)} for ${what}.`
        : `Your ${gpu} cannot hold ${what} (too little VRAM, or none the probe could read), so this lab runs it CPU-only: expect ${speedText(fit)}.`
  }
}
