import { describe, expect, it } from 'vitest'
import { DEFAULT_PORT, parsePort, resolveToken } from './serve.js'

const generate = () => 'generated-token-0123456789abcdefghijklmnopq'

describe('parsePort', () => {
  it.each([
    [undefined, DEFAULT_PORT],
    ['0', 0],
    ['8080', 8080],
    ['65535', 65535],
  ])('reads %s as %i', (value, port) => {
    expect(parsePort(value)).toBe(port)
  })

  it.each(['65536', '-1', '80.5', 'http', ''])('refuses %j with one line', (value) => {
    expect(() => parsePort(value)).toThrow(
      `--port must be a whole number from 0 to 65535, got "${value}"`,
    )
  })
})

describe('resolveToken', () => {
  it('needs no token on loopback', () => {
    expect(resolveToken(undefined, {}, true, generate)).toEqual({ token: null, generated: false })
  })

  it('generates one on any other address', () => {
    expect(resolveToken(undefined, {}, false, generate)).toEqual({
      token: generate(),
      generated: true,
    })
  })

  it('takes --token before HOMELAB_AI_TOKEN', () => {
    const env = { HOMELAB_AI_TOKEN: 'from-the-environment-123' }
    expect(resolveToken('from-the-flag-123456', env, false, generate).token).toBe(
      'from-the-flag-123456',
    )
    expect(resolveToken(undefined, env, true, generate)).toEqual({
      token: 'from-the-environment-123',
      generated: false,
    })
  })

  it.each([
    ['short', '--token'],
    ['has spaces in it, long enough', '--token'],
  ])('refuses the weak or unsafe token %j', (token, flag) => {
    expect(() => resolveToken(token, {}, false, generate)).toThrow(
      `${flag} must be at least 16 characters of letters, digits and -._~`,
    )
  })
})
