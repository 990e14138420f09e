/**
 * The dashboard shell: skip link, header with the page navigation and the theme toggle, and the
 * current page, loaded on demand so the first screen downloads only what it shows.
 */
import { Suspense, useEffect, useRef, useState, type MouseEvent } from 'react'
import { lazyPage } from './lazy-page.js'
import { pageHref, useRoute, type Page, type Route } from './router.js'
import { loadTheme, nextTheme, saveTheme, type ThemeChoice } from './theme.js'

const Overview = lazyPage(() => import('./pages/overview.js').then((m) => m.OverviewPage))
const Models = lazyPage(() => import('./pages/models.js').then((m) => m.ModelsPage))
const Learn = lazyPage(() => import('./pages/learn.js').then((m) => m.LearnPage))
const Benchmarks = lazyPage(() => import('./pages/benchmarks.js').then((m) => m.BenchmarksPage))
const OverviewPage = Overview.Page
const ModelsPage = Models.Page
const LearnPage = Learn.Page
const Lab = lazyPage(() => import('./pages/lab.js').then((m) => m.LabPage))
const BenchmarksPage = Benchmarks.Page
const LabPage = Lab.Page

/** Starts loading a page's chunk; `main.tsx` awaits the first page's, so it renders at once. */
export function preloadPage(page: Page): Promise<void> {
  switch (page) {
    case 'overview':
      return Overview.preload()
    case 'models':
      return Models.preload()
    case 'learn':
      return Learn.preload()
    case 'benchmarks':
      return Benchmarks.preload()
    case 'lab':
      return Lab.preload()
  }
}

const NAV: readonly { page: Page; label: string }[] = [
  { page: 'overview', label: 'Overview' },
  { page: 'models', label: 'Models' },
  { page: 'benchmarks', label: 'Benchmarks' },
  { page: 'learn', label: 'Learn' },
  { page: 'lab', label: 'Lab' },
]

const THEME_TEXT: Readonly<Record<ThemeChoice, string>> = {
  system: 'Theme: system',
  light: 'Theme: light',
  dark: 'Theme: dark',
}

/** The whole app. */
export function App() {
  const route = useRoute()
  const mainRef = useRef<HTMLElement>(null)
  const first = useRef(true)
  // After a navigation, move focus to the new page so keyboard and screen-reader users land there.
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    mainRef.current?.focus()
    window.scrollTo(0, 0)
  }, [route])
  useEffect(() => {
    document.title = `${NAV.find((n) => n.page === route.page)?.label ?? 'Dashboard'} · homelab-ai`
  }, [route.page])

  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="site-header">
        <a className="brand" href={pageHref('overview')}>
          homelab-ai
        </a>
        <nav aria-label="Pages">
          <ul>
            {NAV.map((n) => (
              <li key={n.page}>
                <a
                  href={pageHref(n.page)}
                  aria-current={route.page === n.page ? 'page' : undefined}
                >
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <ThemeToggle />
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Suspense
          fallback={
            <p className="muted" role="status">
              Loading…
            </p>
          }
        >
          <PageFor route={route} />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p className="muted small">
          homelab-ai runs on this machine and sends nothing anywhere. The same data as{' '}
          <code>homelab-ai --json</code>.
        </p>
      </footer>
    </>
  )
}

// `#main` as an href would be read as a route, so the skip link moves focus itself.
function skipToMain(e: MouseEvent<HTMLAnchorElement>): void {
  e.preventDefault()
  document.getElementById('main')?.focus()
}

function PageFor({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <OverviewPage />
    case 'models':
      return <ModelsPage modelId={route.modelId} />
    case 'learn':
      return <LearnPage lessonId={route.lessonId} />
    case 'benchmarks':
      return <BenchmarksPage />
    case 'lab':
      return <LabPage />
  }
}

function ThemeToggle() {
  const [theme, setTheme] = useState<ThemeChoice>(loadTheme)
  return (
    <button
      type="button"
      className="theme-toggle"
      onClick={() => {
        const next = nextTheme(theme)
        saveTheme(next)
        setTheme(next)
      }}
      aria-label={`${THEME_TEXT[theme]}. Switch theme`}
    >
      {THEME_TEXT[theme]}
    </button>
  )
}
