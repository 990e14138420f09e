/**
 * The first request each page makes, started by `main.tsx` before React renders, so the server
 * works on it while the page's chunk downloads. The query must be exactly what the page asks on
 * its first render (no what-if, no filters): `callApi` then takes the answer instead of asking
 * again. A route not listed here simply loads its data when it renders.
 */
import { prefetchApi } from './api.js'
import type { Route } from './router.js'

/** Starts the route's first data request; other pages (and later pages) load as they render. */
export function prefetchRouteData(route: Route): void {
  if (route.page === 'overview') prefetchApi('GET /api/report')
  else if (route.page === 'models')
    if (route.modelId == null) prefetchApi('GET /api/models')
    else prefetchApi('GET /api/fit/:modelId', { params: { modelId: route.modelId } })
  else if (route.page === 'learn' && route.lessonId == null) prefetchApi('GET /api/learn')
  else if (route.page === 'benchmarks') prefetchApi('GET /api/bench/runs')
}
