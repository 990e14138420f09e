/**
 * Entry: apply the saved theme, start the first page's data request and chunk together, then
 * mount the app once the chunk is here (a few ms on localhost), so the first page renders without
 * a Suspense fallback and its effects run at once.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App, preloadPage } from './app.js'
import { prefetchRouteData } from './route-data.js'
import { parseRoute } from './router.js'
import { applyTheme, loadTheme } from './theme.js'
import './styles.css'

applyTheme(loadTheme())
const route = parseRoute(window.location.hash)
prefetchRouteData(route)
// A chunk that fails to load fails the page when it renders, as React.lazy would.
await preloadPage(route.page).catch(() => undefined)
const root = document.getElementById('root')
if (root == null) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
