/**
 * Hash routes (`#/models/llama-3.1-8b`), so every view has a URL that works on reload whatever
 * the static server does with unknown paths, and the browser's back button walks the views.
 */
import { useEffect, useState } from 'react'

/** The dashboard's pages: one per capability that exists (DESIGN.md's page column). */
export const PAGES = ['overview', 'models', 'learn', 'benchmarks', 'lab'] as const
export type Page = (typeof PAGES)[number]

/** Where the reader is. */
export type Route =
  | { readonly page: 'overview' }
  | { readonly page: 'learn'; readonly lessonId: string | null }
  | { readonly page: 'models'; readonly modelId: string | null }
  | { readonly page: 'benchmarks' }
  | { readonly page: 'lab' }

/** Whether a `page:x` link in a lesson names a page this dashboard has. */
export function isPage(name: string): name is Page {
  return (PAGES as readonly string[]).includes(name)
}

/** The hash for a page. */
export const pageHref = (page: Page): string => `#/${page}`
/** The hash for one lesson. */
export const lessonHref = (lessonId: string): string => `#/learn/${encodeURIComponent(lessonId)}`
/** The hash for one model's detail view. */
export const modelHref = (modelId: string): string => `#/models/${encodeURIComponent(modelId)}`

/** Reads a hash; anything unknown is the overview, the dashboard's home. */
export function parseRoute(hash: string): Route {
  const [page = '', id] = hash
    .replace(/^#\/?/, '')
    .split('/')
    .map((p) => safeDecode(p))
  const rest = id == null || id === '' ? null : id
  if (page === 'learn') return { page, lessonId: rest }
  if (page === 'models') return { page, modelId: rest }
  if (page === 'benchmarks') return { page }
  if (page === 'lab') return { page }
  return { page: 'overview' }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    // A hand-typed `%` that is not an escape: keep the text as typed.
    return part
  }
}

/** The current route, following `hashchange`. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
