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

/** A GET started before its page asked for it, and when (ms on the page's clock). */
interface Prefetch {
  readonly startedMs: number
  readonly answer: Promise<unknown>
}

const prefetched = new Map<string, Prefetch>()
/** An unused prefetch older than this is dropped: the page would want fresh data by then. */
const PREFETCH_MAX_AGE_MS = 10_000

/**
 * Starts a GET now, before the page that needs it has loaded, so the request runs while its
 * chunk downloads. The first `callApi` for the same route and query takes the answer (once).
 */
export function prefetchApi<K extends RouteKey>(
  route: K,
  options: Omit<CallOptions<K>, 'body' | 'signal'> = {},
): void {
  const [method = 'GET', path = ''] = route.split(' ')
  if (method !== 'GET') return
  const url = buildUrl(path, options.params as Record<string, string> | undefined, options.query)
  const answer = request(method, path, url, {})
  // Nobody may take it; its failure is reported to the caller that does, not as unhandled.
  answer.catch(() => undefined)
  prefetched.set(url, { startedMs: performance.now(), answer })
}

function takePrefetch(url: string): Promise<unknown> | null {
  const hit = prefetched.get(url)
  if (hit == null) return null
  prefetched.delete(url)
  return performance.now() - hit.startedMs <= PREFETCH_MAX_AGE_MS ? hit.answer : null
}

/** Calls one API route and returns its typed JSON, or throws ApiRequestError. */
export async function callApi<K extends RouteKey>(
  route: K,
  options: CallOptions<K> = {},
): Promise<ApiRoutes[K]['response']> {
  const [method = 'GET', path = ''] = route.split(' ')
  const url = buildUrl(path, options.params as Record<string, string> | undefined, options.query)
  const early = method === 'GET' ? takePrefetch(url) : null
  if (early != null) return (await abortable(early, options.signal)) as ApiRoutes[K]['response']
  return (await request(method, path, url, options)) as ApiRoutes[K]['response']
}

// The prefetched request is shared, so an abort only stops waiting for it.
function abortable<T>(answer: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal == null) return answer
  if (signal.aborted) return Promise.reject(abortError())
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError())
    signal.addEventListener('abort', onAbort, { once: true })
    answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

function abortError(): Error {
  return new DOMException('The request was aborted', 'AbortError')
}

async function request(
  method: string,
  path: string,
  url: string,
  options: { readonly body?: unknown; readonly signal?: AbortSignal },
): Promise<unknown> {
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
  return json
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

/** A file the server sent (`Content-Disposition: attachment`), with the name it suggested. */
export interface DownloadedFile {
  readonly blob: Blob
  readonly fileName: string
}

/**
 * POSTs a JSON body to a route that answers with a file (the lab zip) and returns its bytes,
 * or throws ApiRequestError with the server's one-line message (errors are still JSON).
 */
export async function downloadApi<K extends RouteKey>(
  route: K,
  body: ApiRoutes[K]['body'],
  fallbackName: string,
): Promise<DownloadedFile> {
  const [method = 'POST', path = ''] = route.split(' ')
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/zip, application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) {
    const json = parseJson(await res.text())
    throw new ApiRequestError(
      isApiError(json) && json.error !== ''
        ? json.error
        : `${method} ${path} failed with HTTP ${res.status}`,
      res.status,
    )
  }
  const disposition = res.headers.get('content-disposition') ?? ''
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName
  return { blob: await res.blob(), fileName }
}
