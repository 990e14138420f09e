import { describe, expect, it } from 'vitest'
import { assessAuxFit } from '../../core/fit-image-speech.js'
import type { AuxFitResult } from '../../core/fit-aux-types.js'
import { TEST_FIT_DATA as data, TEST_MODELS } from '../../core/test-fit-data.js'
import { miniPcNoGpu, rtx3090Box } from '../../core/test-hardware.js'
import {
  auxCapacity,
  auxModelHref,
  auxSpeedText,
  parseAuxModelId,
  sortAux,
} from './aux-model-format.js'

const all = [...TEST_MODELS.image, ...TEST_MODELS.speech, ...TEST_MODELS.embedding]
const fit = (id: string, hw = rtx3090Box()): AuxFitResult => {
  const m = all.find((x) => x.id === id)
  if (m == null) throw new Error(`no catalog model ${id}`)
  return assessAuxFit(m, hw, data)
}

describe('aux model wording', () => {
  it('says each kind’s speed as the CLI table does', () => {
    const image = fit('sd-1.5')
    if (image.speed?.kind !== 'image') throw new Error('no image speed')
    expect(auxSpeedText(image)).toBe(`${image.speed.secondsPerImage.toFixed(1)} s/image`)
    expect(auxSpeedText(fit('whisper-tiny'))).toMatch(/^\d+x real time$/)
    expect(auxSpeedText(fit('all-minilm-l6-v2'))).toMatch(/^[\d,]+ tokens\/s$/)
    expect(auxSpeedText({ ...image, speed: null, fits: null })).toBe('no speed estimate')
  })

  it('keeps the kind in the detail link so a reload finds the right list', () => {
    const r = fit('flux-1-dev')
    expect(auxModelHref(r)).toBe('#/models/image%3Aflux-1-dev')
    expect(parseAuxModelId(decodeURIComponent('image%3Aflux-1-dev'))).toEqual({
      kind: 'image',
      id: 'flux-1-dev',
    })
    expect(parseAuxModelId('llama-3.1-8b-instruct')).toBeNull()
  })

  it('measures text encoders kept in RAM against VRAM + RAM, a CPU run against RAM', () => {
    const hw = rtx3090Box()
    const offload = fit('flux-1-dev', hw)
    expect(offload.placement).toBe('partial-offload')
    const cap = auxCapacity(offload, hw)
    expect(cap.label).toBe('VRAM + RAM')
    expect(cap.capacityGiB).toBeCloseTo(
      (offload.memory?.perDevice ?? []).reduce((n, d) => n + d.availableGiB, 0),
      9,
    )
    const cpu = miniPcNoGpu()
    expect(auxCapacity(fit('sd-1.5', cpu), cpu).label).toBe('RAM')
  })

  it('sorts by speed and by memory within a kind', () => {
    const images = TEST_MODELS.image.map((m) => fit(m.id))
    const fastest = sortAux(images, 'decode')
    const secs = fastest.map((r) => (r.speed?.kind === 'image' ? r.speed.secondsPerImage : 1e9))
    expect(secs).toEqual([...secs].sort((a, b) => a - b))
    const smallest = sortAux(images, 'memory').map((r) => r.memory?.totalGiB ?? Infinity)
    expect(smallest).toEqual([...smallest].sort((a, b) => a - b))
    expect(sortAux(images, 'rank')).toEqual(images)
  })
})
