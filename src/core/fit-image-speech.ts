/**
 * Fit and speed for the non-LLM catalog: image generation (memory from component files, speed
 * scaled from a cited measurement by FLOPS, parameters and pixels), Whisper (real-time factor from
 * encoder FLOPs plus decoder weight reads) and embeddings (fits + tokens/s). What the catalog does
 * not know (nulls) becomes a reason, never a crash or a guess.
 */
import type { FitData } from './fit-request.js'
import { machineOf } from './fit-machine.js'
import type { HardwareProfile } from './hardware.js'
import {
  fileSizeBytes,
  type EmbeddingModel,
  type ImageModel,
  type SpeechModel,
} from './model-catalog.js'
import { RESERVE_GIB } from './fit-memory.js'
import { efficiencyFor } from './speed-efficiency.js'

const GIB = 2 ** 30

/** The answer for one image, speech or embedding model. */
export interface AuxFit {
  readonly model: { readonly id: string; readonly name: string; readonly kind: string }
  readonly fits: boolean | null
  readonly device: 'gpu' | 'cpu' | null
  readonly needGiB: number | null
  readonly availableGiB: number
  /** Image: seconds per image and iterations/s at the default size and steps. */
  readonly secondsPerImage: number | null
  readonly iterationsPerSec: number | null
  /** Speech: seconds of compute per second of audio (below 1 = faster than real time). */
  readonly realTimeFactor: number | null
  /** Embeddings: tokens embedded per second. */
  readonly tokensPerSec: number | null
  readonly reasons: readonly string[]
}

// Reference: SD 1.5 (UNet ~0.86 B params) at 512x512, batch 1, on an RTX 4090 ran 18.8-20.6 it/s
// (github.com/AUTOMATIC1111/stable-diffusion-webui/issues/2449, 2022-11-06); RTX 4090 tensor FP16
// 165.2 TFLOPS (catalog). Other models scale by FLOPS, parameters and pixel count.
const REF_ITS = 19.5
const REF_PARAMS_B = 0.86
const REF_PIXELS = 512 * 512
const REF_TFLOPS = 165.2
// Diffusion pipelines keep VAE decode and activations beside the weights: stable-diffusion.cpp
// compute buffers run 0.4-2.9 GB at 1024x1024 (gguf-parser-go regressions, notes section 3.7).
const IMAGE_ACTIVATION_GIB = 2

function best(hw: HardwareProfile, data: FitData) {
  const m = machineOf(hw, data, {})
  const gpu = [...m.gpus].sort((a, b) => b.availableGiB - a.availableGiB)[0] ?? null
  return { m, gpu }
}

function place(needGiB: number, hw: HardwareProfile, data: FitData) {
  const { m, gpu } = best(hw, data)
  if (gpu != null && needGiB + RESERVE_GIB.cuda <= gpu.availableGiB)
    return { device: 'gpu' as const, available: gpu.availableGiB, gpu, m }
  if (needGiB <= m.cpu.availableGiB)
    return { device: 'cpu' as const, available: m.cpu.availableGiB, gpu: null, m }
  return { device: null, available: gpu?.availableGiB ?? m.cpu.availableGiB, gpu: null, m }
}

function head(model: ImageModel | SpeechModel | EmbeddingModel) {
  return { id: model.id, name: model.name, kind: model.kind }
}

/** Memory and speed of a text-to-image model at its default size and steps. */
export function assessImageFit(model: ImageModel, hw: HardwareProfile, data: FitData): AuxFit {
  const reasons: string[] = []
  // Per component, the smallest published file (fp16 over fp32, fp8/GGUF where published).
  let bytes = 0
  for (const role of new Set(model.components.map((c) => c.role))) {
    const sizes = model.files
      .filter((f) => f.component === role)
      .map(fileSizeBytes)
      .filter(Number.isFinite)
    if (sizes.length === 0) reasons.push(`No published ${role} file size in the catalog`)
    else bytes += Math.min(...sizes)
  }
  const empty = {
    model: head(model),
    secondsPerImage: null,
    iterationsPerSec: null,
    realTimeFactor: null,
    tokensPerSec: null,
  }
  if (reasons.length > 0)
    return {
      ...empty,
      fits: null,
      device: null,
      needGiB: null,
      availableGiB: 0,
      reasons: [`Cannot size ${model.name}`, ...reasons],
    }
  const needGiB = bytes / GIB + IMAGE_ACTIVATION_GIB
  const p = place(needGiB, hw, data)
  if (p.device == null)
    return {
      ...empty,
      fits: false,
      device: null,
      needGiB,
      availableGiB: p.available,
      reasons: [`Too big: needs ${needGiB.toFixed(1)} GiB`],
    }
  const diffusion = model.components.find((c) => c.role === 'diffusion')?.paramsB ?? null
  const { width, height, steps } = model.defaults
  const tflops = p.gpu?.tflops ?? p.m.cpu.tflops
  if (diffusion == null || width == null || height == null || steps == null) {
    reasons.push(
      'Speed not estimated: the catalog lacks the diffusion parameter count or the default size and steps',
    )
    return { ...empty, fits: true, device: p.device, needGiB, availableGiB: p.available, reasons }
  }
  const its =
    REF_ITS * (tflops / REF_TFLOPS) * (REF_PARAMS_B / diffusion) * (REF_PIXELS / (width * height))
  reasons.unshift(
    `Needs ${needGiB.toFixed(1)} GiB on the ${p.device === 'gpu' ? 'GPU' : 'CPU'}; speed scaled from SD 1.5 on an RTX 4090 by FLOPS, parameters and pixels`,
  )
  return {
    ...empty,
    fits: true,
    device: p.device,
    needGiB,
    availableGiB: p.available,
    iterationsPerSec: its,
    secondsPerImage: steps / its,
    reasons,
  }
}

// Conversational English runs about 150 words a minute (National Center for Voice and Speech),
// i.e. ~3.3 tokens/s of transcript at 0.75 words per token; Whisper's encoder sees 1500 frames
// per 30 s window (Radford et al. 2022) and holds about half of the parameters.
const SPEECH_TOKENS_PER_SEC = 3.3
const ENCODER_FRAMES_PER_SEC = 50
const ENCODER_SHARE = 0.5

/** Memory and real-time factor of a Whisper model (smallest published file). */
export function assessSpeechFit(model: SpeechModel, hw: HardwareProfile, data: FitData): AuxFit {
  const sizes = model.files.map(fileSizeBytes).filter(Number.isFinite)
  const params = model.params.totalB
  const empty = {
    model: head(model),
    secondsPerImage: null,
    iterationsPerSec: null,
    tokensPerSec: null,
    realTimeFactor: null,
  }
  if (sizes.length === 0 || params == null)
    return {
      ...empty,
      fits: null,
      device: null,
      needGiB: null,
      availableGiB: 0,
      reasons: [`Cannot size ${model.name}: no file size or parameter count in the catalog`],
    }
  const weights = Math.min(...sizes)
  // whisper.cpp's README lists ~1.35x the file size as memory in use (e.g. small 466 MiB -> ~852 MB).
  const needGiB = (weights * 1.35) / GIB
  const p = place(needGiB, hw, data)
  if (p.device == null)
    return {
      ...empty,
      fits: false,
      device: null,
      needGiB,
      availableGiB: p.available,
      reasons: [`Too big: needs ${needGiB.toFixed(1)} GiB`],
    }
  const eff = p.gpu != null ? efficiencyFor(data.efficiency, p.gpu.vendor, p.gpu.backend) : null
  const tflops = (p.gpu?.tflops ?? p.m.cpu.tflops) * (eff?.prefill ?? data.efficiency.cpu.prefill)
  const bw =
    (p.gpu?.bandwidthGBps ?? p.m.cpu.bandwidthGBps) * (eff?.decode ?? data.efficiency.cpu.decode)
  const encodeSec = (2 * params * 1e9 * ENCODER_SHARE * ENCODER_FRAMES_PER_SEC) / (tflops * 1e12)
  const decodeSec = (SPEECH_TOKENS_PER_SEC * weights * (1 - ENCODER_SHARE)) / (bw * 1e9)
  const rtf = encodeSec + decodeSec
  return {
    ...empty,
    fits: true,
    device: p.device,
    needGiB,
    availableGiB: p.available,
    realTimeFactor: rtf,
    reasons: [
      `Needs ${needGiB.toFixed(1)} GiB; about ${(1 / rtf).toFixed(0)}x faster than real time (derived from FLOPS and bandwidth, not measured)`,
    ],
  }
}

/** Memory and tokens/s of an embedding model (GGUF file, else F16 weights from the parameter count). */
export function assessEmbeddingFit(
  model: EmbeddingModel,
  hw: HardwareProfile,
  data: FitData,
): AuxFit {
  const sizes = model.files.map(fileSizeBytes).filter(Number.isFinite)
  const params = model.params.totalB
  const empty = {
    model: head(model),
    secondsPerImage: null,
    iterationsPerSec: null,
    realTimeFactor: null,
    tokensPerSec: null,
  }
  const weights = sizes.length > 0 ? Math.min(...sizes) : params != null ? params * 1e9 * 2 : null
  if (weights == null || params == null)
    return {
      ...empty,
      fits: null,
      device: null,
      needGiB: null,
      availableGiB: 0,
      reasons: [`Cannot size ${model.name}: no file size or parameter count in the catalog`],
    }
  const needGiB = weights / GIB + 0.25
  const p = place(needGiB, hw, data)
  if (p.device == null)
    return {
      ...empty,
      fits: false,
      device: null,
      needGiB,
      availableGiB: p.available,
      reasons: [`Too big: needs ${needGiB.toFixed(1)} GiB`],
    }
  const eff =
    p.gpu != null
      ? efficiencyFor(data.efficiency, p.gpu.vendor, p.gpu.backend).prefill
      : data.efficiency.cpu.prefill
  const tokensPerSec = ((p.gpu?.tflops ?? p.m.cpu.tflops) * 1e12 * eff) / (2 * params * 1e9)
  return {
    ...empty,
    fits: true,
    device: p.device,
    needGiB,
    availableGiB: p.available,
    tokensPerSec,
    reasons: [
      `Needs ${needGiB.toFixed(2)} GiB; about ${Math.round(tokensPerSec)} tokens/s embedded`,
    ],
  }
}
