/**
 * Fit and speed for the non-LLM catalog: image generation (memory from component files, speed
 * scaled from a cited measurement by achieved FLOPS, parameters and pixels), Whisper (real-time
 * factor from encoder FLOPs plus decoder weight reads) and embeddings (compute-bound tokens/s).
 * What the catalog does not know (nulls) becomes a reason and `unknown`, never a crash or a guess.
 */
import {
  AUX_THRESHOLDS as T,
  auxLevel,
  computeOf,
  largestDeviceGiB,
  placeAux,
  placementReason,
  type AuxCompute,
  type AuxNeed,
} from './fit-aux.js'
import type { AuxFitResult, AuxSpeedBasis } from './fit-aux-types.js'
import { machineOf, type Machine } from './fit-machine.js'
import type { FitData } from './fit-request.js'
import type { HardwareProfile } from './hardware.js'
import {
  fileSizeBytes,
  type EmbeddingModel,
  type ImageComponent,
  type ImageModel,
  type SpeechModel,
} from './model-catalog.js'
import { efficiencyFor } from './speed-efficiency.js'

const GIB = 2 ** 30

// Reference: SD 1.5 (UNet ~0.86 B params) at 512x512, batch 1, on an RTX 4090 ran 18.8-20.6 it/s
// (github.com/AUTOMATIC1111/stable-diffusion-webui/issues/2449, 2022-11-06); RTX 4090 tensor FP16
// 165.2 TFLOPS (catalog), reached at the engine's nvidia/cuda prompt efficiency. Other devices and
// models scale by achieved FLOPS (peak x their own efficiency), parameters and pixel count.
const REF_ITS = 19.5
const REF_PARAMS_B = 0.86
const REF_PIXELS = 512 * 512
const REF_TFLOPS = 165.2
const IMAGE_REFERENCE =
  'SD 1.5, 512x512, RTX 4090: 19.5 it/s (AUTOMATIC1111/stable-diffusion-webui issue 2449)'
// Diffusion pipelines keep VAE decode and activations beside the weights: stable-diffusion.cpp
// compute buffers run 0.4-2.9 GB at 1024x1024 (gguf-parser-go regressions, notes section 3.7).
const IMAGE_ACTIVATION_BYTES = 2 * GIB

type Empty = Pick<AuxFitResult, 'model'>

function head(model: ImageModel | SpeechModel | EmbeddingModel): Empty {
  return { model: { id: model.id, name: model.name, kind: model.kind } }
}

function basis(c: AuxCompute, explanation: string, extra: Partial<AuxSpeedBasis>): AuxSpeedBasis {
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

function unsized(e: Empty, reasons: string[], knownBytes: number, m: Machine): AuxFitResult {
  // What is known already exceeds every device: too big whatever the missing part weighs.
  if (knownBytes / GIB > largestDeviceGiB(m))
    return {
      ...e,
      fits: false,
      placement: 'none',
      memory: null,
      speed: null,
      level: 'too-big',
      reasons: [
        `Too big: the parts the catalog can size already need ${(knownBytes / GIB).toFixed(1)} GiB; the largest device here offers ${largestDeviceGiB(m).toFixed(1)} GiB`,
        ...reasons,
      ],
    }
  return {
    ...e,
    fits: null,
    placement: 'none',
    memory: null,
    speed: null,
    level: 'unknown',
    reasons,
  }
}

// `T5-XXL (encoder)` -> `t5xxl`; `CLIP-L` -> `clipl`: the key a file name carries.
function nameKey(text: string): string {
  return (text.split(/[\s(]/)[0] ?? '').toLowerCase().replace(/[^a-z0-9]/g, '')
}

/** The smallest published file of each component, or null when none can be tied to it. */
function componentBytes(model: ImageModel, c: ImageComponent): number | null {
  const sameRole = model.components.filter((x) => x.role === c.role).length
  const sizes = model.files
    .filter((f) => f.component === c.role)
    // Several components of one role (FLUX's T5 and CLIP): a file belongs to the one it names.
    .filter(
      (f) =>
        sameRole === 1 ||
        (f.file != null &&
          f.file
            .toLowerCase()
            .replace(/[^a-z0-9]/g, '')
            .includes(nameKey(c.name))),
    )
    .map(fileSizeBytes)
    .filter(Number.isFinite)
  return sizes.length === 0 ? null : Math.min(...sizes)
}

/** Memory and speed of a text-to-image model at its default size and steps. */
export function assessImageFit(
  model: ImageModel,
  hw: HardwareProfile,
  data: FitData,
): AuxFitResult {
  const m = machineOf(hw, data, {})
  const e = head(model)
  let core = 0
  let offloadable = 0
  const missing: string[] = []
  for (const c of model.components) {
    const bytes = componentBytes(model, c)
    if (bytes == null) missing.push(`${c.role} ${c.name}`)
    else if (c.role === 'text-encoder') offloadable += bytes
    else core += bytes
  }
  if (missing.length > 0)
    return unsized(
      e,
      [`Cannot size ${model.name}: the catalog has no file size for its ${missing.join(', ')}`],
      core + offloadable + IMAGE_ACTIVATION_BYTES,
      m,
    )
  const need: AuxNeed = {
    coreBytes: core,
    offloadableBytes: offloadable,
    computeBytes: IMAGE_ACTIVATION_BYTES,
  }
  const plan = placeAux(m, need)
  const reasons = [placementReason(plan, m)]
  if (plan.placement === 'none')
    return {
      ...e,
      fits: false,
      placement: 'none',
      memory: plan.memory,
      speed: null,
      level: 'too-big',
      reasons,
    }
  const diffusion = model.components.find((c) => c.role === 'diffusion')?.paramsB ?? null
  const { width, height, steps } = model.defaults
  const base = { ...e, fits: true, placement: plan.placement, memory: plan.memory }
  if (diffusion == null || width == null || height == null || steps == null) {
    const lacks = [
      diffusion == null ? 'the diffusion model parameter count' : null,
      width == null || height == null ? 'the default image size' : null,
      steps == null ? 'the default number of steps' : null,
    ].filter((x) => x != null)
    reasons.push(`Speed not estimated: the catalog lacks ${lacks.join(' and ')}`)
    return { ...base, speed: null, level: 'unknown', reasons }
  }
  const c = computeOf(plan, m, data)
  const ref = efficiencyFor(data.efficiency, 'nvidia', 'cuda').prefill
  const achieved = (c.tflops * c.computeEfficiency) / (REF_TFLOPS * ref)
  const its = REF_ITS * achieved * (REF_PARAMS_B / diffusion) * (REF_PIXELS / (width * height))
  const secondsPerImage = steps / its
  const explanation = `${REF_ITS} it/s x ${achieved.toFixed(3)} (achieved FLOPS vs the RTX 4090) x ${REF_PARAMS_B}/${diffusion} B parameters x ${REF_PIXELS}/${width * height} pixels = ${its.toFixed(2)} it/s; ${steps} steps; text encoding and VAE decode not counted`
  const level = auxLevel(
    plan,
    secondsPerImage <= T.image.runsWellSecondsPerImage,
    secondsPerImage <= T.image.usableSecondsPerImage,
  )
  reasons.push(
    `About ${secondsPerImage.toFixed(secondsPerImage < 10 ? 1 : 0)} s per ${width}x${height} image at ${steps} steps (${its.toFixed(2)} it/s), scaled from SD 1.5 on an RTX 4090: a rough estimate`,
  )
  if (plan.placement === 'partial-offload')
    reasons.push('The prompt is encoded on the CPU once per image: not counted in the time')
  if (plan.headroomGiB < 1) reasons.push(`Only ${plan.headroomGiB.toFixed(1)} GiB left: tight`)
  return {
    ...base,
    speed: {
      kind: 'image',
      secondsPerImage,
      iterationsPerSec: its,
      width,
      height,
      steps,
      basis: basis(c, explanation, { reference: IMAGE_REFERENCE }),
    },
    level,
    reasons,
  }
}

// Conversational English runs about 150 words a minute (National Center for Voice and Speech),
// i.e. ~3.3 tokens/s of transcript at 0.75 words per token; Whisper's encoder sees 1500 frames
// per 30 s window (Radford et al. 2022) and holds about half of the parameters.
const SPEECH_TOKENS_PER_SEC = 3.3
const ENCODER_FRAMES_PER_SEC = 50
const ENCODER_SHARE = 0.5
// whisper.cpp's README lists ~1.35x the file size as memory in use (e.g. small 466 MiB -> ~852 MB).
const WHISPER_MEMORY_PER_FILE_BYTE = 1.35

/** Options for assessSpeechFit. */
export interface SpeechFitOptions {
  /** A published file's quantization (`F16`, `Q5_0`); default the smallest file. */
  readonly quant?: string
}

/** Memory and real-time factor of a Whisper model. */
export function assessSpeechFit(
  model: SpeechModel,
  hw: HardwareProfile,
  data: FitData,
  opts: SpeechFitOptions = {},
): AuxFitResult {
  const m = machineOf(hw, data, {})
  const e = head(model)
  const files = model.files.filter(
    (f) => opts.quant == null || f.quant.toLowerCase() === opts.quant.toLowerCase(),
  )
  const sized = files
    .map((f) => ({ f, bytes: fileSizeBytes(f) }))
    .filter((x) => Number.isFinite(x.bytes))
  const params = model.params.totalB
  const lacks = [
    sized.length === 0
      ? opts.quant != null
        ? `a ${opts.quant} file size (published: ${model.files.map((f) => f.quant).join(', ') || 'none'})`
        : 'a file size'
      : null,
    params == null ? 'the parameter count' : null,
  ].filter((x) => x != null)
  if (sized.length === 0 || params == null)
    return unsized(e, [`Cannot size ${model.name}: the catalog lacks ${lacks.join(' and ')}`], 0, m)
  const file = sized.reduce((a, b) => (b.bytes < a.bytes ? b : a))
  const weights = file.bytes
  const plan = placeAux(m, {
    coreBytes: weights,
    offloadableBytes: 0,
    computeBytes: weights * (WHISPER_MEMORY_PER_FILE_BYTE - 1),
  })
  const reasons = [`${file.f.quant} file, ${placementReason(plan, m)}`]
  if (plan.placement === 'none')
    return {
      ...e,
      fits: false,
      placement: 'none',
      memory: plan.memory,
      speed: null,
      level: 'too-big',
      reasons,
    }
  const c = computeOf(plan, m, data)
  const flops = c.tflops * 1e12 * c.computeEfficiency
  const bw = c.bandwidthGBps * 1e9 * c.bandwidthEfficiency
  const encodeSec = (2 * params * 1e9 * ENCODER_SHARE * ENCODER_FRAMES_PER_SEC) / flops
  const decodeSec = (SPEECH_TOKENS_PER_SEC * weights * (1 - ENCODER_SHARE)) / bw
  const rtf = encodeSec + decodeSec
  const level = auxLevel(
    plan,
    rtf <= T.speech.runsWellRealTimeFactor,
    rtf <= T.speech.usableRealTimeFactor,
  )
  reasons.push(
    rtf <= 1
      ? `About ${(1 / rtf).toFixed(rtf < 0.1 ? 0 : 1)}x faster than real time (derived from FLOPS and bandwidth, not measured)`
      : `About ${rtf.toFixed(1)}x slower than real time: fine for recordings, not for live captions`,
  )
  if (plan.headroomGiB < 1) reasons.push(`Only ${plan.headroomGiB.toFixed(1)} GiB left: tight`)
  const explanation = `encoder 2 x ${(params * ENCODER_SHARE).toFixed(2)} B params x ${ENCODER_FRAMES_PER_SEC} frames/s / ${(flops / 1e12).toFixed(1)} TFLOPS achieved = ${encodeSec.toFixed(4)} s, decoder ${SPEECH_TOKENS_PER_SEC} tokens/s x ${((weights * (1 - ENCODER_SHARE)) / 1e9).toFixed(2)} GB / ${(bw / 1e9).toFixed(0)} GB/s achieved = ${decodeSec.toFixed(4)} s, per second of audio`
  return {
    ...e,
    fits: true,
    placement: plan.placement,
    memory: plan.memory,
    speed: {
      kind: 'speech',
      realTimeFactor: rtf,
      basis: basis(c, explanation, {
        bandwidthGBps: c.bandwidthGBps,
        bandwidthSource: c.bandwidthSource,
        bandwidthEfficiency: c.bandwidthEfficiency,
      }),
    },
    level,
    reasons,
  }
}

// Activations for a 512-token batch of a BERT-large-sized encoder are tens of MiB; 0.25 GiB is a
// margin that also covers the runtime's own buffers.
const EMBEDDING_COMPUTE_BYTES = 0.25 * GIB

/** Memory and tokens/s of an embedding model (GGUF file, else F16 weights from the parameter count). */
export function assessEmbeddingFit(
  model: EmbeddingModel,
  hw: HardwareProfile,
  data: FitData,
): AuxFitResult {
  const m = machineOf(hw, data, {})
  const e = head(model)
  const sizes = model.files.map(fileSizeBytes).filter(Number.isFinite)
  const params = model.params.totalB
  if (params == null)
    return unsized(e, [`Cannot size ${model.name}: the catalog lacks its parameter count`], 0, m)
  const fromFile = sizes.length > 0
  const weights = fromFile ? Math.min(...sizes) : params * 1e9 * 2
  const plan = placeAux(m, {
    coreBytes: weights,
    offloadableBytes: 0,
    computeBytes: EMBEDDING_COMPUTE_BYTES,
  })
  const reasons = [placementReason(plan, m)]
  if (!fromFile)
    reasons.push(
      'No GGUF file in the catalog: weights taken as F16 (2 bytes per parameter, how Ollama ships embedding models)',
    )
  if (plan.placement === 'none')
    return {
      ...e,
      fits: false,
      placement: 'none',
      memory: plan.memory,
      speed: null,
      level: 'too-big',
      reasons,
    }
  const c = computeOf(plan, m, data)
  // Embedding a batch is one prompt pass: 2 FLOPs per parameter per token, compute-bound.
  const tokensPerSec = (c.tflops * 1e12 * c.computeEfficiency) / (2 * params * 1e9)
  const level = auxLevel(
    plan,
    tokensPerSec >= T.embedding.runsWellTokensPerSec,
    tokensPerSec >= T.embedding.usableTokensPerSec,
  )
  reasons.push(`About ${Math.round(tokensPerSec)} tokens/s embedded (batched, compute-bound)`)
  if (plan.headroomGiB < 1) reasons.push(`Only ${plan.headroomGiB.toFixed(1)} GiB left: tight`)
  return {
    ...e,
    fits: true,
    placement: plan.placement,
    memory: plan.memory,
    speed: {
      kind: 'embedding',
      tokensPerSec,
      basis: basis(
        c,
        `${c.tflops.toFixed(1)} TFLOPS x ${c.computeEfficiency} efficiency / (2 x ${params} B parameters)`,
        {},
      ),
    },
    level,
    reasons,
  }
}

/** Any non-LLM catalog model, dispatched on its kind. */
export function assessAuxFit(
  model: ImageModel | SpeechModel | EmbeddingModel,
  hw: HardwareProfile,
  data: FitData,
  opts: SpeechFitOptions = {},
): AuxFitResult {
  switch (model.kind) {
    case 'image':
      return assessImageFit(model, hw, data)
    case 'speech':
      return assessSpeechFit(model, hw, data, opts)
    case 'embedding':
      return assessEmbeddingFit(model, hw, data)
  }
}
