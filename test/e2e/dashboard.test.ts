/**
 * The dashboard end to end: the built UI (dist/web) served by `homelab-ai serve` on a random
 * loopback port, driven in Debian's headless Chromium. Each page must render without a console
 * error (a CSP violation is one), the what-if editor must change verdicts, and answering a
 * lesson's quiz must move the progress. Screenshots go to artifacts/screenshots/ for review.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBenchStore } from '../../src/adapters/store/bench-store.js'
import { openHistoryStore } from '../../src/adapters/store/history-store.js'
import { sampleBenchDocument, sampleLlmResult } from '../../src/core/test-bench.js'
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
  const db = join(tmp, 'state.db')
  seedBenchRuns(db)
  dashboard = await startDashboard(db)
  browser = await launchChromium()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await stopDashboard(dashboard)
  if (tmp !== '') await rm(tmp, { recursive: true, force: true })
})

/** Two saved benchmark runs, as `homelab-ai bench` would have left them in the store. */
function seedBenchRuns(db: string): void {
  // The history store creates the file and its schema; the bench store then writes to it.
  openHistoryStore(db).close()
  const bench = openBenchStore(db)
  try {
    const first = sampleBenchDocument({ runAt: '2026-11-01T09:00:00.000Z' })
    bench.saveBenchRun(first)
    bench.saveBenchRun(
      sampleBenchDocument({
        runAt: '2026-11-20T09:00:00.000Z',
        memory: { ...first.memory!, copyGBps: 24, readGBps: 17.5 },
        llm: sampleLlmResult({ promptTokensPerSec: 210, generationTokensPerSec: 27 }),
      }),
    )
  } finally {
    bench.close()
  }
}

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

  it('lists image, speech and embedding models with their verdicts and speeds, and opens one', async () => {
    const { page, errors, close } = await openPage(WIDTHS.desktop)
    try {
      await page.goto(url('#/models'))
      const images = page.locator('[data-testid="aux-table-image"] > li')
      await images.first().waitFor({ timeout: 30_000 })
      // Every catalog image, speech and embedding model has a row, sized or said to be unknown.
      const rows = await page.evaluate<{ kind: string; model: string; level: string }[]>(
        `[...document.querySelectorAll('[data-testid^="aux-table-"] > li')].map((r) => ({ kind: r.parentElement.dataset.testid.replace('aux-table-', ''), model: r.dataset.model, level: r.dataset.level }))`,
      )
      const ids = (kind: string) =>
        rows
          .filter((r) => r.kind === kind)
          .map((r) => r.model)
          .sort()
      expect(ids('image')).toEqual([
        'flux-1-dev',
        'flux-1-schnell',
        'sd-1.5',
        'sd-3.5-large',
        'sd-3.5-medium',
        'sdxl-base-1.0',
      ])
      expect(ids('speech').length).toBeGreaterThanOrEqual(6)
      expect(ids('embedding')).toEqual(['all-minilm-l6-v2', 'bge-m3', 'mxbai-embed-large-v1'])
      // The image models are sized from their files now: a verdict and a seconds-per-image figure.
      expect(rows.filter((r) => r.kind === 'image' && r.level === 'unknown')).toEqual([])
      const sd15 = page.locator('[data-testid="aux-table-image"] > li[data-model="sd-1.5"]')
      expect(await sd15.locator('.model-speed').textContent()).toMatch(/[\d.]+ s\/image/)
      expect(await sd15.locator('.model-memory').textContent()).toMatch(/[\d.]+ GiB of [\d.]+ GiB/)
      const whisper = page.locator('[data-testid="aux-table-speech"] > li').first()
      expect(await whisper.locator('.model-speed').textContent()).toMatch(/real time/)
      await page.locator('#aux-image-title').scrollIntoViewIfNeeded()
      await page.screenshot({ path: join(SHOTS, 'models-others-1280.png') })
      // The kind filter keeps one section, and the LLM-only settings are switched off.
      await page.locator('#f-kind').selectOption('image')
      await expect
        .poll(() => page.locator('[data-testid="model-table"]').count(), { timeout: 15_000 })
        .toBe(0)
      expect(await page.locator('#f-quant').isDisabled()).toBe(true)
      expect(await page.locator('[data-testid="aux-table-speech"]').count()).toBe(0)
      await sd15.locator('.model-name a').click()
      await page.locator('#fit-title').waitFor({ timeout: 30_000 })
      expect(await page.locator('#fit-title').textContent()).toBe('Stable Diffusion 1.5')
      expect(await page.locator('[data-testid="aux-files"] tbody tr').count()).toBeGreaterThan(0)
      expect(errors).toEqual([])
    } finally {
      await close()
    }
  }, 90_000)

  it('shows the benchmark history, the latest run, the catalog figures and a comparison', async () => {
    for (const size of Object.values(WIDTHS)) {
      const { page, errors, close } = await openPage(size)
      try {
        await page.goto(url('#/benchmarks'))
        await page
          .locator('[data-testid="charts-memory"] figure')
          .first()
          .waitFor({ timeout: 30_000 })
        await page.locator('[data-testid="latest-run"] dl').first().waitFor()
        await page.locator('[data-reference="ram-read"] [role="img"]').waitFor()
        await page.locator('[data-testid="bench-compare"]').waitFor()
        // One chart per figure the seeded runs have: 6 memory, 3 disk, 4 CPU, 3 LLM.
        expect(await page.locator('figure.chart').count()).toBe(16)
        const summary = await page.locator('figure.chart figcaption').first().textContent()
        expect(summary).toContain('Latest 24.0 GB/s (run #2), 1.20× the first run')
        expect(summary).toContain('best 24.0 GB/s, worst 20.0 GB/s; higher is better')
        const compare = await page.locator('[data-testid="bench-compare"]').textContent()
        expect(compare).toContain('1.20× better')
        await page.screenshot({ path: join(SHOTS, `benchmarks-${size.width}.png`), fullPage: true })
        // The data table behind a chart, for anyone who wants the numbers.
        // Located by place, not name: the name changes to "Hide the data table" once clicked.
        const toggle = page.locator('figure.chart').first().getByRole('button')
        expect(await toggle.textContent()).toBe('Show the data table')
        await toggle.click()
        expect(await toggle.getAttribute('aria-expanded')).toBe('true')
        await page.locator('figure.chart table').first().waitFor({ state: 'visible' })
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

describe('Lab page in Chromium', () => {
  for (const [widthName, size] of Object.entries(WIDTHS))
    it(`plans the chat stack and downloads its exports at ${widthName} width`, async () => {
      const { page, errors, close } = await openPage(size)
      try {
        await page.goto(url('#/lab'))
        await page.locator('#stack-chat').waitFor({ timeout: 30_000 })
        // No vCenter in the test's environment: the section says how to configure one.
        await page.locator('[data-testid="vcenter-not-configured"]').waitFor()
        await page.locator('#stack-chat').check()
        await page.getByLabel('VM name').fill('ai-chat-e2e')
        await page.getByRole('button', { name: 'Plan the VM' }).click()
        await page.locator('#lab-plan-title').waitFor({ timeout: 30_000 })
        expect(await page.locator('#lab-plan-title').textContent()).toBe('Plan: ai-chat-e2e')
        const reasons = await page.locator('table.lab-reasons tbody').textContent()
        expect(reasons).toContain('memoryMiB')
        expect(reasons).toContain('secureBoot')
        // Warnings come first and stand out: without a key the guest user cannot log in. They
        // name the form's field, not the CLI flag.
        const warnings = await page.locator('.lab-warnings').textContent()
        expect(warnings).toContain('No SSH public key')
        expect(warnings).not.toContain('--ssh-key')
        expect(await page.locator('pre.user-data').textContent()).toMatch(/^#cloud-config/)
        const [file] = await Promise.all([
          page.waitForEvent('download'),
          page.locator('button[data-file="govc.sh"]').click(),
        ])
        expect(file.suggestedFilename()).toBe('govc.sh')
        const [zip] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Download all (.zip)' }).click(),
        ])
        expect(zip.suggestedFilename()).toBe('ai-chat-e2e.zip')
        const bytes = await readFile(await zip.path())
        expect(bytes.subarray(0, 4).toString('hex')).toBe('504b0304')
        await page.screenshot({ path: join(SHOTS, `lab-${size.width}.png`), fullPage: true })
        expect(errors).toEqual([])
      } finally {
        await close()
      }
    }, 90_000)
})
