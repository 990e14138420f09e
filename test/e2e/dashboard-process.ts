/**
 * Shared by the dashboard E2E test and `npm run bench:web`: start the built CLI's `serve` on a
 * random loopback port, and Debian's Chromium headless with nothing that reaches the network.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium, installed by scripts/ensure-system-deps.sh test. */
export const CHROMIUM = '/usr/bin/chromium'
/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(ROOT, 'dist/cli/bin.js')

/** A running `homelab-ai serve`. */
export interface Dashboard {
  /** `http://127.0.0.1:PORT/` as printed. */
  readonly url: string
  readonly child: ChildProcess
}

/** Throws a one-line error naming the fix when Chromium or the build is missing. */
export function checkPrerequisites(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the dashboard tests need Debian's Chromium; run scripts/ensure-system-deps.sh test (npm test does) or apt-get install chromium`,
    )
  if (!existsSync(join(ROOT, 'dist/web/index.html')) || !existsSync(BIN))
    throw new Error('dist/ is not built: run npm run build first (npm test does)')
}

/** Starts `homelab-ai serve --port 0 --db DB` and waits for the URL it prints. */
export async function startDashboard(db: string, timeoutMs = 30_000): Promise<Dashboard> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db], {
    cwd: ROOT,
    // No token: on loopback the server needs none, and a token from the caller's shell would
    // make every API call of the test answer 401.
    env: { ...process.env, NO_COLOR: '1', HOMELAB_AI_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM')
      reject(new Error(`homelab-ai serve printed no URL in ${timeoutMs} ms:\n${out}`))
    }, timeoutMs)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)
      if (match != null) {
        clearTimeout(timer)
        resolve(match[0])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`homelab-ai serve exited with ${code} before printing a URL:\n${out}`))
    })
  })
  return { url, child }
}

/** Stops the server and waits until the process is gone. */
export async function stopDashboard(d: Dashboard | null): Promise<void> {
  if (d == null || d.child.exitCode != null || d.child.signalCode != null) return
  const exited = new Promise((resolve) => d.child.once('exit', resolve))
  d.child.kill('SIGTERM')
  await exited
}

/** Headless Chromium with background networking, updates and sync off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}
