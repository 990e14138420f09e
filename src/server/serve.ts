import type { AddressInfo } from 'node:net'
import { serve as listen } from '@hono/node-server'
import { UsageError } from '../core/errors.js'
import { createApp } from './app.js'
import type { ServerDeps } from './server-deps.js'

/** How to run the dashboard server. */
export interface ServeOptions {
  /** 0 picks a free port. */
  readonly port: number
  /** Default 127.0.0.1; any other address needs a token. */
  readonly host?: string
  readonly token: string | null
  /** The built UI (dist/web), or null for the API alone. */
  readonly staticDir: string | null
  /** The adapters: probe, stores, catalogs, hub. */
  readonly deps: Omit<ServerDeps, 'token' | 'host' | 'staticDir'>
}

/** A listening server. */
export interface RunningServer {
  /** `http://127.0.0.1:PORT/` (the address a browser on this machine can open). */
  readonly url: string
  /** The one-time sign-in link (`url` with `?token=`), or null without a token. */
  readonly loginUrl: string | null
  readonly port: number
  /** Stops listening and drops open connections. */
  close(): Promise<void>
}

const WILDCARDS = ['0.0.0.0', '::', '[::]']

/** Whether `host` is this machine only: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h)
}

/**
 * Starts the dashboard: the API and, with `staticDir`, the UI. Refuses (UsageError) to listen on
 * a non-loopback address without a token, and says so when the port is taken.
 */
export async function serve(opts: ServeOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1'
  if (!isLoopbackHost(host) && opts.token == null)
    throw new UsageError(
      `refusing to listen on ${host} without a token: other machines could use the dashboard; give --token or HOMELAB_AI_TOKEN`,
    )
  const app = createApp({ ...opts.deps, token: opts.token, host, staticDir: opts.staticDir })
  const server = await new Promise<ReturnType<typeof listen>>((resolve, reject) => {
    const s = listen({ fetch: app.fetch, port: opts.port, hostname: host }, () => resolve(s))
    s.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(new UsageError(`port ${opts.port} on ${host} is in use; pick another with --port`))
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
        reject(new UsageError(`cannot listen on ${host}: not an address of this machine`))
      else if (error.code === 'EACCES')
        reject(new UsageError(`port ${opts.port} needs admin rights; pick one above 1023`))
      else reject(error)
    })
  })
  const port = (server.address() as AddressInfo).port
  // A browser on this machine reaches a wildcard listener through loopback.
  const shown = WILDCARDS.includes(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  const url = `http://${shown}:${port}/`
  return {
    url,
    loginUrl: opts.token == null ? null : `${url}?token=${encodeURIComponent(opts.token)}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error == null ? resolve() : reject(error)))
        // Browsers keep idle connections open; without this, close() would wait for them.
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}
