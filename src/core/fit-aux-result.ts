/**
 * Pieces every non-LLM answer is built from: the model header, the speed basis from the device's
 * compute, the one file of a single-file model, and the answers once placed (too big, or running
 * with a speed figure) or when the catalog cannot size the model (unknown, or too big whatever the
 * missing part weighs).
 */
import { largestDeviceGiB, type AuxCompute, type AuxPlan } from './fit-aux.js'
import type { AuxFile, AuxFitResult, AuxSpeed, AuxSpeedBasis } from './fit-aux-types.js'
import { GIB, type Machine } from './fit-machine.js'
import type { EmbeddingModel, ImageModel, SpeechModel } from './model-catalog.js'

/** The fields known before anything is sized. */
export type AuxHead = Pick<AuxFitResult, 'model' | 'formats'>

/** The model's identity and its published formats. */
export function auxHead(
  model: ImageModel | SpeechModel | EmbeddingModel,
  formats: readonly string[],
): AuxHead {
  return { model: { id: model.id, name: model.name, kind: model.kind }, formats }
}

/** The basis of a speed figure: the device's FLOPS and the fitted efficiency it was scaled by. */
export function auxBasis(
  c: AuxCompute,
  explanation: string,
  extra: Partial<AuxSpeedBasis>,
): AuxSpeedBasis {
  return {
    device: c.name,
    computeTflops: c.tflops,
    computeSource: c.tflopsSource,
    computeEfficiency: c.computeEfficiency,
    bandwidthGBps: null,
    bandwidthSource: null,
    bandwidthEfficiency: null,
    efficiencySource: `${c.efficiencySource} in catalog/speed-efficiency.json (fitted on public llama-bench rows)`,
    reference: null,
    kind: 'catalog',
    explanation,
    ...extra,
  }
}

/** The answer with its fields in a fixed order, the LLM FitResult's where they are shared. */
export function auxResult(head: AuxHead, r: Omit<AuxFitResult, 'model' | 'formats'>): AuxFitResult {
  return {
    model: head.model,
    quant: r.quant,
    formats: head.formats,
    files: r.files,
    fits: r.fits,
    placement: r.placement,
    memory: r.memory,
    speed: r.speed,
    level: r.level,
    reasons: r.reasons,
  }
}

/** What is known once the files are chosen and placed, whatever the verdict. */
export interface AuxSizing {
  /** The format sized (for images, the diffusion model's). */
  readonly quant: string
  readonly files: readonly AuxFile[]
  readonly plan: AuxPlan
}

/** The one file of a Whisper or embedding model; `file` null when the size is derived. */
export function singleModelFile(
  name: string,
  format: string,
  file: { readonly repo: string; readonly file: string } | null,
  bytes: number,
): AuxFile {
  return {
    role: 'model',
    components: [name],
    format,
    repo: file?.repo ?? null,
    file: file?.file ?? null,
    sizeGiB: bytes / GIB,
  }
}

/** The answer when the chosen files fit on no device. */
export function tooBigAux(head: AuxHead, s: AuxSizing, reasons: readonly string[]): AuxFitResult {
  return auxResult(head, {
    quant: s.quant,
    files: s.files,
    memory: s.plan.memory,
    fits: false,
    placement: 'none',
    speed: null,
    level: 'too-big',
    reasons,
  })
}

/** The answer when it fits; `speed` null (level `unknown`) when a fact for the figure is missing. */
export function placedAux(
  head: AuxHead,
  s: AuxSizing,
  speed: AuxSpeed | null,
  level: AuxFitResult['level'],
  reasons: readonly string[],
): AuxFitResult {
  return auxResult(head, {
    quant: s.quant,
    files: s.files,
    memory: s.plan.memory,
    fits: true,
    placement: s.plan.placement,
    speed,
    level,
    reasons,
  })
}

/** The answer when it runs with a speed figure, noting a tight fit when under 1 GiB is left. */
export function runningAux(
  head: AuxHead,
  s: AuxSizing,
  speed: AuxSpeed,
  level: AuxFitResult['level'],
  reasons: readonly string[],
): AuxFitResult {
  const tight =
    s.plan.headroomGiB < 1 ? [`Only ${s.plan.headroomGiB.toFixed(1)} GiB left: tight`] : []
  return placedAux(head, s, speed, level, [...reasons, ...tight])
}

/** The answer when a size is missing: `too-big` if what is known already exceeds every device. */
export function unsizedAux(
  head: AuxHead,
  reasons: string[],
  knownBytes: number,
  m: Machine,
): AuxFitResult {
  const base = {
    quant: null,
    files: [],
    memory: null,
    speed: null,
    placement: 'none' as const,
  }
  if (knownBytes / GIB > largestDeviceGiB(m))
    return auxResult(head, {
      ...base,
      fits: false,
      level: 'too-big',
      reasons: [
        `Too big: the parts the catalog can size already need ${(knownBytes / GIB).toFixed(1)} GiB; the largest device here offers ${largestDeviceGiB(m).toFixed(1)} GiB`,
        ...reasons,
      ],
    })
  return auxResult(head, { ...base, fits: null, level: 'unknown', reasons })
}
