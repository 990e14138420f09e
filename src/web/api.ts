/**
 * Typed fetch for the dashboard: routes, queries, bodies and responses come from the server's
 * contract (src/server/api-types.ts), so a changed route breaks the UI's typecheck, not the page.
 * The session cookie is set by the server when the page is opened with its token; same-origin
 * requests carry it.
 */
import type { ApiError, ApiRoutes } from '../server/api-types.js'

/** A route key such as `GET /api/fit/:modelId`. */
export type RouteKey = keyof ApiRoutes

type PathOf<K extends string> = K extends `${string} ${infer P}` ? P : never
type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { readonly [N in Name]: string } & ParamsOf<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { readonly [N in Name]: string }
    : unknown

/** What one call takes; `params` fills the `:name` parts of the path. */
export interface CallOptions<K extends RouteKey> {
  readonly params?: ParamsOf<PathOf<K>>
  readonly query?: ApiRoutes[K]['query']
  readonly body?: ApiRoutes[K]['body']
  readonly signal?: AbortSignal
}

/** A non-2xx answer, with the server's one-line message. */
export class ApiRequestError extends Error {
  readonly status: number
  constructor(message: string, status: number) {
    super(message)
    this.name = 'ApiRequestError'
    this.status = status
  }
}

/** Builds the URL of a call: path parameters escaped, empty query values left out. */
export function buildUrl(
  path: string,
  params: Readonly<Record<string, string>> = {},
  query: object = {},
): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name]
    if (value == null) throw new Error(`missing path parameter ${name} for ${path}`)
    return encodeURIComponent(value)
  })
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query))
    if (typeof value === 'string' && value !== '') search.set(key, value)
  const qs = search.toString()
  return qs === '' ? filled : `${filled}?${qs}`
}

/** Calls one API route and returns its typed JSON, or throws ApiRequestError. */
export async function callApi<K extends RouteKey>(
  route: K,
  options: CallOptions<K> = {},
): Promise<ApiRoutes[K]['response']> {
  const [method = 'GET', path = ''] = route.split(' ')
  const url = buildUrl(path, options.params as Record<string, string> | undefined, options.query)
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal: options.signal,
  }
  if (options.body != null) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' }
    init.body = JSON.stringify(options.body)
  }
  const res = await fetch(url, init)
  const text = await res.text()
  const json = parseJson(text)
  if (!res.ok) {
    const message =
      isApiError(json) && json.error !== ''
        ? json.error
        : `${method} ${path} failed with HTTP ${res.status}`
    throw new ApiRequestError(message, res.status)
  }
  if (json === undefined)
    throw new ApiRequestError(`${method} ${path} answered something that is not JSON`, res.status)
  return json as ApiRoutes[K]['response']
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    // Not JSON (a proxy's HTML error page): the caller reports it by status.
    return undefined
  }
}

function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value != null &&
    typeof (value as { error?: unknown }).error === 'string'
  )
}
