import { describe, expect, it } from 'vitest'
import type { AuxFitResult } from './fit-aux-types.js'
import { assessAuxFit, assessEmbeddingFit, assessSpeechFit } from './fit-image-speech.js'
import type { HardwareProfile } from './hardware.js'
import { TEST_FIT_DATA as data, TEST_MODELS } from './test-fit-data.js'
import { macMiniM2Pro, miniPcNoGpu, rtx3090Box } from './test-hardware.js'

const byId = <T extends { id: string }>(list: readonly T[], id: string): T => {
  const m = list.find((x) => x.id === id)
  if (m == null) throw new Error(id)
  return m
}

const MACHINES: readonly [string, () => HardwareProfile][] = [
  ['rtx3090Box', () => rtx3090Box()],
  ['miniPcNoGpu', () => miniPcNoGpu()],
  ['macMiniM2Pro', () => macMiniM2Pro()],
]
const ALL = [...TEST_MODELS.image, ...TEST_MODELS.speech, ...TEST_MODELS.embedding]

/** What every answer must satisfy: the fields agree with each other. */
function expectConsistent(r: AuxFitResult): void {
  expect(r.reasons.length).toBeGreaterThan(0)
  if (r.fits === true) {
    expect(r.placement).not.toBe('none')
    expect(r.memory?.totalGiB).toBeGreaterThan(0)
    expect(r.level).not.toBe('too-big')
  }
  if (r.fits === false) {
    expect(r.level).toBe('too-big')
    expect(r.speed).toBeNull()
  }
  if (r.fits == null) expect(r.level).toBe('unknown')
  if (r.speed != null) expect(r.speed.kind).toBe(r.model.kind)
  for (const d of r.memory?.perDevice ?? []) expect(d.kvCacheGiB).toBe(0)
  // What was sized is what the memory adds up, in a format the catalog publishes.
  if (r.memory != null) {
    expect(r.memory.weightsGiB).toBeCloseTo(
      r.files.reduce((s, f) => s + f.sizeGiB, 0),
      9,
    )
    expect(r.formats).toContain(r.quant)
  }
}

describe('every non-LLM catalog model on every test machine', () => {
  it.each(MACHINES.flatMap(([name, hw]) => ALL.map((m) => [m.id, name, m, hw] as const)))(
    '%s on %s: an answer or a reason, never a crash',
    (_id, _name, model, hw) => expectConsistent(assessAuxFit(model, hw(), data)),
  )
})

describe('speech models', () => {
  it.each([
    ['whisper-tiny', rtx3090Box()],
    ['whisper-large-v3', rtx3090Box()],
    ['whisper-small', miniPcNoGpu()],
  ] as const)('%s runs faster than real time', (id, hw) => {
    const r = assessSpeechFit(byId(TEST_MODELS.speech, id), hw, data)
    expect(r.fits).toBe(true)
    if (r.speed?.kind !== 'speech') throw new Error('no speech speed')
    expect(r.speed.realTimeFactor).toBeGreaterThan(0)
    expect(r.speed.realTimeFactor).toBeLessThan(1)
    expect(r.speed.basis.bandwidthGBps).toBeGreaterThan(0)
  })

  it('large is slower than tiny on the same machine', () => {
    const rtf = (id: string) => {
      const s = assessSpeechFit(byId(TEST_MODELS.speech, id), miniPcNoGpu(), data).speed
      return s?.kind === 'speech' ? s.realTimeFactor : 0
    }
    expect(rtf('whisper-large-v3')).toBeGreaterThan(rtf('whisper-tiny'))
  })

  it('takes a published file by quantization, and names the published ones otherwise', () => {
    const large = byId(TEST_MODELS.speech, 'whisper-large-v3')
    const f16 = assessSpeechFit(large, rtx3090Box(), data, { quant: 'f16' })
    const q5 = assessSpeechFit(large, rtx3090Box(), data, { quant: 'Q5_0' })
    expect(f16.memory?.weightsGiB).toBeCloseTo(2.9, 6)
    expect(q5.memory?.weightsGiB).toBeCloseTo(1.1, 6)
    const none = assessSpeechFit(large, rtx3090Box(), data, { quant: 'Q8_0' })
    expect(none.level).toBe('unknown')
    expect(none.reasons[0]).toMatch(/lacks a Q8_0 file size \(published: F16, Q5_0\)/)
    expect(none.formats).toEqual(['F16', 'Q5_0'])
    expect(q5.files.map((f) => f.format)).toEqual(['Q5_0'])
  })
})

describe('embedding models', () => {
  it('sizes from the parameter count at F16 when no file is listed, and says so', () => {
    const r = assessEmbeddingFit(
      byId(TEST_MODELS.embedding, 'mxbai-embed-large-v1'),
      miniPcNoGpu(),
      data,
    )
    expect(r.fits).toBe(true)
    expect(r.memory?.weightsGiB).toBeCloseTo((0.335 * 2e9) / 2 ** 30, 6)
    expect(r.reasons.join(' ')).toMatch(/weights taken as F16/)
    if (r.speed?.kind !== 'embedding') throw new Error('no embedding speed')
    expect(r.speed.tokensPerSec).toBeGreaterThan(0)
  })

  it('sizes BGE-M3 from its config-derived parameter count', () => {
    const r = assessEmbeddingFit(byId(TEST_MODELS.embedding, 'bge-m3'), rtx3090Box(), data)
    expect(r).toMatchObject({ fits: true, quant: 'F16', placement: 'gpu' })
    expect(r.memory?.weightsGiB).toBeCloseTo((0.567 * 2e9) / 2 ** 30, 6)
  })

  it('cannot size a model without a parameter count', () => {
    const bge = byId(TEST_MODELS.embedding, 'bge-m3')
    const r = assessEmbeddingFit(
      { ...bge, params: { ...bge.params, totalB: null, activeB: null, source: null } },
      rtx3090Box(),
      data,
    )
    expect(r).toMatchObject({ fits: null, level: 'unknown', speed: null, files: [] })
    expect(r.reasons[0]).toMatch(/^Cannot size BGE-M3: the catalog lacks its parameter count$/)
  })
})
