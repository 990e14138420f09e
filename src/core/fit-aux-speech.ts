/**
 * Fit and real-time factor of a Whisper model: memory from its published ggml/GGUF file, speed
 * from encoder FLOPs per second of audio plus decoder weight reads per transcript token.
 */
import { AUX_THRESHOLDS as T, auxLevel, computeOf, placeAux, placementReason } from './fit-aux.js'
import {
  auxBasis,
  auxHead,
  runningAux,
  singleModelFile,
  tooBigAux,
  unsizedAux,
} from './fit-aux-result.js'
import type { AuxFitResult } from './fit-aux-types.js'
import { machineOf } from './fit-machine.js'
import type { FitData } from './fit-request.js'
import type { HardwareProfile } from './hardware.js'
import { fileSizeBytes, type SpeechModel } from './model-catalog.js'

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
/** Whisper files with a known size, largest first: what the fit can size and `--quant` may name. */
export function speechPublished(
  model: SpeechModel,
): { readonly f: SpeechModel['files'][number]; readonly bytes: number }[] {
  return model.files
    .map((f) => ({ f, bytes: fileSizeBytes(f) }))
    .filter((x) => Number.isFinite(x.bytes))
    .sort((a, b) => b.bytes - a.bytes)
}

export function assessSpeechFit(
  model: SpeechModel,
  hw: HardwareProfile,
  data: FitData,
  opts: SpeechFitOptions = {},
): AuxFitResult {
  const m = machineOf(hw, data, {})
  const published = speechPublished(model)
  const head = auxHead(model, [...new Set(published.map((x) => x.f.quant))])
  const sized = published.filter(
    (x) => opts.quant == null || x.f.quant.toLowerCase() === opts.quant.toLowerCase(),
  )
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
    return unsizedAux(
      head,
      [`Cannot size ${model.name}: the catalog lacks ${lacks.join(' and ')}`],
      0,
      m,
    )
  const file = sized.reduce((a, b) => (b.bytes < a.bytes ? b : a))
  const weights = file.bytes
  const plan = placeAux(m, {
    coreBytes: weights,
    offloadableBytes: 0,
    computeBytes: weights * (WHISPER_MEMORY_PER_FILE_BYTE - 1),
  })
  const reasons = [`${file.f.quant} file, ${placementReason(plan, m)}`]
  const sizing = {
    quant: file.f.quant,
    files: [singleModelFile(model.name, file.f.quant, file.f, weights)],
    plan,
  }
  if (plan.placement === 'none') return tooBigAux(head, sizing, reasons)
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
  const explanation = `encoder 2 x ${(params * ENCODER_SHARE).toFixed(2)} B params x ${ENCODER_FRAMES_PER_SEC} frames/s / ${(flops / 1e12).toFixed(1)} TFLOPS achieved = ${encodeSec.toFixed(4)} s, decoder ${SPEECH_TOKENS_PER_SEC} tokens/s x ${((weights * (1 - ENCODER_SHARE)) / 1e9).toFixed(2)} GB / ${(bw / 1e9).toFixed(0)} GB/s achieved = ${decodeSec.toFixed(4)} s, per second of audio`
  return runningAux(
    head,
    sizing,
    {
      kind: 'speech',
      realTimeFactor: rtf,
      basis: auxBasis(c, explanation, {
        bandwidthGBps: c.bandwidthGBps,
        bandwidthSource: c.bandwidthSource,
        bandwidthEfficiency: c.bandwidthEfficiency,
      }),
    },
    level,
    reasons,
  )
}
