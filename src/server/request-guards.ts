import type { Context, MiddlewareHandler } from 'hono'
import { RequestRejectedError } from './http-errors.js'

/** Names that always mean this machine. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]', '::1']
/** Binding these listens on every address, so any Host may be ours; the token guards instead. */
const WILDCARD_HOSTS = ['0.0.0.0', '::', '[::]', '']
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS']

/** The host name of a Host header (`[::1]:8080` → `[::1]`, `Example:80` → `example`). */
export function hostName(host: string): string {
  const lower = host.trim().toLowerCase()
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1)
  const colon = lower.lastIndexOf(':')
  return colon === -1 ? lower : lower.slice(0, colon)
}

/** Whether a request's Host may reach a server bound to `boundHost`. */
export function isAllowedHost(host: string, boundHost: string): boolean {
  const bound = boundHost.trim().toLowerCase()
  if (WILDCARD_HOSTS.includes(bound)) return true
  const name = hostName(host)
  const boundName = bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound
  return LOOPBACK_NAMES.includes(name) || name === bound || name === boundName
}

/**
 * Refuses requests whose Host is not this server (DNS rebinding: a page on evil.example whose
 * name now points at 127.0.0.1 sends `Host: evil.example`).
 */
export function hostGuard(boundHost: string): MiddlewareHandler {
  return async (c, next) => {
    const host = new URL(c.req.url).host
    if (!isAllowedHost(host, boundHost))
      throw new RequestRejectedError(
        403,
        `this server does not answer for host "${hostName(host)}"`,
      )
    await next()
  }
}

/** Whether a request changes state (anything but GET, HEAD and OPTIONS). */
export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.includes(method.toUpperCase())
}

/**
 * Refuses state-changing requests from other origins, even on 127.0.0.1 (a page elsewhere can
 * still post to localhost). Rules, first match wins:
 * - an `Origin` header must be this server's own origin;
 * - else a `Sec-Fetch-Site` header must be `same-origin`;
 * - else (curl, scripts: no browser sends neither) the request must carry the Bearer token.
 */
export function sameOriginGuard(hasBearer: (c: Context) => boolean): MiddlewareHandler {
  return async (c, next) => {
    if (isStateChanging(c.req.method)) {
      const origin = c.req.header('origin')
      const site = c.req.header('sec-fetch-site')
      const own = new URL(c.req.url).origin
      if (origin != null) {
        if (origin !== own)
          throw new RequestRejectedError(
            403,
            'cross-origin request refused: use the dashboard page',
          )
      } else if (site != null) {
        if (site !== 'same-origin')
          throw new RequestRejectedError(
            403,
            'cross-origin request refused: use the dashboard page',
          )
      } else if (!hasBearer(c))
        throw new RequestRejectedError(
          403,
          'a request that changes data needs an Origin header from the dashboard, or Authorization: Bearer TOKEN',
        )
    }
    await next()
  }
}
