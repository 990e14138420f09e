/**
 * Pieces every non-LLM answer is built from: the model header, the speed basis from the device's
 * compute, and the answer when the catalog cannot size the model (unknown, or too big whatever the
 * missing part weighs).
 */
import { largestDeviceGiB, type AuxCompute } from './fit-aux.js'
import type { AuxFitResult, AuxSpeedBasis } from './fit-aux-types.js'
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
