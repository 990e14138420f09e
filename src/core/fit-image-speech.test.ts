import { describe, expect, it } from 'vitest'
import { assessEmbeddingFit, assessImageFit, assessSpeechFit } from './fit-image-speech.js'
import { TEST_FIT_DATA as data, TEST_MODELS } from './test-fit-data.js'
import { miniPcNoGpu, rtx3090Box } from './test-hardware.js'

const byId = <T extends { id: string }>(list: readonly T[], id: string): T => {
  const m = list.find((x) => x.id === id)
  if (m == null) throw new Error(id)
  return m
}

describe('image models', () => {
  it.each(TEST_MODELS.image.map((m) => [m.id]))(
    '%s: an answer or a reason, never a crash',
    (id) => {
      const r = assessImageFit(byId(TEST_MODELS.image, id), rtx3090Box(), data)
      expect(r.reasons.length).toBeGreaterThan(0)
      if (r.fits == null) expect(r.reasons[0]).toMatch(/^Cannot size/)
    },
  )

  it('scales speed from the cited SD 1.5 measurement when the catalog has the facts', () => {
    const flux = byId(TEST_MODELS.image, 'flux-1-schnell')
    const r = assessImageFit(flux, rtx3090Box(), data)
    if (r.fits === true && r.iterationsPerSec != null) {
      expect(r.secondsPerImage).toBeCloseTo((flux.defaults.steps ?? 0) / r.iterationsPerSec, 6)
      expect(r.iterationsPerSec).toBeLessThan(19.5)
    } else expect(r.reasons.join(' ')).toMatch(/Cannot size|Speed not estimated|Too big/)
  })
})

describe('speech models', () => {
  it.each([
    ['whisper-tiny', rtx3090Box()],
    ['whisper-large-v3', rtx3090Box()],
    ['whisper-small', miniPcNoGpu()],
  ] as const)('%s runs faster than real time', (id, hw) => {
    const r = assessSpeechFit(byId(TEST_MODELS.speech, id), hw, data)
    expect(r.fits).toBe(true)
    expect(r.realTimeFactor).toBeGreaterThan(0)
    expect(r.realTimeFactor).toBeLessThan(1)
  })

  it('large is slower than tiny on the same machine', () => {
    const rtf = (id: string) =>
      assessSpeechFit(byId(TEST_MODELS.speech, id), miniPcNoGpu(), data).realTimeFactor ?? 0
    expect(rtf('whisper-large-v3')).toBeGreaterThan(rtf('whisper-tiny'))
  })
})

describe('embedding models', () => {
  it.each(TEST_MODELS.embedding.map((m) => [m.id]))(
    '%s: tokens/s when sizable, else a reason',
    (id) => {
      const r = assessEmbeddingFit(byId(TEST_MODELS.embedding, id), miniPcNoGpu(), data)
      if (r.fits === true) expect(r.tokensPerSec).toBeGreaterThan(0)
      else expect(r.reasons[0]).toMatch(/Cannot size|Too big/)
    },
  )
})
