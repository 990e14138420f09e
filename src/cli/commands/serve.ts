import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { defineCommand } from 'citty'
import type { Context } from '../../app/context.js'
import type { HistoryStore } from '../../adapters/store/history-store.js'
import type { ProfileStore } from '../../adapters/store/profile-store.js'
import type { ServerBenchStore } from '../../server/server-deps.js'
import { calibrationFromRuns } from '../../core/bench-calibration.js'
import type { LearningHub } from '../../core/curriculum.js'
import { UsageError } from '../../core/errors.js'
import type { Calibration, FitData } from '../../core/fit-request.js'
import type { GpuCatalog } from '../../core/gpu-catalog.js'
import type { HardwareProfile } from '../../core/hardware.js'
import type { ModelCatalog } from '../../core/model-catalog.js'
import type { StackCatalog } from '../../core/stack-catalog.js'
import { findPackageRoot } from '../../adapters/catalog/load-model-catalog.js'
import { dbArg } from '../args.js'

/** What `serve` needs from the outside world; `serveContextFrom(ctx)` builds the real one. */
export interface ServeContext {
  readonly io: { stdout(text: string): void; stderr(text: string): void }
  readonly env: Readonly<Record<string, string | undefined>>
  readonly now: () => Date
  probeHardware(): Promise<HardwareProfile>
  openStore(dbPath?: string): Promise<HistoryStore>
  /** Opens the saved what-if profiles in the store file the history store opened. */
  openProfileStore(file: string): Promise<ProfileStore>
  /** Opens the saved benchmark runs in the store file the history store opened. */
  openBenchStore(file: string): Promise<ServerBenchStore & { close(): void }>
  loadGpuCatalog(): Promise<GpuCatalog>
  loadModelCatalog(): Promise<ModelCatalog>
  loadFitData(): Promise<FitData>
  loadLearningHub(): Promise<LearningHub>
  /** The lab stacks (catalog/stacks.json), for the Lab page. */
  loadStackCatalog(): Promise<StackCatalog>
  /** This machine's latest benchmark as a calibration; absent: datasheet figures only. */
  loadCalibration?(dbPath?: string): Promise<Calibration | null>
  /** Opens a URL in the default browser; a note when it could not (never throws). */
  openBrowser(url: string): Promise<string | null>
  /** Resolves when the user asks to stop (Ctrl-C). */
  waitForStop(): Promise<void>
  /** The built UI (dist/web), or null when it is not built. */
  readonly webDir: string | null
  /** A fresh random token for a non-loopback address. */
  readonly generateToken: () => string
}

/** Default port: unlikely to clash with the usual dev servers (3000, 5173, 8080). */
export const DEFAULT_PORT = 8686
/** Shorter tokens can be guessed; the generated one has 43 characters. */
const MIN_TOKEN_LENGTH = 16

/** Parses `--port`: a whole number from 0 (any free port) to 65535. */
export function parsePort(value: string | undefined): number {
  if (value == null) return DEFAULT_PORT
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value) : Number.NaN
  if (!Number.isInteger(port) || port > 65535)
    throw new UsageError(`--port must be a whole number from 0 to 65535, got "${value}"`)
  return port
}

/**
 * The token to use. Rules:
 * - `--token`, else `HOMELAB_AI_TOKEN`: at least 16 URL-safe characters (letters, digits, `-._~`);
 * - none given on a loopback address: no token (only this machine can connect);
 * - none given on any other address: a generated one, so the server never listens unguarded.
 */
export function resolveToken(
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  loopback: boolean,
  generate: () => string,
): { token: string | null; generated: boolean } {
  const fromEnv = env.HOMELAB_AI_TOKEN?.trim()
  const token = given ?? (fromEnv === '' ? undefined : fromEnv)
  if (token != null) {
    const where = given != null ? '--token' : 'HOMELAB_AI_TOKEN'
    if (token.length < MIN_TOKEN_LENGTH || !/^[A-Za-z0-9._~-]+$/.test(token))
      throw new UsageError(
        `${where} must be at least ${MIN_TOKEN_LENGTH} characters of letters, digits and -._~`,
      )
    return { token, generated: false }
  }
  return loopback ? { token: null, generated: false } : { token: generate(), generated: true }
}

/** `homelab-ai serve`: the web dashboard and its API, until Ctrl-C. */
export const serveCommand = (ctx: ServeContext) =>
  defineCommand({
    meta: {
      name: 'serve',
      description: 'Open the web dashboard: the report, models, history and lessons in a browser',
    },
    args: {
      port: {
        type: 'string',
        description: `Port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`,
        valueHint: 'N',
      },
      host: {
        type: 'string',
        description: 'Address to listen on (default 127.0.0.1; any other needs a token)',
        valueHint: 'ADDR',
      },
      open: { type: 'boolean', description: 'Open the dashboard in the default browser' },
      token: {
        type: 'string',
        description: 'Access token (default: HOMELAB_AI_TOKEN; generated off loopback)',
        valueHint: 'T',
      },
      ...dbArg,
    },
    async run({ args }) {
      const port = parsePort(args.port)
      const host = args.host?.trim() ?? '127.0.0.1'
      if (host === '') throw new UsageError('--host needs an address, like 127.0.0.1 or 0.0.0.0')
      const { isLoopbackHost, serve } = await import('../../server/serve.js')
      const { vsphereFromEnv } = await import('../../server/vsphere-access.js')
      // The server process reads the vCenter credentials; the page never receives them.
      const vcenter = vsphereFromEnv(ctx.env)
      const { token, generated } = resolveToken(
        args.token,
        ctx.env,
        isLoopbackHost(host),
        ctx.generateToken,
      )
      const history = await ctx.openStore(args.db)
      const calibrate = ctx.loadCalibration?.bind(ctx)
      let profiles: ProfileStore | null = null
      let bench: (ServerBenchStore & { close(): void }) | null = null
      try {
        profiles = await ctx.openProfileStore(history.file)
        bench = await ctx.openBenchStore(history.file)
        const runs = bench
        const server = await serve({
          port,
          host,
          token,
          staticDir: ctx.webDir,
          deps: {
            now: ctx.now,
            probeHardware: () => ctx.probeHardware(),
            history,
            profiles,
            bench,
            loadGpuCatalog: () => ctx.loadGpuCatalog(),
            loadModelCatalog: () => ctx.loadModelCatalog(),
            loadFitData: () => ctx.loadFitData(),
            loadLearningHub: () => ctx.loadLearningHub(),
            loadStackCatalog: () => ctx.loadStackCatalog(),
            vsphere: vcenter.access,
            // Measured beats estimated, as in `models`: the newest runs, read per request.
            loadCalibration:
              calibrate == null
                ? () => Promise.resolve(calibrationFromRuns(latestDocuments(runs)))
                : () => calibrate(args.db),
            logError: (error) =>
              ctx.io.stderr(
                `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
              ),
          },
        })
        const lines = [`homelab-ai dashboard: ${server.url}`]
        if (server.loginUrl != null) {
          lines.push(
            `Sign in once with this link (it works one time): ${server.loginUrl}`,
            `Scripts can send: Authorization: Bearer ${token ?? ''}`,
          )
          if (generated)
            lines.push('The token was generated for this run; set --token to keep one.')
        }
        if (['0.0.0.0', '::', '[::]'].includes(host))
          lines.push(
            `Listening on every address: from another machine, use this machine's name or address with port ${server.port}.`,
          )
        if (vcenter.access != null)
          lines.push(`vCenter for the Lab page: ${vcenter.access.url} (from GOVC_URL)`)
        if (vcenter.note != null) lines.push(`Note: ${vcenter.note}.`)
        if (ctx.webDir == null)
          lines.push('The web UI is not built (run `npm run build`); serving the API only.')
        lines.push('Press Ctrl-C to stop.')
        ctx.io.stdout(lines.join('\n'))
        if (args.open === true) {
          const note = await ctx.openBrowser(server.loginUrl ?? server.url)
          if (note != null) ctx.io.stderr(`note: ${note}`)
        }
        await ctx.waitForStop()
        await server.close()
        ctx.io.stdout('Dashboard stopped.')
        return { url: server.url, port: server.port }
      } finally {
        bench?.close()
        profiles?.close()
        history.close()
      }
    },
  })

/** The real ServeContext on top of the CLI's Context: adapters are imported when serve runs. */
export function serveContextFrom(ctx: Context): ServeContext {
  return {
    io: ctx.io,
    env: ctx.env,
    now: ctx.now,
    probeHardware: () => ctx.probeHardware(),
    openStore: (db) => ctx.openStore(db),
    async openProfileStore(file) {
      const { openProfileStore } = await import('../../adapters/store/profile-store.js')
      return openProfileStore(file, { now: ctx.now })
    },
    async openBenchStore(file) {
      const { openBenchStore } = await import('../../adapters/store/bench-store.js')
      return openBenchStore(file, { now: ctx.now })
    },
    loadGpuCatalog: () => ctx.loadGpuCatalog(),
    async loadModelCatalog() {
      const { loadModelCatalog } = await import('../../adapters/catalog/load-model-catalog.js')
      return loadModelCatalog()
    },
    async loadFitData() {
      const { loadFitData } = await import('../../adapters/catalog/load-fit-data.js')
      return loadFitData({ gpus: () => ctx.loadGpuCatalog() })
    },
    loadLearningHub: () => ctx.loadLearningHub(),
    async loadStackCatalog() {
      const { loadStackCatalog } = await import('../../adapters/lab/load-stack-catalog.js')
      return loadStackCatalog()
    },
    async openBrowser(url) {
      const { openBrowser } = await import('../../adapters/system/open-browser.js')
      return openBrowser(url)
    },
    waitForStop: () =>
      new Promise((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          resolve()
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      }),
    webDir: builtWebDir(),
    generateToken: () => randomToken(),
  }
}

/** How many runs calibration looks back over (as `latestCalibration` does). */
const CALIBRATION_LOOKBACK = 50

function latestDocuments(runs: ServerBenchStore) {
  return runs.latestBenchRuns(CALIBRATION_LOOKBACK).map((run) => run.document)
}

// dist/web is built by `vite build`; running from source (tsx) serves the same folder.
function builtWebDir(): string | null {
  const dir = join(findPackageRoot(), 'dist', 'web')
  return existsSync(join(dir, 'index.html')) ? dir : null
}

/** 32 random bytes, URL-safe: the same form as the server's session ids. */
function randomToken(): string {
  return randomBytes(32).toString('base64url')
}
