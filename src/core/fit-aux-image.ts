/**
 * Fit and speed of a text-to-image model. Memory adds up real published files: the best format of
 * the diffusion model that runs, its text encoders (in RAM when only the rest fits the GPU) and
 * VAE, plus activations. Speed scales the model's own cited run (catalog `speedReference`) by the
 * device's achieved FLOPS against the reference GPU's, and by pixel count.
 */
import {
  AUX_THRESHOLDS as T,
  auxLevel,
  computeOf,
  placeAux,
  placementReason,
  type AuxPlan,
} from './fit-aux.js'
import {
  auxFilesOf,
  diffusionLadder,
  fileSetBytes,
  imageFileSets,
  imageFormat,
  imageFormats,
  matchesFormat,
  type ImageFileSet,
} from './fit-aux-image-files.js'
import {
  auxBasis,
  auxHead,
  placedAux,
  runningAux,
  tooBigAux,
  unsizedAux,
} from './fit-aux-result.js'
import type { AuxFitResult, ImageSpeed } from './fit-aux-types.js'
import { backendFor, GIB, machineOf, type Machine } from './fit-machine.js'
import { SAFETY_MARGIN_GIB } from './fit-memory.js'
import type { FitData } from './fit-request.js'
import type { FitLevel } from './fit-types.js'
import type { HardwareProfile } from './hardware.js'
import { fileSizeBytes, type ImageModel } from './model-catalog.js'
import { efficiencyFor, efficiencyGroup } from './speed-efficiency.js'

// Diffusion pipelines keep VAE decode and activations beside the weights: stable-diffusion.cpp
// compute buffers run 0.4-2.9 GB at 1024x1024 (gguf-parser-go regressions, notes section 3.7).
const IMAGE_ACTIVATION_BYTES = 2 * GIB

/** Options for assessImageFit. */
export interface ImageFitOptions {
  /** A published format of the diffusion model (`fp16`, `fp8`, `Q4_K_S`); default the best that runs. */
  readonly quant?: string
}

type SpeedOrLack = { speed: ImageSpeed } | { lacks: string }

/** Seconds per image on the plan's device, scaled from the model's cited run. */
function imageSpeed(model: ImageModel, plan: AuxPlan, m: Machine, data: FitData): SpeedOrLack {
  const ref = model.speedReference
  const diffusion = model.components.find((c) => c.role === 'diffusion')
  const { width, height, steps } = model.defaults
  if (ref == null) return { lacks: 'a published speed of this model' }
  if (width == null || height == null || steps == null)
    return { lacks: 'the default image size and steps' }
  const refGpu = data.gpus.gpus.find((g) => g.id === ref.gpu)
  if (refGpu?.tensorFp16Tflops == null)
    return { lacks: `the tensor FLOPS of the reference GPU ${ref.gpu}` }
  const refEff = efficiencyFor(
    data.efficiency,
    refGpu.vendor,
    backendFor(refGpu.vendor),
    efficiencyGroup(refGpu.vendor, refGpu.name, refGpu.memoryType),
  ).prefill
  const c = computeOf(plan, m, data)
  const achieved = (c.tflops * c.computeEfficiency) / (refGpu.tensorFp16Tflops * refEff)
  const pixels = (ref.width * ref.height) / (width * height)
  const its = ref.iterationsPerSec * achieved * pixels
  const refText = `${diffusion?.name ?? model.name}: ${ref.iterationsPerSec} it/s at ${ref.width}x${ref.height} on ${refGpu.name} (${ref.basis}: ${ref.setup})`
  const explanation = `${ref.iterationsPerSec} it/s x ${achieved.toFixed(3)} (achieved FLOPS vs ${refGpu.name}: ${c.tflops.toFixed(1)} x ${c.computeEfficiency} / ${refGpu.tensorFp16Tflops} x ${refEff}) x ${ref.width * ref.height}/${width * height} pixels = ${its.toFixed(2)} it/s; ${steps} steps; text encoding and VAE decode not counted`
  return {
    speed: {
      kind: 'image',
      secondsPerImage: steps / its,
      iterationsPerSec: its,
      width,
      height,
      steps,
      basis: auxBasis(c, explanation, { reference: refText }),
    },
  }
}

interface Candidate {
  readonly set: ImageFileSet
  readonly plan: AuxPlan
  readonly speed: SpeedOrLack
  readonly level: FitLevel | 'unknown'
}

function evaluate(model: ImageModel, set: ImageFileSet, m: Machine, data: FitData): Candidate {
  const { core, offloadable } = fileSetBytes(set)
  const plan = placeAux(m, {
    coreBytes: core,
    offloadableBytes: offloadable,
    computeBytes: IMAGE_ACTIVATION_BYTES,
  })
  if (plan.placement === 'none') return { set, plan, speed: { lacks: '' }, level: 'too-big' }
  const speed = imageSpeed(model, plan, m, data)
  if (!('speed' in speed)) return { set, plan, speed, level: 'unknown' }
  const s = speed.speed.secondsPerImage
  const level = auxLevel(
    plan,
    s <= T.image.runsWellSecondsPerImage,
    s <= T.image.usableSecondsPerImage,
  )
  return { set, plan, speed, level }
}

const RANK: Readonly<Record<FitLevel | 'unknown', number>> = {
  'runs-well': 0,
  runs: 1,
  tight: 2,
  unknown: 2,
  'too-big': 3,
}

function secondsOf(c: Candidate): number {
  return 'speed' in c.speed ? c.speed.speed.secondsPerImage : Infinity
}

/**
 * The best verdict first; among equal verdicts the faster device (a slow GPU run beats a CPU run
 * of the same verdict), then one that leaves the safety margin free, then the earlier candidate,
 * i.e. the better quality. When nothing fits,
 * the smallest, whose size says how far off the machine is.
 */
function choose(cands: readonly Candidate[]): Candidate {
  const fitting = cands.filter((c) => c.level !== 'too-big')
  if (fitting.length === 0)
    return cands.reduce((a, b) => (b.plan.memory.totalGiB < a.plan.memory.totalGiB ? b : a))
  const cramped = (c: Candidate) => (c.plan.headroomGiB < SAFETY_MARGIN_GIB ? 1 : 0)
  return fitting.reduce((a, b) => {
    const byLevel = RANK[b.level] - RANK[a.level]
    if (byLevel !== 0) return byLevel < 0 ? b : a
    if (secondsOf(b) !== secondsOf(a)) return secondsOf(b) < secondsOf(a) ? b : a
    return cramped(b) < cramped(a) ? b : a
  })
}

function filesText(set: ImageFileSet, diffusionName: string): string {
  const gb = (bytes: number) => `${(bytes / 1e9).toFixed(bytes < 1e9 ? 2 : 1)} GB`
  const bundled = set.bundled.length > 0 ? ` with ${set.bundled.map((c) => c.name).join(', ')}` : ''
  return [
    `${diffusionName}${bundled} ${imageFormat(set.diffusion)} (${gb(fileSizeBytes(set.diffusion))})`,
    ...set.parts.map(
      (p) => `${p.component.name} ${imageFormat(p.file)} (${gb(fileSizeBytes(p.file))})`,
    ),
  ].join(', ')
}

/** Memory and speed of a text-to-image model at its default size and steps. */
export function assessImageFit(
  model: ImageModel,
  hw: HardwareProfile,
  data: FitData,
  opts: ImageFitOptions = {},
): AuxFitResult {
  const m = machineOf(hw, data, {})
  const formats = imageFormats(model, data.quants)
  const head = auxHead(model, formats)
  const diffusionName = model.components.find((c) => c.role === 'diffusion')?.name ?? 'diffusion'
  const all = diffusionLadder(model, data.quants)
  const asked = opts.quant
  const ladder = asked == null ? all : all.filter((f) => matchesFormat(f, asked))
  if (ladder.length === 0)
    return unsizedAux(
      head,
      [
        asked != null
          ? `Cannot size ${model.name}: the catalog lacks a ${asked} file of its ${diffusionName} (published: ${formats.join(', ') || 'none'})`
          : `Cannot size ${model.name}: the catalog has no file size for its diffusion ${diffusionName}`,
      ],
      0,
      m,
    )
  const { sets, missing } = imageFileSets(model, ladder, data.quants)
  if (sets.length === 0) {
    const smallest = Math.min(...ladder.map(fileSizeBytes))
    return unsizedAux(
      head,
      [`Cannot size ${model.name}: the catalog has no file size for its ${missing.join(', ')}`],
      smallest + IMAGE_ACTIVATION_BYTES,
      m,
    )
  }
  const best = choose(sets.map((s) => evaluate(model, s, m, data)))
  const { plan, set } = best
  const reasons = [placementReason(plan, m), `Files: ${filesText(set, diffusionName)}`]
  const sizing = {
    quant: imageFormat(set.diffusion),
    files: auxFilesOf(set, diffusionName),
    plan,
  }
  if (plan.placement === 'none') return tooBigAux(head, sizing, reasons)
  const better = ladder.slice(0, ladder.indexOf(set.diffusion)).map(imageFormat)
  if (asked == null && better.length > 0)
    reasons.push(
      `${[...new Set(better)].join(', ')} would need more memory or run worse here; ${imageFormat(set.diffusion)} is the best format that runs`,
    )
  if (!('speed' in best.speed)) {
    reasons.push(`Speed not estimated: the catalog lacks ${best.speed.lacks}`)
    return placedAux(head, sizing, null, 'unknown', reasons)
  }
  const s = best.speed.speed
  reasons.push(
    `About ${s.secondsPerImage.toFixed(s.secondsPerImage < 10 ? 1 : 0)} s per ${s.width}x${s.height} image at ${s.steps} steps (${s.iterationsPerSec.toFixed(2)} it/s), scaled from ${model.speedReference?.basis === 'derived' ? 'a speed derived for' : 'a published run of'} this model: a rough estimate`,
  )
  if (plan.placement === 'partial-offload')
    reasons.push('The prompt is encoded on the CPU once per image: not counted in the time')
  return runningAux(head, sizing, s, best.level, reasons)
}
