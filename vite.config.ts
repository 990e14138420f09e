import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/**
 * The dashboard SPA: built into dist/web, which `homelab-ai serve` serves with a strict CSP
 * (script-src 'self'; style-src 'self'), so the build must emit no inline scripts or styles.
 */
export default defineConfig({
  root: 'src/web',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // The CSP forbids inline scripts; a data: URL module would break under it too.
    assetsInlineLimit: 0,
    // Modern browsers only: the dashboard runs on the admin's own machine.
    target: 'es2022',
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev:web` talks to a running `homelab-ai serve` for the API.
    proxy: { '/api': 'http://127.0.0.1:8686' },
  },
})
