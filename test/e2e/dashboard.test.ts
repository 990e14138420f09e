/**
 * The dashboard end to end: the built UI (dist/web) served by `homelab-ai serve` on a random
 * loopback port, driven in Debian's headless Chromium. Each page must render without a console
 * error (a CSP violation is one), the what-if editor must change verdicts, and answering a
 * lesson's quiz must move the progress. Screenshots go to artifacts/screenshots/ for review.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ROOT,
  checkPrerequisites,
  launchChromium,
  startDashboard,
  stopDashboard,
  type Dashboard,
} from './dashboard-process.js'

const SHOTS = join(ROOT, 'artifacts/screenshots')
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } }

let dashboard: Dashboard | null = null
let browser: Browser | null = null
let tmp = ''

beforeAll(async () => {
  checkPrerequisites()
  tmp = await mkdtemp(join(tmpdir(), 'homelab-ai-e2e-'))
  await mkdir(SHOTS, { recursive: true })
  dashboard = await startDashboard(join(tmp, 'state.db'))
  browser = await launchChromium()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await stopDashboard(dashboard)
  if (tmp !== '') await rm(tmp, { recursive: true, force: true })
})

/** A page at one width that records every console error and uncaught exception. */
async function openPage(size: { width: number; height: number }) {
  const context: BrowserContext = await browser!.newContext({ viewport: size })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text())
  })
  page.on('pageerror', (err) => errors.push(err.message))
  return { page, errors, close: () => context.close() }
}

function url(hash: string): string {
  return `${dashboard!.url.replace(/\?.*$/, '')}${hash}`
}

/** Model ids with their verdicts, in the order shown. */
async function verdicts(page: Page): Promise<string[]> {
  // Run in the page as a string: this file is type-checked without the DOM library.
  return page.evaluate<string[]>(
    `[...document.querySelectorAll('[data-testid="model-table"] > li')].map((r) => r.dataset.model + '=' + r.dataset.level)`,
  )
}

describe('dashboard in Chromium', () => {
  const views = [
    { name: 'overview', hash: '#/overview', ready: '#readiness-title' },
    { name: 'models', hash: '#/models', ready: '[data-testid="model-table"] > li' },
    { name: 'learn', hash: '#/learn', ready: '[data-testid="overall-progress"]' },
  ] as const

  for (const [widthName, size] of Object.entries(WIDTHS))
    for (const view of views)
      it(`renders ${view.name} at ${widthName} width without console errors`, async () => {
        const { page, errors, close } = await openPage(size)
        try {
          await page.goto(url(view.hash))
          await page.locator(view.ready).first().waitFor({ timeout: 30_000 })
          await page.locator('h1').first().waitFor({ state: 'visible' })
          await page.screenshot({ path: join(SHOTS, `${view.name}-${size.width}.png`) })
          expect(errors).toEqual([])
        } finally {
          await close()
        }
      }, 60_000)

  it('opens a model and a lesson at both widths', async () => {
    for (const size of Object.values(WIDTHS)) {
      const { page, errors, close } = await openPage(size)
      try {
        await page.goto(url('#/models'))
        const first = page.locator('[data-testid="model-table"] .model-name a').first()
        await first.click()
        await page.locator('#fit-title').waitFor({ timeout: 30_000 })
        await page.screenshot({ path: join(SHOTS, `model-detail-${size.width}.png`) })
        await page.goto(url('#/learn'))
        await page.locator('.lesson-list a').first().click()
        await page.locator('#lesson-title').waitFor()
        await page.screenshot({ path: join(SHOTS, `lesson-${size.width}.png`) })
        expect(errors).toEqual([])
      } finally {
        await close()
      }
    }
  }, 90_000)

  it('recomputes the verdicts when the what-if editor adds a big GPU', async () => {
    const { page, errors, close } = await openPage(WIDTHS.desktop)
    try {
      await page.goto(url('#/models'))
      await page.locator('[data-testid="model-table"] > li').first().waitFor({ timeout: 30_000 })
      const before = await verdicts(page)
      await page.getByRole('button', { name: 'Add a GPU' }).click()
      // The GPU with the most VRAM changes verdicts on any machine this test runs on.
      const options = await page.evaluate<{ value: string; text: string }[]>(
        `[...document.querySelectorAll('#whatif-gpu-0 option')].map((o) => ({ value: o.value, text: o.textContent }))`,
      )
      const vramGiB = (text: string) => Number(/\((\d+(?:\.\d+)?) GiB\)/.exec(text)?.[1] ?? 0)
      const biggest = options.reduce((a, b) => (vramGiB(b.text) > vramGiB(a.text) ? b : a))
      await page.locator('#whatif-gpu-0').selectOption(biggest.value)
      await page.locator('#whatif-count-0').fill('2')
      await page.locator('#whatif-ram').fill('256')
      await expect
        .poll(async () => page.locator('[data-testid="hardware-line"]').textContent(), {
          timeout: 15_000,
        })
        .toContain(biggest.value)
      await expect.poll(() => verdicts(page), { timeout: 15_000 }).not.toEqual(before)
      await page.screenshot({ path: join(SHOTS, 'models-what-if-1280.png') })
      await page.getByRole('button', { name: 'Back to this machine' }).click()
      await expect.poll(() => verdicts(page), { timeout: 15_000 }).toEqual(before)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  }, 60_000)

  it('records a finished quiz and moves the progress', async () => {
    const { page, errors, close } = await openPage(WIDTHS.desktop)
    try {
      await page.goto(url('#/learn'))
      const progress = page.locator('[data-testid="overall-progress"]')
      const before = await progress.textContent()
      const doneBefore = Number(/^(\d+)/.exec(before ?? '')?.[1])
      // The first lesson not yet done.
      await page.locator('.lesson-list li:not(.done) a').first().click()
      await page.locator('#quiz-title').waitFor()
      const questions = page.locator('fieldset.question')
      const n = await questions.count()
      expect(n).toBeGreaterThan(0)
      for (let i = 0; i < n; i++) {
        await questions.nth(i).locator('input[type="radio"]').first().check()
        // Instant feedback: right or not, with the explanation.
        await questions.nth(i).locator('.feedback').waitFor({ state: 'visible' })
      }
      await page.locator('.quiz-result').getByText('lesson marked done').waitFor()
      await page.screenshot({ path: join(SHOTS, 'lesson-quiz-1280.png') })
      await page.goto(url('#/learn'))
      await expect
        .poll(() => progress.textContent(), { timeout: 15_000 })
        .toMatch(new RegExp(`^${doneBefore + 1} of \\d+ lessons done`))
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  }, 60_000)

  it('searches lessons and keeps the chosen theme over a reload', async () => {
    const { page, errors, close } = await openPage(WIDTHS.desktop)
    try {
      await page.goto(url('#/learn'))
      await page.getByLabel('Words to look for').fill('vram')
      await page.locator('.search-results li').first().waitFor({ timeout: 15_000 })
      const toggle = page.locator('.theme-toggle')
      await toggle.click()
      await toggle.click()
      const theme = () => page.locator('html').getAttribute('data-theme')
      expect(await theme()).toBe('dark')
      await page.reload()
      await page.locator('[data-testid="overall-progress"]').waitFor()
      expect(await theme()).toBe('dark')
      await page.locator('[data-testid="overall-progress"]').waitFor()
      await page.screenshot({ path: join(SHOTS, 'learn-dark-1280.png') })
      // Keyboard: the first Tab lands on the skip link.
      await page.keyboard.press('Tab')
      expect(await page.evaluate('document.activeElement.className')).toBe('skip-link')
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  }, 60_000)
})
