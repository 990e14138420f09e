/**
 * Builds test/vcsim/main.go once (against Debian's govmomi 0.24.2 source) into
 * node_modules/.cache/homelab-ai/vcsim/<hash of main.go>/, and starts it on a random loopback
 * port. Used by the vSphere tests and by scripts/bench-vsphere.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..', '..')
const GOPATH = '/usr/share/gocode'
const GOVMOMI = join(GOPATH, 'src/github.com/vmware/govmomi')

/** A running simulator. */
export interface Vcsim {
  /** `http://127.0.0.1:PORT/sdk` (https with -tls). */
  readonly url: string
  /** SHA-256 of the TLS certificate (with -tls), `AA:BB:...`. */
  readonly thumbprint: string | null
  readonly process: ChildProcess
  /** Stops it and waits for the exit. */
  stop(): Promise<void>
}

/** Building takes about a minute on a cold Go cache: give hooks this long. */
export const VCSIM_BUILD_TIMEOUT_MS = 600_000

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed:\n${stderr}`)),
    )
  })
}

/** Builds the simulator if this main.go has not been built yet; returns the binary path. */
export async function buildVcsim(): Promise<string> {
  if (!existsSync(GOVMOMI)) {
    throw new Error(
      `govmomi source not found at ${GOVMOMI}: run scripts/ensure-system-deps.sh test (golang-go, golang-github-vmware-govmomi-dev)`,
    )
  }
  const source = await readFile(join(HERE, 'main.go'))
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16)
  const dir = join(ROOT, 'node_modules/.cache/homelab-ai/vcsim', hash)
  const binary = join(dir, 'vcsim-homelab')
  if (existsSync(binary)) return binary
  await mkdir(dir, { recursive: true })
  const lock = join(dir, 'build.lock')
  // Several test files start at once: one builds, the others wait for the binary.
  for (;;) {
    try {
      await mkdir(lock)
      break
    } catch {
      if (existsSync(binary)) return binary
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs
      if (age > VCSIM_BUILD_TIMEOUT_MS) await rm(lock, { recursive: true, force: true })
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  try {
    if (existsSync(binary)) return binary
    const tmp = `${binary}.${process.pid}.tmp`
    await run('go', ['build', '-o', tmp, './test/vcsim'], {
      ...process.env,
      GO111MODULE: 'off',
      GOPATH,
    })
    await rename(tmp, binary)
    return binary
  } finally {
    await rm(lock, { recursive: true, force: true })
  }
}

/** Starts a simulator with `args` (see main.go flags) and waits for its URL. */
export async function startVcsim(args: readonly string[] = []): Promise<Vcsim> {
  const binary = await buildVcsim()
  const child = spawn(binary, [...args], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout })
    lines.once('line', resolve)
    child.once('exit', (code) => reject(new Error(`vcsim exited (${code}): ${stderr}`)))
    child.once('error', reject)
  })
  const info = JSON.parse(first) as { url: string; thumbprint?: string }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    url: info.url,
    thumbprint: info.thumbprint ?? null,
    process: child,
    async stop() {
      if (child.exitCode == null && child.signalCode == null) child.kill('SIGTERM')
      await exited
    },
  }
}
