import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { RequestRejectedError } from './http-errors.js'

/** The session cookie the one-time link sets. */
export const SESSION_COOKIE = 'homelab_ai_session'

/** A fresh random token: 32 bytes, URL-safe. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url')
}

// Hashing first gives equal lengths, so the comparison takes the same time for any guess.
function sameSecret(a: string, b: string): boolean {
  const hash = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(hash(a), hash(b))
}

/** The token check: Bearer header, session cookie, and the one-time link that sets the cookie. */
export interface AccessControl {
  /** Whether the request carries `Authorization: Bearer TOKEN` with the right token. */
  readonly hasBearer: (c: Context) => boolean
  /** GET `/?token=...`: trades the link for a session cookie once, then redirects without it. */
  readonly oneTimeLink: MiddlewareHandler
  /** On /api: with a token configured, the request needs the Bearer header or a session cookie. */
  readonly requireToken: MiddlewareHandler
}

/**
 * Access control for `token` (null: no token, the server is on loopback and open to this
 * machine). Sessions live in memory: a restart asks for the link again.
 */
export function createAccessControl(token: string | null): AccessControl {
  const sessions = new Set<string>()
  let linkUsed = false
  const hasBearer = (c: Context): boolean => {
    if (token == null) return false
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    return match?.[1] != null && sameSecret(match[1], token)
  }
  const hasSession = (c: Context): boolean => {
    const id = getCookie(c, SESSION_COOKIE)
    return id != null && sessions.has(id)
  }
  return {
    hasBearer,
    oneTimeLink: async (c, next) => {
      const given = c.req.query('token')
      if (c.req.method !== 'GET' || given == null || c.req.path.startsWith('/api/')) return next()
      if (token != null && !linkUsed && sameSecret(given, token)) {
        linkUsed = true
        const id = generateToken()
        sessions.add(id)
        setCookie(c, SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'Strict' })
      }
      // Whatever the outcome, the token leaves the address bar (and the history) at once.
      const url = new URL(c.req.url)
      url.searchParams.delete('token')
      return c.redirect(`${url.pathname}${url.search}`, 302)
    },
    requireToken: async (c, next) => {
      if (token != null && !hasBearer(c) && !hasSession(c))
        throw new RequestRejectedError(
          401,
          'this dashboard needs its token: open the link that `homelab-ai serve` printed, or send Authorization: Bearer TOKEN',
        )
      await next()
    },
  }
}
