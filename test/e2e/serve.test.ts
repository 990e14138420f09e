import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { serve } from '../../src/server/serve.js'
import { CONTENT_SECURITY_POLICY } from '../../src/server/security-headers.js'
import { testServerDeps } from '../../src/server/test-server.js'
import type { MainReport } from '../../src/core/report-views.js'

const BIN = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'bin.js')
const BUILT = existsSync(BIN) && existsSync(join(import.meta.dirname, '../../dist/server/serve.js'))

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('serve on a real socket', () => {
  it('listens on 127.0.0.1 on a free port and answers /api/report', async () => {
    const { deps } = testServerDeps()
    const server = await serve({ port: 0, token: null, staticDir: null, deps })
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/`)
      const res = await fetch(`${server.url}api/report`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      const report = (await res.json()) as MainReport
      expect(report.hardware.os.hostname).toBe('gpu-box')
    } finally {
      await server.close()
    }
  })

  it('with a token, refuses /api without it and signs in through the one-time link', async () => {
    const { deps } = testServerDeps()
    const token = 'e2e-token-0123456789abcdef'
    const server = await serve({ port: 0, token, staticDir: null, deps })
    try {
      expect(server.loginUrl).toBe(`${server.url}?token=${token}`)
      expect((await fetch(`${server.url}api/history`)).status).toBe(401)
      const login = await fetch(server.loginUrl ?? '', { redirect: 'manual' })
      expect(login.status).toBe(302)
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      const res = await fetch(`${server.url}api/history`, { headers: { cookie } })
      expect(res.status).toBe(200)
    } finally {
      await server.close()
    }
  })
})

describe.skipIf(!BUILT)('homelab-ai serve (built binary)', () => {
  it('prints its URL, answers /api/report from 127.0.0.1, and stops on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'homelab-ai-serve-'))
    dirs.push(dir)
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--db', join(dir, 'h.db')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1', HOMELAB_AI_TOKEN: '' },
      },
    )
    let out = ''
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString()
          const m = /homelab-ai dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)
          if (m?.[1] != null) resolve(m[1])
        })
        void exited.then((code) => reject(new Error(`serve exited with ${code}: ${err}`)))
      })
      const res = await fetch(`${url}api/report`)
      expect(res.status).toBe(200)
      const report = (await res.json()) as MainReport
      expect(report.schemaVersion).toBe(1)
      expect(report.hardware.source).toBe('probe')
      expect(report.snapshot?.id).toBe(1)
    } finally {
      child.kill('SIGINT')
    }
    expect(await exited).toBe(0)
    expect(out).toContain('Dashboard stopped.')
  })
})
