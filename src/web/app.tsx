/**
 * The dashboard shell: skip link, header with the page navigation and the theme toggle, and the
 * current page, loaded on demand so the first screen downloads only what it shows.
 */
import { Suspense, lazy, useEffect, useRef, useState, type MouseEvent } from 'react'
import { pageHref, useRoute, type Page, type Route } from './router.js'
import { loadTheme, nextTheme, saveTheme, type ThemeChoice } from './theme.js'

const OverviewPage = lazy(() =>
  import('./pages/overview.js').then((m) => ({ default: m.OverviewPage })),
)
const ModelsPage = lazy(() => import('./pages/models.js').then((m) => ({ default: m.ModelsPage })))
const LearnPage = lazy(() => import('./pages/learn.js').then((m) => ({ default: m.LearnPage })))

const NAV: readonly { page: Page; label: string }[] = [
  { page: 'overview', label: 'Overview' },
  { page: 'models', label: 'Models' },
  { page: 'learn', label: 'Learn' },
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
