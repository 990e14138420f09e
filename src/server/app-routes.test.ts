import { describe, expect, it } from 'vitest'
import { loadModelCatalog } from '../adapters/catalog/load-model-catalog.js'
import { assessReadiness } from '../core/readiness.js'
import { miniPcNoGpu, rtx3090Box } from '../core/test-hardware.js'
import type {
  FitResponse,
  GpusResponse,
  HistoryDiff,
  HistoryResponse,
  LearnResponse,
  LessonResultResponse,
  LessonView,
  MainReport,
  ModelsResponse,
  ProfilesResponse,
  SavedProfile,
  SearchView,
} from './api-types.js'
import { createApp } from './app.js'
import { testServerDeps } from './test-server.js'

const ORIGIN = 'http://127.0.0.1:8765'
const url = (path: string) => `${ORIGIN}${path}`

function setup(machine = rtx3090Box) {
  const t = testServerDeps({}, () => machine())
  const app = createApp(t.deps)
  const get = async <T>(path: string, status = 200): Promise<T> => {
    const res = await app.request(url(path))
    const body = (await res.json()) as T
    expect({ path, status: res.status, body }).toMatchObject({ status })
    return body
  }
  const send = async <T>(method: string, path: string, body?: unknown): Promise<[number, T]> => {
    const res = await app.request(url(path), {
      method,
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: body == null ? undefined : JSON.stringify(body),
    })
    return [res.status, (await res.json()) as T]
  }
  return { ...t, app, get, send }
}

describe('GET /api/report', () => {
  it('probes and saves when nothing is saved, then answers from the snapshot', async () => {
    const { get, probes } = setup()
    const first = await get<MainReport>('/api/report')
    expect(first.schemaVersion).toBe(1)
    expect(first.hardware.os.hostname).toBe('gpu-box')
    expect(first.readiness).toEqual(assessReadiness(rtx3090Box()))
    expect(first.snapshot).toEqual({ id: 1, db: ':memory:' })
    const second = await get<MainReport>('/api/report')
    expect(second.snapshot).toEqual({ id: 1, db: ':memory:' })
    expect(probes()).toBe(1)
  })

  it('probes again and saves a new snapshot with refresh=1', async () => {
    const { get, probes } = setup()
    await get('/api/report')
    const fresh = await get<MainReport>('/api/report?refresh=1')
    expect(fresh.snapshot?.id).toBe(2)
    expect(probes()).toBe(2)
  })

  it('runs one probe for requests that arrive while it is running', async () => {
    const { app, probes } = setup()
    const answers = await Promise.all([
      app.request(url('/api/report?refresh=1')),
      app.request(url('/api/report?refresh=1')),
    ])
    expect(answers.map((r) => r.status)).toEqual([200, 200])
    expect(probes()).toBe(1)
  })
})

describe('GET /api/check', () => {
  it('answers for what-if hardware without saving it', async () => {
    const { get, deps } = setup(miniPcNoGpu)
    const report = await get<MainReport>('/api/check?gpu=2x%20RTX%203090&ram=128&cores=16')
    expect(report.snapshot).toBeNull()
    expect(report.hardware.source).toBe('what-if')
    expect(report.hardware.gpus.map((g) => g.name)).toEqual([
      'NVIDIA GeForce RTX 3090',
      'NVIDIA GeForce RTX 3090',
    ])
    expect(report.hardware.memory.totalGiB).toBe(128)
    expect(report.readiness).toEqual(assessReadiness(report.hardware))
    // The base machine was probed and saved once; the what-if one was not.
    expect(deps.history.listSnapshots().map((s) => s.source)).toEqual(['probe'])
  })

  it('answers for the machine itself without what-if values (empty ones ignored)', async () => {
    const { get } = setup()
    const report = await get<MainReport>('/api/check?gpu=&vram=')
    expect(report.hardware.source).toBe('probe')
  })

  it('says which GPU name is unknown, with 400', async () => {
    const { get } = setup()
    const body = await get<{ error: string }>('/api/check?gpu=RTX%209999', 400)
    expect(body.error).toMatch(/^gpu: unknown GPU "RTX 9999"/)
  })
})

describe('history', () => {
  it('lists snapshots newest first and compares the two newest', async () => {
    const { get } = setup()
    await get('/api/report')
    await get('/api/report?refresh=1')
    const list = await get<HistoryResponse>('/api/history')
    expect(list.snapshots.map((s) => s.id)).toEqual([2, 1])
    expect(list.snapshots[0]).toMatchObject({ hostname: 'gpu-box', source: 'probe' })
    const diff = await get<HistoryDiff>('/api/history/diff')
    expect(diff.from.id).toBe(1)
    expect(diff.to.id).toBe(2)
    expect(diff.changes).toEqual([])
    expect((await get<HistoryDiff>('/api/history/diff?from=2&to=1')).from.id).toBe(2)
  })

  it('refuses a diff with one snapshot, one id, or an unknown id', async () => {
    const { get } = setup()
    await get('/api/report')
    expect(await get('/api/history/diff', 400)).toEqual({
      error: 'need at least two snapshots to compare; refresh the report later',
    })
    expect(await get('/api/history/diff?from=1', 400)).toEqual({
      error: 'give both from and to, or neither to compare the two newest',
    })
    expect(await get('/api/history/diff?from=1&to=9', 404)).toEqual({
      error: 'unknown snapshot "#9"',
    })
    expect(await get('/api/history?limit=0', 400)).toEqual({
      error: 'limit must be a whole number from 1 to 1000, got "0"',
    })
  })
})

describe('GET /api/gpus', () => {
  it('lists the catalog names for the what-if editor', async () => {
    const { get } = setup()
    const { gpus } = await get<GpusResponse>('/api/gpus')
    expect(gpus.length).toBeGreaterThan(100)
    expect(gpus.find((g) => g.id === 'rtx-3090')).toEqual({
      id: 'rtx-3090',
      name: 'NVIDIA GeForce RTX 3090',
      vendor: 'nvidia',
      vramGiB: 24,
      memoryKind: 'dedicated',
    })
  })
})

describe('learn', () => {
  it('lists the paths with progress and the next lesson', async () => {
    const { get } = setup()
    const view = await get<LearnResponse>('/api/learn')
    expect(view.paths.map((p) => p.id)).toEqual(['basics', 'vsphere-for-ai', 'hardware-for-ai'])
    expect(view.paths[0]?.lessons[0]).toEqual({
      id: 'tokens',
      title: 'Tokens and context',
      minutes: 5,
      done: false,
    })
    expect(view.next.lessonId).toBe('tokens')
    expect(view.next.title).toBe('Tokens and context')
  })

  it('shows one lesson with its lab sentences', async () => {
    const { get } = setup()
    await get('/api/report')
    const lesson = await get<LessonView>('/api/learn/kv-cache')
    expect(lesson).toMatchObject({ id: 'kv-cache', done: false, labCheck: 'vram' })
    expect(lesson.lab.map((l) => l.check)).toEqual(['vram'])
    expect(lesson.questions).toHaveLength(2)
  })

  it('searches lessons and needs words to search for', async () => {
    const { get } = setup()
    const hits = await get<SearchView>('/api/learn/search?q=kv%20cache')
    expect(hits.query).toBe('kv cache')
    expect(hits.results[0]?.lessonId).toBe('kv-cache')
    expect(await get('/api/learn/search?q=%20', 400)).toEqual({
      error: 'q needs words to look for, e.g. q=kv cache',
    })
  })

  it('records a quiz result, which marks the lesson done', async () => {
    const { send, get, deps } = setup()
    const [status, body] = await send<LessonResultResponse>('POST', '/api/learn/tokens/result', {
      correct: 1,
      total: 2,
    })
    expect(status).toBe(201)
    expect(body.result).toMatchObject({ lessonId: 'tokens', correct: 1, total: 2 })
    expect(body.result.completedAt).toMatch(/^2026-11-30T09:00:\d\d\.000Z$/)
    expect(body.next.lessonId).not.toBe('tokens')
    expect(deps.history.listLessonResults()).toHaveLength(1)
    expect((await get<LessonView>('/api/learn/tokens')).done).toBe(true)
  })

  it.each([
    [{ correct: 3, total: 2 }, 'correct must be a whole number from 0 to 2'],
    [{ correct: 1, total: 5 }, "total must be 2, the lesson's number of questions"],
    [{ correct: 1.5, total: 2 }, 'correct must be a whole number from 0 to 2'],
    [
      { correct: 1, total: 2, passed: true },
      'the body has an unknown field "passed"; allowed: correct, total',
    ],
    [[1, 2], 'the body must be a JSON object { correct, total }'],
  ])('refuses the result %j with 400', async (body, error) => {
    const { send, deps } = setup()
    expect(await send('POST', '/api/learn/tokens/result', body)).toEqual([400, { error }])
    expect(deps.history.listLessonResults()).toEqual([])
  })

  it('refuses a result for an unknown lesson with 404', async () => {
    const { send } = setup()
    const [status] = await send('POST', '/api/learn/nope/result', { correct: 0, total: 2 })
    expect(status).toBe(404)
  })
})

describe('profiles', () => {
  it('saves, lists and deletes what-if profiles', async () => {
    const { send, get } = setup()
    const [status, saved] = await send<SavedProfile>('POST', '/api/profiles', {
      name: '  Two 3090s ',
      overrides: { gpu: '2x RTX 3090', ram: '128' },
    })
    expect(status).toBe(201)
    expect(saved).toEqual({
      id: 1,
      name: 'Two 3090s',
      createdAt: expect.stringMatching(/^2026-11-30T/) as string,
      overrides: { gpu: '2x RTX 3090', ram: '128' },
    })
    expect((await get<ProfilesResponse>('/api/profiles')).profiles).toEqual([saved])
    expect(await send('DELETE', '/api/profiles/1')).toEqual([200, { deleted: 1 }])
    expect(await send('DELETE', '/api/profiles/1')).toEqual([404, { error: 'unknown profile "1"' }])
  })

  it('answers 409 for a taken name', async () => {
    const { send } = setup()
    await send('POST', '/api/profiles', { name: 'lab', overrides: { ram: '64' } })
    const [status, body] = await send('POST', '/api/profiles', {
      name: 'lab',
      overrides: { ram: '32' },
    })
    expect(status).toBe(409)
    expect(body).toEqual({
      error: 'a profile named "lab" already exists; pick another name or delete it first',
    })
  })

  it.each([
    [{ name: '', overrides: { ram: '1' } }, 'name must be 1 to 64 characters'],
    [{ name: 'a\nb', overrides: { ram: '1' } }, 'name must not hold control characters'],
    [{ name: 'x', overrides: {} }, 'overrides needs at least one of gpu, vram, ram, cores'],
    [
      { name: 'x', overrides: { ram: 64 } },
      'overrides.ram must be a non-empty string, like the CLI flag --ram',
    ],
    [
      { name: 'x', overrides: { disk: '1' } },
      'overrides has an unknown field "disk"; allowed: gpu, vram, ram, cores',
    ],
    [
      { name: 'x', overrides: { vram: '0' } },
      'overrides.vram must be a number of GiB between 0.5 and 4096, got 0',
    ],
    [{ name: 'x' }, 'overrides must be an object with some of gpu, vram, ram, cores'],
  ])('refuses %j with 400', async (body, error) => {
    const { send } = setup()
    expect(await send('POST', '/api/profiles', body)).toEqual([400, { error }])
  })

  it('refuses an unknown GPU name and suggests catalog names', async () => {
    const { send } = setup()
    const [status, body] = await send<{ error: string }>('POST', '/api/profiles', {
      name: 'x',
      overrides: { gpu: 'RTX 3900' },
    })
    expect(status).toBe(400)
    expect(body.error).toMatch(/^overrides\.gpu: unknown GPU "RTX 3900"; did you mean: .*RTX 3090/)
  })
})

describe('models and fit', () => {
  it('ranks the catalog LLMs for the machine, best first', async () => {
    const { get } = setup()
    const body = await get<ModelsResponse>('/api/models')
    expect(body.note).toBeNull()
    expect(body.hardware.os.hostname).toBe('gpu-box')
    expect(body.models).toHaveLength((await loadModelCatalog()).llm.length)
    expect(body.models.every((m) => m.model.kind === 'llm')).toBe(true)
    expect(body.models[0]?.fits).toBe(true)
  })

  it('keeps only what fits with fits=1, and answers for what-if hardware', async () => {
    const { get } = setup(miniPcNoGpu)
    const all = await get<ModelsResponse>('/api/models?gpu=RTX%204090&fits=1&ctx=4096&quant=q4_k_m')
    expect(all.hardware.source).toBe('what-if')
    expect(all.models.length).toBeGreaterThan(0)
    expect(all.models.every((m) => m.fits && m.quant === 'Q4_K_M')).toBe(true)
  })

  it('ranks image, speech and embedding models in `others`, by kind or all together', async () => {
    const { get } = setup()
    const speech = await get<ModelsResponse>('/api/models?kind=speech')
    expect(speech.models).toEqual([])
    expect(speech.others.length).toBe((await loadModelCatalog()).speech.length)
    expect(speech.others.every((m) => m.model.kind === 'speech')).toBe(true)
    expect(speech.others[0]?.speed?.kind).toBe('speech')
    const all = await get<ModelsResponse>('/api/models?fits=1')
    expect(all.models.length).toBeGreaterThan(0)
    expect(new Set(all.others.map((m) => m.model.kind))).toEqual(
      new Set(['image', 'speech', 'embedding']),
    )
    expect(all.others.every((m) => m.fits)).toBe(true)
    expect(await get('/api/models?kind=image&quant=Q4_K_M', 400)).toEqual({
      error:
        'quant and ctx apply to language models only; image models are sized at their published files',
    })
  })

  it.each([
    ['/api/models?kind=video', 'kind must be one of llm, image, speech, embedding, got "video"'],
    ['/api/models?ctx=12', 'ctx must be a whole number from 256 to 10485760, got "12"'],
    [
      '/api/models?quant=Q9',
      'quant must be a quantization such as Q4_K_M or Q8_0; "Q9" is not in the catalog',
    ],
    ['/api/fit/qwen3-8b?kv=f32', 'kv must be one of f16, q8_0, q4_0, got "f32"'],
  ])('refuses %s with 400', async (path, error) => {
    const { get } = setup()
    expect(await get(path, 400)).toEqual({ error })
  })

  it('assesses one model, at the best quantization or the one asked for', async () => {
    const { get } = setup()
    const best = await get<FitResponse>('/api/fit/qwen3-8b')
    expect(best.fit.model.id).toBe('qwen3-8b')
    expect(best.fit.fits).toBe(true)
    const asked = await get<FitResponse>('/api/fit/qwen3-8b?quant=Q8_0&ctx=16384&kv=q8_0')
    expect(asked.fit).toMatchObject({ quant: 'Q8_0', contextTokens: 16384, kvCacheType: 'q8_0' })
  })

  it("uses this machine's benchmark for its own estimates, not for what-if hardware", async () => {
    // A CPU-only machine, whose speed rests on the RAM bandwidth the benchmark measured.
    const t = testServerDeps(
      { loadCalibration: () => Promise.resolve({ memoryBandwidthGBps: 40 }) },
      () => miniPcNoGpu(),
    )
    const app = createApp(t.deps)
    const kindOf = async (path: string) => {
      const body = (await (await app.request(url(path))).json()) as FitResponse
      return body.fit.speed?.basis.kind
    }
    expect(await kindOf('/api/fit/qwen3-8b')).toBe('measured')
    expect(await kindOf('/api/fit/qwen3-8b?ram=64')).toBe('catalog')
  })

  it('answers 404 with suggestions for an unknown model', async () => {
    const { get } = setup()
    const body = await get<{ error: string }>('/api/fit/qwen3-9b', 404)
    expect(body.error).toMatch(/^unknown model "qwen3-9b"; did you mean: /)
  })
})
