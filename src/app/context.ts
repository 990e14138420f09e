import type { CliIo } from '../cli/run-cli.js'
import type { HardwareProfile } from '../core/hardware.js'
import type { GpuCatalog } from '../core/gpu-catalog.js'
import type { HistoryStore } from '../adapters/store/history-store.js'
import type { LearningHub } from '../core/curriculum.js'

/** Options for one hardware probe of this machine. */
export interface ProbeOptions {
  /** Read /proc and /sys under this folder instead of `/` (fixture trees, offline copies). */
  readonly root?: string
  /** Timeout for each external tool (nvidia-smi, rocm-smi, ...). */
  readonly timeoutMs?: number
}

/**
 * The composition root: everything that touches the machine, handed to commands and the server.
 * Tests build their own Context with fakes; adapters are imported lazily so `--help` stays fast.
 */
export interface Context {
  readonly io: CliIo
  readonly env: Readonly<Record<string, string | undefined>>
  readonly now: () => Date
  readonly isTty: boolean
  /** Terminal width when stdout is a terminal. */
  readonly columns: number | undefined
  /** Asks the user one line on the terminal; null at end of input (Ctrl-D) or without a terminal. */
  ask(question: string): Promise<string | null>
  loadLearningHub(): Promise<LearningHub>
  probeHardware(opts?: ProbeOptions): Promise<HardwareProfile>
  /** Opens the local store: `dbPath`, else `HOMELAB_AI_DB`, else the platform's data folder. */
  openStore(dbPath?: string): Promise<HistoryStore>
  loadGpuCatalog(): Promise<GpuCatalog>
  /** Reads a saved `probe --json` document. */
  loadProfile(file: string): Promise<HardwareProfile>
}

/** The real context for the CLI process. */
export function createContext(): Context {
  const now = () => new Date()
  return {
    io: {
      stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
      stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    },
    env: process.env,
    now,
    isTty: process.stdout.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    async ask(question) {
      if (process.stdin.isTTY !== true) return null
      const { createInterface } = await import('node:readline/promises')
      const rl = createInterface({ input: process.stdin, output: process.stdout })
      try {
        // Ctrl-D closes the interface: the pending question then resolves to null.
        const closed = new Promise<null>((resolve) => rl.once('close', () => resolve(null)))
        return await Promise.race([rl.question(question), closed])
      } finally {
        rl.close()
      }
    },
    async loadLearningHub() {
      const { loadLearningHub } = await import('../adapters/content/load-learning-hub.js')
      return loadLearningHub()
    },
    async probeHardware(opts = {}) {
      const { probeHardware } = await import('../adapters/hardware/probe.js')
      return probeHardware({ ...opts, now })
    },
    async openStore(dbPath) {
      const [{ openHistoryStore }, { defaultDbPath }, os] = await Promise.all([
        import('../adapters/store/history-store.js'),
        import('../adapters/store/data-dir.js'),
        import('node:os'),
      ])
      const file =
        dbPath ??
        process.env.HOMELAB_AI_DB ??
        defaultDbPath({ platform: process.platform, env: process.env, homedir: os.homedir() })
      return openHistoryStore(file, { now })
    },
    async loadGpuCatalog() {
      const { loadGpuCatalog } = await import('../adapters/catalog/load-gpu-catalog.js')
      return loadGpuCatalog()
    },
    async loadProfile(file) {
      const { loadHardwareProfile } = await import('../adapters/hardware/load-profile.js')
      return loadHardwareProfile(file)
    },
  }
}
