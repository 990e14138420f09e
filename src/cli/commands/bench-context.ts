import { mkdirSync } from 'node:fs'
import os from 'node:os'
import type { Context } from '../../app/context.js'
import type { BenchContext } from './bench.js'

/** The real BenchContext from the app Context: what main.ts passes to `benchCommand`. */
export function benchContextFrom(ctx: Context): BenchContext {
  return {
    io: ctx.io,
    // The bar goes to stderr, so stderr decides; --json on stdout stays clean either way.
    isTty: process.stderr.isTTY === true,
    columns: process.stderr.isTTY ? process.stderr.columns : undefined,
    now: ctx.now,
    probeHardware: () => ctx.probeHardware(),
    async openStore(dbPath) {
      // The history store checks and migrates the file; the bench store then shares it.
      const history = await ctx.openStore(dbPath)
      const { openBenchStore } = await import('../../adapters/store/bench-store.js')
      let bench: ReturnType<typeof openBenchStore>
      try {
        bench = openBenchStore(history.file, { now: ctx.now })
      } catch (error) {
        history.close()
        throw error
      }
      return {
        // Two `:memory:` connections are two databases: a run there cannot point at the snapshot.
        saveSnapshot: (profile) =>
          history.file === ':memory:' ? { id: null } : history.saveSnapshot(profile),
        saveBenchRun: (doc) => bench.saveBenchRun(doc),
        listBenchRuns: (opts) => bench.listBenchRuns(opts),
        getBenchRun: (id) => bench.getBenchRun(id),
        close() {
          bench.close()
          history.close()
        },
      }
    },
    runCommand: (file, args, options) =>
      import('../../adapters/system/run-command.js').then((m) => m.runCommand(file, args, options)),
    async defaultDiskPath() {
      const { defaultDataDir } = await import('../../adapters/store/data-dir.js')
      const dir = defaultDataDir({
        platform: process.platform,
        env: ctx.env,
        homedir: os.homedir(),
      })
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      return dir
    },
  }
}
