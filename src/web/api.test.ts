import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError, buildUrl, callApi, prefetchApi } from './api.js'

describe('buildUrl', () => {
  it('fills and escapes path parameters and drops empty query values', () => {
    expect(
      buildUrl(
        '/api/fit/:modelId',
        { modelId: 'a/b c' },
        { gpu: '2x RTX 3090', ram: '', quant: undefined },
      ),
    ).toBe('/api/fit/a%2Fb%20c?gpu=2x+RTX+3090')
  })

  it('refuses a missing path parameter', () => {
    expect(() => buildUrl('/api/learn/:lessonId', {})).toThrow(/lessonId/)
  })
})

describe('callApi', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('sends same-origin JSON and returns the parsed body', async () => {
    const fetch = vi.fn<(url: string, init: RequestInit) => Promise<Response>>(() =>
      Promise.resolve(new Response('{"result":{},"next":{}}', { status: 201 })),
    )
    vi.stubGlobal('fetch', fetch)
    await callApi('POST /api/learn/:lessonId/result', {
      params: { lessonId: 'gpu-basics' },
      body: { correct: 2, total: 3 },
    })
    const [url, init] = fetch.mock.calls[0] ?? []
    expect(url).toBe('/api/learn/gpu-basics/result')
    expect(init).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      body: '{"correct":2,"total":3}',
      headers: { 'content-type': 'application/json' },
    })
  })

  it("throws the server's one-line error with the status", async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(new Response('{"error":"unknown GPU \\"RTX 9999\\""}', { status: 400 })),
    )
    const err = await callApi('GET /api/models', { query: { gpu: 'RTX 9999' } }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ApiRequestError)
    expect(err).toMatchObject({ message: 'unknown GPU "RTX 9999"', status: 400 })
  })

  it('says so when an error page is not JSON', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>', { status: 502 })))
    await expect(callApi('GET /api/gpus')).rejects.toThrow('GET /api/gpus failed with HTTP 502')
  })
})

describe('prefetchApi', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  const counting = (body: string, status = 200) => {
    const fetch = vi.fn<(url: string) => Promise<Response>>(() =>
      Promise.resolve(new Response(body, { status })),
    )
    vi.stubGlobal('fetch', fetch)
    return fetch
  }

  it('hands its answer to the first matching call, once', async () => {
    const fetch = counting('{"gpus":[]}')
    prefetchApi('GET /api/gpus')
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(await callApi('GET /api/gpus')).toEqual({ gpus: [] })
    expect(fetch).toHaveBeenCalledTimes(1)
    // Later calls want fresh data.
    await callApi('GET /api/gpus')
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('is not used by a call with another query', async () => {
    const fetch = counting('{"models":[]}')
    prefetchApi('GET /api/models')
    await callApi('GET /api/models', { query: { ram: '64' } })
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/api/models', '/api/models?ram=64'])
  })

  it("gives the taker the server's error, and stays quiet when nobody takes it", async () => {
    counting('{"error":"locked"}', 503)
    prefetchApi('GET /api/learn')
    await expect(callApi('GET /api/learn')).rejects.toMatchObject({ status: 503 })
    // An untaken failed prefetch must not surface as an unhandled rejection (vitest fails on one).
    prefetchApi('GET /api/report')
    await new Promise((resolve) => setTimeout(resolve, 10))
  })

  it('stops waiting when the caller aborts', async () => {
    counting('{}')
    prefetchApi('GET /api/history')
    const controller = new AbortController()
    controller.abort()
    await expect(callApi('GET /api/history', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    })
  })
})
