import { EventEmitter } from 'node:events'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BenchLevelParams } from '../../core/bench-levels.js'
import { sampleBenchDocument } from '../../core/test-bench.js'
import { miniPcNoGpu } from '../../core/test-hardware.js'
import { openBenchStore } from '../../adapters/store/bench-store.js'
import { openHistoryStore } from '../../adapters/store/history-store.js'
import { runCli } from '../run-cli.js'
import { benchCommand, parseModelArg, type BenchContext } from './bench.js'

const tiny: BenchLevelParams = {
  memory: { floorMiB: 16, repetitions: 1 },
  disk: { fileMiB: 4, randDurationMs: 50 },
  cpu: { durationMsPerTest: 50 },
  llm: { promptTokens: 32, generatedTokens: 8, promptRepetitions: 1, generationRuns: 2 },
}

let dir: string
let dbDir: string
const opened: (() => void)[] = []
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'homelab-ai-bench-cmd-'))
  dbDir = mkdtempSync(path.join(tmpdir(), 'homelab-ai-bench-db-'))
})
afterEach(() => {
  for (const close of opened.splice(0)) close()
  rmSync(dir, { recursive: true, force: true })
  rmSync(dbDir, { recursive: true, force: true })
})

function fakeContext(levels: BenchLevelParams = tiny) {
  const out: string[] = []
  const err: string[] = []
  // One file for both, as in real use: runs point at the snapshot (foreign keys are on).
  const file = path.join(dbDir, 'h.db')
  const history = openHistoryStore(file)
  const bench = openBenchStore(file)
  const sigint = new EventEmitter()
  const ctx: BenchContext = {
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t) },
    isTty: false,
    now: () => new Date('2026-11-30T10:00:00Z'),
    probeHardware: () => Promise.resolve(miniPcNoGpu()),
    openStore: () =>
      Promise.resolve({
        saveSnapshot: (p) => history.saveSnapshot(p),
        saveBenchRun: (d) => bench.saveBenchRun(d),
        listBenchRuns: (o) => bench.listBenchRuns(o),
        getBenchRun: (id) => bench.getBenchRun(id),
        close: () => undefined,
      }),
    runCommand: () =>
      Promise.resolve({
        ok: false,
        stdout: '',
        stderr: '',
        exitCode: null,
        notFound: true,
        timedOut: false,
        durationMs: 1,
      }),
    defaultDiskPath: () => Promise.resolve(dir),
    sigint,
    levels: { quick: levels, standard: levels, full: levels },
    gpuBackends: () => Promise.resolve([]),
    tinyModel: { embd: 64, layers: 2, ff: 128, heads: 4, kvHeads: 2 },
  }
  opened.push(() => {
    bench.close()
    history.close()
  })
  const cli = (args: string[]) => runCli(benchCommand(ctx), args, ctx.io)
  return { ctx, out, err, bench, sigint, cli }
}

describe('homelab-ai bench', () => {
  it('bench memory --json prints one document tied to the saved snapshot', async () => {
    const { cli, out, err, bench } = fakeContext()
    const code = await cli(['memory', '--quick', '--json'])
    expect(err.join('\n')).not.toContain('homelab-ai:')
    expect(code).toBe(0)
    const doc = JSON.parse(out.join('\n')) as {
      runId: number
      snapshotId: number
      level: string
      memory: { copyGBps: number }
    }
    expect(doc).toMatchObject({ runId: 1, snapshotId: 1, level: 'quick' })
    expect(doc.memory.copyGBps).toBeGreaterThan(0)
    expect(bench.listBenchRuns()).toHaveLength(1)
  })

  it('bench all --quick runs every section, says it used the tiny model, and leaves no files', async () => {
    const { cli, out, err, bench } = fakeContext()
    expect(await cli(['all', '--quick'])).toBe(0)
    const text = out.join('\n')
    expect(text).toContain('Memory: 2 threads')
    expect(text).toMatch(/Disk: .* \(.*4 MiB file\)/)
    expect(text).toContain('GPU: no GPU')
    expect(text).toContain('used the tiny generated model')
    expect(text).toContain('same tokens in every run at temperature 0: yes')
    expect(err.join('\n')).toContain('No model named: using the tiny generated model')
    expect(err.join('\n')).toContain('[5/5] LLM inference')
    expect(readdirSync(dir)).toEqual([])
    expect(bench.getBenchRun(1)?.document.sections).toEqual(['memory', 'disk', 'cpu', 'gpu', 'llm'])
  }, 60_000)

  it('Ctrl-C stops the run, removes the test file and saves nothing', async () => {
    const { cli, err, bench, sigint } = fakeContext({
      ...tiny,
      disk: { fileMiB: 64, randDurationMs: 10_000 },
    })
    const timer = setTimeout(() => sigint.emit('SIGINT'), 300)
    const code = await cli(['disk', '--quick'])
    clearTimeout(timer)
    expect(code).toBe(130)
    expect(err.join('\n')).toContain('benchmark stopped; temporary files were removed')
    expect(readdirSync(dir)).toEqual([])
    expect(bench.listBenchRuns()).toEqual([])
    expect(sigint.listenerCount('SIGINT')).toBe(0)
  })

  it('history lists runs and compare prints ratios', async () => {
    const { cli, out, bench } = fakeContext()
    bench.saveBenchRun(sampleBenchDocument())
    const faster = sampleBenchDocument({ runAt: '2026-12-01T10:00:00.000Z' })
    bench.saveBenchRun({ ...faster, memory: { ...faster.memory!, readGBps: 30 } })
    expect(await cli(['history'])).toBe(0)
    expect(out.join('\n')).toMatch(
      /^#2 {4}2026-12-01 10:00:00 {2}all {10}quick {4}mem read 30 GB\/s/,
    )
    out.length = 0
    expect(await cli(['compare', '1', '2'])).toBe(0)
    expect(out.join('\n')).toContain('memory read, all threads')
    expect(out.join('\n')).toMatch(/15\.0 → 30\.0 GB\/s {2}2\.00× \(better\)/)
  })

  it('refuses bad input in one line', async () => {
    const { cli, err } = fakeContext()
    expect(await cli(['llm', '--model', path.join(dir, 'missing.gguf')])).toBe(2)
    expect(err.join('\n')).toMatch(/the model file .*missing.gguf does not exist/)
    expect(await cli(['memory', '--quick', '--full'])).toBe(2)
    expect(await cli(['cpu', '--threads', 'lots'])).toBe(2)
    expect(await cli(['compare', '1', '9'])).toBe(2)
  })
})

describe('parseModelArg', () => {
  it.each([
    [undefined, { kind: 'tiny' }],
    ['ollama:qwen2.5:0.5b', { kind: 'ollama', name: 'qwen2.5:0.5b' }],
    ['/models/a.gguf', { kind: 'file', path: '/models/a.gguf' }],
  ])('%s', (value, expected) => {
    expect(parseModelArg(value)).toEqual(expected)
  })
})
