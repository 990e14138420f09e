import { describe, expect, it } from 'vitest'
import { isLoopbackHost, serve } from './serve.js'
import { testServerDeps } from './test-server.js'

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['lab.example', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback)
  })
})

describe('serve', () => {
  it('refuses to listen beyond loopback without a token, before binding anything', async () => {
    const { deps } = testServerDeps()
    await expect(
      serve({ port: 0, host: '0.0.0.0', token: null, staticDir: null, deps }),
    ).rejects.toThrow(
      'refusing to listen on 0.0.0.0 without a token: other machines could use the dashboard; give --token or HOMELAB_AI_TOKEN',
    )
  })
})
