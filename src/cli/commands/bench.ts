import { defineCommand, type ArgsDef, type CommandDef } from 'citty'
import type { BenchLevelParams } from '../../core/bench-levels.js'
import { compareBenchRuns } from '../../core/bench-compare.js'
import type { BenchDocument, BenchLevel, BenchSection } from '../../core/bench-types.js'
import { BENCH_SECTIONS } from '../../core/bench-types.js'
import { UsageError } from '../../core/errors.js'
import type { HardwareProfile } from '../../core/hardware.js'
import type { SignalSource } from '../../adapters/bench/disk-bench.js'
import type { ModelRequest } from '../../adapters/bench/run-benchmarks.js'
import type { BenchRunRecord, BenchRunSummary } from '../../adapters/store/bench-store.js'
import type { RunCommand } from '../../adapters/system/run-command.js'
import type { TinyModelOptions } from '../../adapters/gguf/tiny-model.js'
import { dbArg } from '../args.js'

/** What `bench` needs from the store: the snapshot the run is tied to, and the runs. */
export interface BenchStoreAccess {
  /** The saved snapshot's id; null when the store cannot link runs to it (`--db :memory:`). */
  saveSnapshot(profile: HardwareProfile): { readonly id: number | null }
  saveBenchRun(document: BenchDocument): BenchRunRecord
  listBenchRuns(opts?: { limit?: number }): BenchRunSummary[]
  getBenchRun(id: number): BenchRunRecord | null
  close(): void
}

/** What `bench` needs from the outside world; tests pass fakes and small sizes. */
export interface BenchContext {
  readonly io: { stdout(text: string): void; stderr(text: string): void }
  /** Whether stderr is a terminal (the progress bar redraws one line there). */
  readonly isTty: boolean
  readonly columns?: number
  now(): Date
  /** Probes this machine: the run is saved against this snapshot, and it gives the core count. */
  probeHardware(): Promise<HardwareProfile>
  openStore(dbPath?: string): Promise<BenchStoreAccess>
  readonly runCommand: RunCommand
  /** The disk test's folder when neither --path nor a model file says otherwise (created if missing). */
  defaultDiskPath(): Promise<string>
  /** Ctrl-C; defaults to `process`. */
  readonly sigint?: SignalSource
  /** Replaces the level sizes (tests). */
  readonly levels?: Partial<Record<BenchLevel, BenchLevelParams>>
  /** Replaces the generated model's shape (tests use a smaller one). */
  readonly tinyModel?: TinyModelOptions
  /** GPU backends llama.cpp can use; defaults to node-llama-cpp's check (tests pass `[]`). */
  readonly gpuBackends?: () => Promise<readonly string[]>
}

const runArgs = {
  quick: { type: 'boolean', description: 'Small sizes and few repetitions (about a minute)' },
  full: { type: 'boolean', description: 'Bigger files and more repetitions (several minutes)' },
  json: { type: 'boolean', description: 'Print the result as one JSON document' },
  markdown: { type: 'boolean', description: 'Print a shareable Markdown table' },
  path: {
    type: 'string',
    description: 'Folder for the disk test (default: the model folder, else the data folder)',
    valueHint: 'DIR',
  },
  model: {
    type: 'string',
    description: 'GGUF file or ollama:NAME[:TAG] for the LLM run (default: a tiny generated model)',
    valueHint: 'FILE|ollama:NAME',
  },
  threads: { type: 'string', description: 'Threads for memory, CPU and LLM tests', valueHint: 'N' },
  save: {
    type: 'boolean',
    default: true,
    description: 'Save the run to the history (--no-save to skip)',
  },
  ...dbArg,
} as const

const SECTION_HELP: Record<BenchSection | 'all', string> = {
  memory: 'Memory bandwidth: copy, read and write, one thread and all threads',
  disk: 'Disk: sequential write/read MB/s and 4 KiB random read IOPS',
  cpu: 'CPU: integer and float scores, one thread and all threads',
  gpu: 'GPU: PCIe link, clocks, memory, and the model with every layer on the GPU',
  llm: 'LLM inference through llama.cpp: prompt (pp512) and generation (tg128) tokens/s',
  all: 'Every section: memory, disk, CPU, GPU and LLM',
}

/** `homelab-ai bench [memory|disk|cpu|gpu|llm|all|history|compare]`. */
export const benchCommand = (ctx: BenchContext): CommandDef<ArgsDef> =>
  defineCommand<ArgsDef>({
    meta: {
      name: 'bench',
      description: "Measure this machine's memory, disk, CPU, GPU and real LLM speed",
    },
    // `bench --quick` runs `all`: declaring its flags here keeps their values from being read as a sub-command.
    args: runArgs,
    default: 'all',
    subCommands: {
      ...Object.fromEntries(
        [...BENCH_SECTIONS, 'all' as const].map((name) => [
          name,
          () => runCommandFor(ctx, name, name === 'all' ? BENCH_SECTIONS : [name]),
        ]),
      ),
      history: () => historyCommand(ctx),
      compare: () => compareCommand(ctx),
    },
  })

function runCommandFor(ctx: BenchContext, name: string, sections: readonly BenchSection[]) {
  return defineCommand({
    meta: { name, description: SECTION_HELP[name as BenchSection | 'all'] },
    args: runArgs,
    async run({ args }): Promise<BenchDocument> {
      if (args.quick === true && args.full === true)
        throw new UsageError('use either --quick or --full, not both')
      const level: BenchLevel =
        args.quick === true ? 'quick' : args.full === true ? 'full' : 'standard'
      const threads = parseThreads(args.threads)
      const model = parseModelArg(args.model)
      const [
        { runBenchmarks },
        { createProgressReporter },
        { readPhysicalCores },
        path,
        { BENCH_LEVELS },
      ] = await Promise.all([
        import('../../adapters/bench/run-benchmarks.js'),
        import('../../adapters/bench/progress.js'),
        import('../../adapters/bench/machine-load.js'),
        import('node:path'),
        import('../../core/bench-levels.js'),
      ])
      const diskPath =
        args.path ??
        (model.kind === 'file'
          ? path.dirname(path.resolve(model.path))
          : await ctx.defaultDiskPath())

      const profile = await ctx.probeHardware()
      const store = args.save === false ? null : await ctx.openStore(args.db)
      try {
        const snapshotId = store?.saveSnapshot(profile).id ?? null
        const controller = new AbortController()
        const sigint = ctx.sigint ?? process
        // First Ctrl-C stops the run cleanly; the listener then goes, so a second one kills at once.
        const onSigint = () => {
          sigint.off('SIGINT', onSigint)
          controller.abort()
        }
        sigint.on('SIGINT', onSigint)
        const progress = createProgressReporter({
          write: (t) => ctx.io.stderr(t.endsWith('\n') ? t.slice(0, -1) : t),
          isTty: ctx.isTty,
          columns: ctx.columns,
        })
        let doc: BenchDocument
        try {
          doc = await runBenchmarks(
            {
              sections,
              level,
              diskPath,
              model,
              threads,
              physicalCores: profile.cpu.cores > 0 ? profile.cpu.cores : readPhysicalCores(),
              snapshotId,
              params: ctx.levels?.[level] ?? BENCH_LEVELS[level],
              tinyModel: ctx.tinyModel,
            },
            {
              run: ctx.runCommand,
              now: () => ctx.now(),
              signal: controller.signal,
              onProgress: (e) => progress.update(e),
              onNotice: (text) => ctx.io.stderr(text),
              gpuBackends: ctx.gpuBackends,
            },
          )
        } finally {
          progress.done()
          sigint.off('SIGINT', onSigint)
        }
        const saved = store?.saveBenchRun(doc) ?? null
        await print(ctx, doc, saved?.id ?? null, args)
        return doc
      } finally {
        store?.close()
      }
    },
  })
}

async function print(
  ctx: BenchContext,
  doc: BenchDocument,
  id: number | null,
  args: { json?: boolean; markdown?: boolean },
): Promise<void> {
  if (args.json === true) {
    ctx.io.stdout(JSON.stringify({ runId: id, ...doc }, null, 2))
    return
  }
  const format = await import('../format/bench-text.js')
  ctx.io.stdout(
    args.markdown === true ? format.formatBenchMarkdown(doc) : format.formatBenchText(doc, { id }),
  )
}

const historyCommand = (ctx: BenchContext) =>
  defineCommand({
    meta: { name: 'history', description: 'List saved benchmark runs, newest first' },
    args: {
      json: { type: 'boolean', description: 'Print JSON' },
      limit: { type: 'string', description: 'Show at most N runs (default 20)', valueHint: 'N' },
      ...dbArg,
    },
    async run({ args }) {
      const limit = args.limit == null ? 20 : Number(args.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
        throw new UsageError(`--limit must be a whole number from 1 to 100000, got ${args.limit}`)
      const store = await ctx.openStore(args.db)
      try {
        const runs = store.listBenchRuns({ limit }).map((summary) => {
          const doc = store.getBenchRun(summary.id)?.document
          return {
            ...summary,
            level: doc?.level ?? null,
            headline: doc == null ? '' : headline(doc),
          }
        })
        if (args.json === true) ctx.io.stdout(JSON.stringify({ runs }, null, 2))
        else if (runs.length === 0)
          ctx.io.stdout('No benchmark runs yet: run `homelab-ai bench --quick`.')
        else
          ctx.io.stdout(
            runs
              .map(
                (r) =>
                  `#${String(r.id).padEnd(4)} ${r.runAt.replace('T', ' ').slice(0, 19)}  ${r.kind.padEnd(12)} ${(r.level ?? '').padEnd(8)} ${r.headline}`,
              )
              .join('\n'),
          )
        return runs
      } finally {
        store.close()
      }
    },
  })

const compareCommand = (ctx: BenchContext) =>
  defineCommand({
    meta: { name: 'compare', description: 'Compare two saved runs metric by metric (ratio B / A)' },
    args: {
      a: { type: 'positional', required: true, description: 'Older run id' },
      b: { type: 'positional', required: true, description: 'Newer run id' },
      json: { type: 'boolean', description: 'Print JSON' },
      ...dbArg,
    },
    async run({ args }) {
      const a = parseRunId(args.a, 'A')
      const b = parseRunId(args.b, 'B')
      const store = await ctx.openStore(args.db)
      try {
        const load = (id: number) => {
          const run = store.getBenchRun(id)
          if (run == null)
            throw new UsageError(`no benchmark run #${id}; \`homelab-ai bench history\` lists them`)
          return run.document
        }
        const comparison = compareBenchRuns(load(a), load(b))
        if (args.json === true) ctx.io.stdout(JSON.stringify({ a, b, ...comparison }, null, 2))
        else {
          const { formatBenchComparison } = await import('../format/bench-text.js')
          ctx.io.stdout(formatBenchComparison(a, b, comparison))
        }
        return comparison
      } finally {
        store.close()
      }
    },
  })

/** `--model`: absent → the tiny generated model; `ollama:NAME` → the Ollama store; else a file. */
export function parseModelArg(value: string | undefined): ModelRequest {
  if (value == null || value.trim() === '') return { kind: 'tiny' }
  if (value.startsWith('ollama:')) {
    const name = value.slice('ollama:'.length).trim()
    if (name === '')
      throw new UsageError('--model ollama: needs a name, e.g. --model ollama:llama3.2:3b')
    return { kind: 'ollama', name }
  }
  return { kind: 'file', path: value }
}

function parseThreads(value: string | undefined): number | undefined {
  if (value == null) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 1024)
    throw new UsageError(`--threads must be a whole number from 1 to 1024, got "${value}"`)
  return n
}

function parseRunId(value: string, what: string): number {
  const id = Number(value)
  if (!Number.isInteger(id) || id < 1)
    throw new UsageError(
      `run ${what} must be a benchmark run id (a positive whole number), got "${value}"`,
    )
  return id
}

function headline(doc: BenchDocument): string {
  const parts: string[] = []
  if (doc.memory != null) parts.push(`mem read ${doc.memory.readGBps} GB/s`)
  if (doc.disk != null) parts.push(`disk ${Math.round(doc.disk.seqReadMBps)} MB/s`)
  if (doc.llm != null) parts.push(`tg ${doc.llm.generationTokensPerSec} tok/s (${doc.llm.model})`)
  return parts.join(', ')
}
