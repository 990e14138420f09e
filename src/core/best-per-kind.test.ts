import { describe, expect, it } from 'vitest'
import { bestPerKind } from './best-per-kind.js'
import { TEST_FIT_DATA as data, TEST_MODELS as catalog } from './test-fit-data.js'
import { miniPcNoGpu, rtx3090Box } from './test-hardware.js'

describe('bestPerKind', () => {
  it('picks the top fitting LLMs, one per family, best first', () => {
    const [llmPicks] = bestPerKind(catalog, rtx3090Box(), data)
    expect(llmPicks?.kind).toBe('llm')
    const picks = llmPicks?.picks ?? []
    expect(picks).toHaveLength(3)
    expect(new Set(picks.map((p) => p.model.family)).size).toBe(3)
    for (const p of picks) expect(p.best.fits).toBe(true)
    expect(llmPicks?.totalCount).toBe(catalog.llm.length)
    expect(llmPicks?.fittingCount).toBeGreaterThan(30)
  })

  it('takes perKind and fits a small machine with small models', () => {
    const [picks] = bestPerKind(catalog, miniPcNoGpu(), data, { perKind: 5 })
    expect(picks?.picks).toHaveLength(5)
    for (const p of picks?.picks ?? []) expect(p.best.placement).toBe('cpu')
    expect(picks?.fittingCount).toBeLessThan(catalog.llm.length)
  })
})
