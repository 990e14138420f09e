import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { MAX_BODY_BYTES } from './api-types.js'
import { createAccessControl } from './access-token.js'
import { createHardwareSource } from './hardware-source.js'
import { RequestRejectedError, answerFor } from './http-errors.js'
import { hostGuard, sameOriginGuard } from './request-guards.js'
import { benchRoutes } from './routes/bench.js'
import { gpuRoutes } from './routes/gpus.js'
import { historyRoutes } from './routes/history.js'
import { labRoutes } from './routes/lab.js'
import { labVsphereRoutes } from './routes/lab-vsphere.js'
import { learnRoutes } from './routes/learn.js'
import { modelRoutes } from './routes/models.js'
import { profileRoutes } from './routes/profiles.js'
import { reportRoutes } from './routes/report.js'
import type { RouteContext } from './routes/route-context.js'
import { securityHeaders } from './security-headers.js'
import type { ServerDeps } from './server-deps.js'

export type { ServerDeps } from './server-deps.js'

/**
 * The dashboard's HTTP app: the JSON API under /api and, with `staticDir`, the built UI. Nothing
 * here listens; `serve` does, and tests call `app.request()`. Order of the guards, outermost first:
 * security headers, Host check, one-time link, same-origin check for writes, token on /api,
 * body size limit, then the routes. Only `onError` turns errors into statuses.
 */
export function createApp(deps: ServerDeps): Hono {
  const access = createAccessControl(deps.token)
  const ctx: RouteContext = { deps, hardware: createHardwareSource(deps) }
  const app = new Hono()

  app.use('*', securityHeaders())
  app.use('*', hostGuard(deps.host))
  app.use('*', access.oneTimeLink)
  app.use('*', sameOriginGuard(access.hasBearer))
  app.use('/api/*', access.requireToken)
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new RequestRejectedError(413, `the request body is over ${MAX_BODY_BYTES / 1024} KiB`)
      },
    }),
  )

  for (const routes of [
    reportRoutes,
    historyRoutes,
    gpuRoutes,
    learnRoutes,
    profileRoutes,
    modelRoutes,
    benchRoutes,
    labRoutes,
    labVsphereRoutes,
  ])
    app.route('/api', routes(ctx))

  app.all('/api/*', (c) =>
    c.json({ error: `no such API route: ${c.req.method} ${c.req.path.slice(0, 100)}` }, 404),
  )

  if (deps.staticDir != null) {
    const root = deps.staticDir
    app.use('*', serveStatic({ root }))
    // Client-side routes (/models, /learn/x) are the SPA's: every other GET gets index.html.
    app.get('*', async (c) => {
      const html = await readFile(join(root, 'index.html'), 'utf8').catch(() => null)
      if (html == null)
        return c.text('The dashboard is not built: run `npm run build`, then serve again.', 404)
      return c.body(html, 200, { 'content-type': 'text/html; charset=utf-8' })
    })
  }

  app.notFound((c) => c.json({ error: 'not found' }, 404))
  app.onError((error, c) => {
    const answer = answerFor(error)
    if (answer.unexpected) deps.logError(error)
    return c.json({ error: answer.message }, answer.status)
  })
  return app
}
