import { describe, expect, it } from 'vitest'
import { loadModelCatalog } from '../../adapters/catalog/load-model-catalog.js'
import type { ModelCatalog } from '../../core/model-catalog.js'
import type { ModelsResponse } from '../api-types.js'
import { createApp } from '../app.js'
import { testServerDeps } from '../test-server.js'

describe('GET /api/models ranking cache', () => {
  it('ranks once per machine and settings, and again when either changes', async () => {
    const real = await loadModelCatalog()
    let rankings = 0
    // The route reads `catalog.llm` only to rank, so counting the reads counts the rankings.
    const counted: ModelCatalog = {
      ...real,
      get llm() {
        rankings++
        return real.llm
      },
    }
    const { deps } = testServerDeps({ loadModelCatalog: () => Promise.resolve(counted) })
    const app = createApp(deps)
    const get = async (path: string) => {
      const res = await app.request(`http://127.0.0.1:8765${path}`)
      expect(res.status).toBe(200)
      return (await res.json()) as ModelsResponse
    }
    const first = await get('/api/models')
    expect(await get('/api/models')).toEqual(first)
    expect(rankings).toBe(1)
    // `fits` filters the cached ranking; it does not rank again.
    const fitting = await get('/api/models?fits=1')
    expect(fitting.models.every((m) => m.fits)).toBe(true)
    expect(rankings).toBe(1)
    await get('/api/models?ctx=32768')
    await get('/api/models?ram=256')
    expect(rankings).toBe(3)
    await get('/api/models?ram=256')
    expect(rankings).toBe(3)
  })
})
