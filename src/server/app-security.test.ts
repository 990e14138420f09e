import { describe, expect, it } from 'vitest'
import { StoreError } from '../core/errors.js'
import { createApp } from './app.js'
import { CONTENT_SECURITY_POLICY } from './security-headers.js'
import { testServerDeps } from './test-server.js'

const TOKEN = 'test-token-0123456789abcdef'
const ORIGIN = 'http://127.0.0.1:8765'
const url = (path: string) => `${ORIGIN}${path}`

function appWith(token: string | null = null, host = '127.0.0.1') {
  const t = testServerDeps({ token, host })
  return { app: createApp(t.deps), ...t }
}

const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

describe('security headers', () => {
  it.each([
    ['an API answer', '/api/gpus', 200],
    ['an API error', '/api/learn/no-such-lesson', 404],
    ['an unknown route', '/api/nothing-here', 404],
    ['a page without a built UI', '/models', 404],
  ])('are set on %s', async (_, path, status) => {
    const { app } = appWith()
    const res = await app.request(url(path))
    expect(res.status).toBe(status)
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin')
  })

  it('are set on a refusal (401) too', async () => {
    const { app } = appWith(TOKEN)
    const res = await app.request(url('/api/report'))
    expect(res.status).toBe(401)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
  })

  it('forbid inline scripts and framing', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    )
  })
})

describe('DNS-rebinding guard', () => {
  it('refuses a Host that is not this server with 403', async () => {
    const { app } = appWith()
    const res = await app.request('http://attacker.example:8765/api/report')
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({
      error: 'this server does not answer for host "attacker.example"',
    })
  })

  it.each(['http://127.0.0.1:8765', 'http://localhost:8765', 'http://[::1]:8765'])(
    'answers on the loopback name %s',
    async (origin) => {
      const { app } = appWith()
      expect((await app.request(`${origin}/api/gpus`)).status).toBe(200)
    },
  )

  it('answers on the address it was bound to', async () => {
    const { app } = appWith(TOKEN, '192.168.1.20')
    const res = await app.request('http://192.168.1.20:8765/api/gpus', {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    expect(res.status).toBe(200)
    expect((await app.request('http://10.0.0.9:8765/api/gpus')).status).toBe(403)
  })
})

describe('token', () => {
  it('is not needed on loopback when none is configured', async () => {
    const { app } = appWith()
    expect((await app.request(url('/api/history'))).status).toBe(200)
  })

  it('is needed on every /api call when configured: 401 without it', async () => {
    const { app } = appWith(TOKEN)
    const res = await app.request(url('/api/history'))
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({
      error:
        'this dashboard needs its token: open the link that `homelab-ai serve` printed, or send Authorization: Bearer TOKEN',
    })
  })

  it('is accepted as a Bearer header, and a wrong one is refused', async () => {
    const { app } = appWith(TOKEN)
    const ok = await app.request(url('/api/history'), {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    expect(ok.status).toBe(200)
    const wrong = await app.request(url('/api/history'), {
      headers: { authorization: `Bearer ${TOKEN}x` },
    })
    expect(wrong.status).toBe(401)
  })

  it('is never echoed in a response', async () => {
    const { app } = appWith(TOKEN)
    const auth = { authorization: `Bearer ${TOKEN}` }
    for (const path of ['/api/report', '/api/nothing', '/api/learn/x', '/api/history/diff']) {
      const res = await app.request(url(path), { headers: auth })
      expect(await res.text()).not.toContain(TOKEN)
    }
    const refused = await app.request(url('/api/report'))
    expect(await refused.text()).not.toContain(TOKEN)
  })
})

describe('one-time link', () => {
  it('sets an httpOnly SameSite=Strict session cookie and redirects to / without the token', async () => {
    const { app } = appWith(TOKEN)
    const res = await app.request(url(`/?token=${TOKEN}`))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/')
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^homelab_ai_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/)
    expect(cookie).not.toContain(TOKEN)
    const session = cookie.split(';')[0] ?? ''
    const api = await app.request(url('/api/history'), { headers: { cookie: session } })
    expect(api.status).toBe(200)
    const forged = await app.request(url('/api/history'), {
      headers: { cookie: 'homelab_ai_session=made-up' },
    })
    expect(forged.status).toBe(401)
  })

  it('works once: a second visit gets no cookie', async () => {
    const { app } = appWith(TOKEN)
    await app.request(url(`/?token=${TOKEN}`))
    const again = await app.request(url(`/?token=${TOKEN}`))
    expect(again.status).toBe(302)
    expect(again.headers.get('location')).toBe('/')
    expect(again.headers.get('set-cookie')).toBeNull()
  })

  it('gives no cookie for a wrong token, and still drops it from the address', async () => {
    const { app } = appWith(TOKEN)
    const res = await app.request(url('/learn?token=guess&x=1'))
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/learn?x=1')
    expect(res.headers.get('set-cookie')).toBeNull()
  })
})

describe('state-changing requests', () => {
  const profile = { name: 'lab', overrides: { ram: '128' } }

  it('refuse a cross-origin POST with 403, even on 127.0.0.1 without a token', async () => {
    const { app, deps } = appWith()
    const res = await app.request(
      url('/api/profiles'),
      postJson(profile, { origin: 'http://attacker.example' }),
    )
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({
      error: 'cross-origin request refused: use the dashboard page',
    })
    expect(deps.profiles.listProfiles()).toEqual([])
  })

  it('refuse a cross-site Sec-Fetch-Site without Origin', async () => {
    const { app } = appWith()
    const res = await app.request(
      url('/api/profiles'),
      postJson(profile, { 'sec-fetch-site': 'cross-site' }),
    )
    expect(res.status).toBe(403)
  })

  it('refuse a cross-origin DELETE', async () => {
    const { app, deps } = appWith()
    const saved = deps.profiles.saveProfile('lab', { ram: '64' })
    const res = await app.request(url(`/api/profiles/${saved.id}`), {
      method: 'DELETE',
      headers: { origin: 'http://attacker.example' },
    })
    expect(res.status).toBe(403)
    expect(deps.profiles.listProfiles()).toHaveLength(1)
  })

  it('refuse a request with neither Origin nor Sec-Fetch-Site nor Bearer token', async () => {
    const { app } = appWith()
    const res = await app.request(url('/api/profiles'), postJson(profile))
    expect(res.status).toBe(403)
  })

  it('pass from the own origin, or with Sec-Fetch-Site same-origin', async () => {
    const { app } = appWith()
    const a = await app.request(url('/api/profiles'), postJson(profile, { origin: ORIGIN }))
    expect(a.status).toBe(201)
    const b = await app.request(
      url('/api/profiles'),
      postJson({ ...profile, name: 'b' }, { 'sec-fetch-site': 'same-origin' }),
    )
    expect(b.status).toBe(201)
  })

  it('need the token when one is configured, even from the own origin', async () => {
    const { app } = appWith(TOKEN)
    const res = await app.request(url('/api/profiles'), postJson(profile, { origin: ORIGIN }))
    expect(res.status).toBe(401)
    const withToken = await app.request(
      url('/api/profiles'),
      postJson(profile, { origin: ORIGIN, authorization: `Bearer ${TOKEN}` }),
    )
    expect(withToken.status).toBe(201)
  })

  it('pass from a script with the Bearer token and no Origin', async () => {
    const { app } = appWith(TOKEN)
    const res = await app.request(
      url('/api/profiles'),
      postJson(profile, { authorization: `Bearer ${TOKEN}` }),
    )
    expect(res.status).toBe(201)
  })
})

describe('request bodies', () => {
  const same = { origin: ORIGIN }

  it('over 64 KiB get 413', async () => {
    const { app } = appWith()
    const big = JSON.stringify({ name: 'x'.repeat(70 * 1024), overrides: { ram: '1' } })
    const res = await app.request(url('/api/profiles'), postJson(big, same))
    expect(res.status).toBe(413)
    expect(await res.json()).toEqual({ error: 'the request body is over 64 KiB' })
  })

  it('that are not JSON get 400 with one line', async () => {
    const { app } = appWith()
    const res = await app.request(url('/api/profiles'), postJson('{"name": ', same))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: 'the body is not valid JSON' })
  })

  it('sent as a form get 415', async () => {
    const { app } = appWith()
    const res = await app.request(url('/api/profiles'), {
      method: 'POST',
      headers: { ...same, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    })
    expect(res.status).toBe(415)
  })
})

describe('errors', () => {
  it('map a store failure to 503 with its one-line message', async () => {
    const t = testServerDeps()
    const app = createApp({
      ...t.deps,
      history: {
        ...t.deps.history,
        listSnapshots: () => {
          throw new StoreError('/data/h.db is locked by another process')
        },
      },
    })
    const res = await app.request(url('/api/history'))
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ error: '/data/h.db is locked by another process' })
  })

  it('map a bug to 500 "internal error" without a stack, and log it', async () => {
    const t = testServerDeps({
      loadGpuCatalog: () => Promise.reject(new TypeError('x is undefined')),
    })
    const res = await createApp(t.deps).request(url('/api/gpus'))
    expect(res.status).toBe(500)
    expect(await res.text()).toBe('{"error":"internal error"}')
    expect(t.errors).toHaveLength(1)
  })

  it('map a bad parameter to 400 and an unknown lesson to 404', async () => {
    const { app } = appWith()
    const bad = await app.request(url('/api/check?vram=lots'))
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({
      error: 'vram must be a number of GiB between 0.5 and 4096, got lots',
    })
    const missing = await app.request(url('/api/learn/kv-cach'))
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({
      error: 'unknown lesson "kv-cach"; did you mean: kv-cache?',
    })
  })
})
