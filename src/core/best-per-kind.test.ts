import { describe, expect, it } from 'vitest'
import { bestPerKind, type KindPicks, type LlmPicks } from './best-per-kind.js'
import { TEST_FIT_DATA as data, TEST_MODELS as catalog } from './test-fit-data.js'
import { miniPcNoGpu, rtx3090Box } from './test-hardware.js'

function llmOf(kinds: readonly KindPicks[]): LlmPicks {
  const k = kinds[0]
  if (k?.kind !== 'llm') throw new Error('llm picks first')
  return k
}

describe('bestPerKind', () => {
  it('picks the top fitting LLMs, one per family, best first', () => {
    const llmPicks = llmOf(bestPerKind(catalog, rtx3090Box(), data))
    const picks = llmPicks.picks
    expect(picks).toHaveLength(3)
    expect(new Set(picks.map((p) => p.model.family)).size).toBe(3)
    for (const p of picks) expect(p.best.fits).toBe(true)
    expect(llmPicks.totalCount).toBe(catalog.llm.length)
    expect(llmPicks.fittingCount).toBeGreaterThan(30)
  })

  it('takes perKind and fits a small machine with small models', () => {
    const picks = llmOf(bestPerKind(catalog, miniPcNoGpu(), data, { perKind: 5 }))
    expect(picks.picks).toHaveLength(5)
    for (const p of picks.picks) expect(p.best.placement).toBe('cpu')
    expect(picks.fittingCount).toBeLessThan(catalog.llm.length)
  })

  it('covers every kind: image, speech and embedding models known to fit, with counts', () => {
    const kinds = bestPerKind(catalog, rtx3090Box(), data)
    expect(kinds.map((k) => k.kind)).toEqual(['llm', 'image', 'speech', 'embedding'])
    for (const k of kinds.slice(1)) {
      if (k.kind === 'llm') throw new Error('one llm block')
      expect(k.totalCount).toBe(catalog[k.kind].length)
      for (const p of k.picks) expect(p.fit.fits).toBe(true)
      expect(k.fittingCount + k.unknownCount).toBeLessThanOrEqual(k.totalCount)
    }
    const speech = kinds[2]
    // One Whisper family: the best of it, which on a 3090 is large-v3 (the largest runs well).
    expect(speech?.kind === 'speech' && speech.picks.map((p) => p.model.id)).toEqual([
      'whisper-large-v3',
    ])
  })
})
