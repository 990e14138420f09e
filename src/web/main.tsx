/** Entry: apply the saved theme before the first paint, then mount the app. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.js'
import { applyTheme, loadTheme } from './theme.js'
import './styles.css'

applyTheme(loadTheme())
const root = document.getElementById('root')
if (root == null) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
