import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from './app.js'
import { CONTENT_SECURITY_POLICY } from './security-headers.js'
import { testServerDeps } from './test-server.js'

const dir = mkdtempSync(join(tmpdir(), 'homelab-ai-web-'))
mkdirSync(join(dir, 'assets'))
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>homelab-ai</title>')
writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)')
writeFileSync(join(dir, 'assets', 'app.css'), 'body{}')
writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const app = createApp(testServerDeps({ staticDir: dir }).deps)
const get = (path: string) => app.request(`http://127.0.0.1:8686${path}`)

describe('the built UI', () => {
  it.each([
    ['/', 'text/html; charset=utf-8'],
    ['/assets/app.js', 'text/javascript; charset=utf-8'],
    ['/assets/app.css', 'text/css; charset=utf-8'],
    ['/favicon.svg', 'image/svg+xml; charset=utf-8'],
  ])('serves %s as %s with the security headers', async (path, type) => {
    const res = await get(path)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(type)
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  })

  it('answers client-side routes with index.html (SPA fallback)', async () => {
    const res = await get('/models/qwen3-8b')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toContain('<title>homelab-ai</title>')
  })

  it('keeps unknown API routes as JSON 404, not the page', async () => {
    const res = await get('/api/nothing')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'no such API route: GET /api/nothing' })
  })

  it('does not serve files outside the folder', async () => {
    const res = await get('/..%2f..%2fetc/passwd')
    expect(await res.text()).not.toContain('root:')
  })
})
