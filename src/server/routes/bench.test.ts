import { describe, expect, it } from 'vitest'
import { openBenchStore } from '../../adapters/store/bench-store.js'
import { sampleBenchDocument, sampleLlmResult } from '../../core/test-bench.js'
import { miniPcNoGpu } from '../../core/test-hardware.js'
import type {
  ApiError,
  BenchCompareResponse,
  BenchReferenceResponse,
  BenchRunResponse,
  BenchRunsResponse,
} from '../api-types.js'
import { createApp } from '../app.js'
import { testServerDeps } from '../test-server.js'

const ORIGIN = 'http://127.0.0.1:8765'

/** An app over an in-memory bench store holding `docs` (saved oldest first: ids 1, 2, ...). */
function setup(docs = [sampleBenchDocument()]) {
  const bench = openBenchStore(':memory:')
  for (const doc of docs) bench.saveBenchRun(doc)
  const t = testServerDeps({ bench }, () => miniPcNoGpu())
  const app = createApp(t.deps)
  const get = async <T>(path: string, status = 200): Promise<T> => {
    const res = await app.request(`${ORIGIN}${path}`)
    const body = (await res.json()) as T
    expect({ path, status: res.status, body }).toMatchObject({ status })
    return body
  }
  return { get, errors: t.errors }
}

const older = sampleBenchDocument({ runAt: '2026-11-01T10:00:00.000Z' })
const newer = sampleBenchDocument({
  runAt: '2026-11-20T10:00:00.000Z',
  level: 'standard',
  memory: { ...older.memory!, copyGBps: 30 },
  llm: sampleLlmResult({ generationTokensPerSec: 30 }),
  failures: [{ section: 'gpu', message: 'no GPU' }],
})

describe('bench routes', () => {
  it('lists the runs newest first with their figures and the metric table', async () => {
    const { get } = setup([older, newer])
    const body = await get<BenchRunsResponse>('/api/bench/runs')
    expect(body.runs.map((r) => [r.id, r.level, r.failures])).toEqual([
      [2, 'standard', 1],
      [1, 'quick', 0],
    ])
    expect(body.runs[0]?.figures).toMatchObject({
      'memory.copyGBps': 30,
      'disk.randReadIops': 8000,
      'llm.generationTokensPerSec': 30,
    })
    // The sample has no GPU figures, so none are listed.
    expect(Object.keys(body.runs[0]?.figures ?? {}).some((k) => k.startsWith('gpu.'))).toBe(false)
    expect(body.runs[0]?.llmModel).toBe('qwen2.5-0.5b-instruct-q4_k_m.gguf')
    expect(body.metrics.map((m) => m.path)).toContain('disk.seqReadMBps')
    expect((await get<BenchRunsResponse>('/api/bench/runs?limit=1')).runs).toHaveLength(1)
    await get<ApiError>('/api/bench/runs?limit=0', 400)
  })

  it('answers an empty list when nothing was measured yet', async () => {
    const { get } = setup([])
    expect((await get<BenchRunsResponse>('/api/bench/runs')).runs).toEqual([])
  })

  it('gives one run as `bench --json` prints it, and 404 for an unknown id', async () => {
    const { get } = setup([older, newer])
    const body = await get<BenchRunResponse>('/api/bench/runs/1')
    expect(body).toEqual({ runId: 1, ...older })
    const missing = await get<ApiError>('/api/bench/runs/9', 404)
    expect(missing.error).toBe('unknown benchmark run "#9"; did you mean: #2, #1?')
    await get<ApiError>('/api/bench/runs/x', 400)
  })

  it('compares two runs as `bench compare` does', async () => {
    const { get } = setup([older, newer])
    const body = await get<BenchCompareResponse>('/api/bench/compare?a=1&b=2')
    expect(body.a).toBe(1)
    expect(body.b).toBe(2)
    expect(body.metrics.find((m) => m.path === 'memory.copyGBps')).toMatchObject({
      a: 20,
      b: 30,
      ratio: 1.5,
      improved: true,
    })
    expect(body.caveats).toContain('levels differ (quick vs standard)')
    expect((await get<ApiError>('/api/bench/compare?a=1', 400)).error).toMatch(/^b must be/)
    await get<ApiError>('/api/bench/compare?a=1&b=7', 404)
  })

  it('puts the newest figures beside the catalog peaks and the predictions', async () => {
    const { get, errors } = setup([older, newer])
    const body = await get<BenchReferenceResponse>('/api/bench/reference')
    expect(body.hostname).toBe(miniPcNoGpu().os.hostname)
    const tg = body.rows.find((r) => r.id === 'llm-tg')
    expect(tg).toMatchObject({ measured: 30, measuredRunId: 2, referenceKind: 'predicted' })
    expect(tg?.reference).toBeGreaterThan(0)
    expect(body.rows.find((r) => r.id === 'ram-read')?.reference).toBeGreaterThan(0)
    expect(body.gpus).toEqual([])
    expect(errors).toEqual([])
  })
})
