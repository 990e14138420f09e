import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { sampleBenchDocument, sampleLlmResult } from '../../core/test-bench.js'
import { rtx3090Box } from '../../core/test-hardware.js'
import { latestCalibration, openBenchStore } from './bench-store.js'
import { openHistoryStore } from './history-store.js'

describe('openBenchStore', () => {
  it('saves runs next to snapshots in the same file and reads them back newest first', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'homelab-ai-bench-store-'))
    try {
      const file = path.join(dir, 'h.db')
      const history = openHistoryStore(file)
      const snapshot = history.saveSnapshot(rtx3090Box())
      const bench = openBenchStore(file)
      const first = bench.saveBenchRun(sampleBenchDocument({ snapshotId: snapshot.id }))
      const second = bench.saveBenchRun(
        sampleBenchDocument({
          runAt: '2026-12-01T10:00:00.000Z',
          sections: ['memory'],
          llm: undefined,
        }),
      )
      expect(first.kind).toBe('all')
      expect(bench.listBenchRuns()).toEqual([
        { id: second.id, runAt: '2026-12-01T10:00:00.000Z', snapshotId: null, kind: 'memory' },
        { id: first.id, runAt: '2026-11-30T10:00:00.000Z', snapshotId: snapshot.id, kind: 'all' },
      ])
      expect(bench.getBenchRun(first.id)?.document.disk?.seqReadMBps).toBe(1500)
      expect(bench.getBenchRun(999)).toBeNull()
      bench.close()
      history.close()
      const raw = new Database(file, { readonly: true })
      expect(
        raw
          .prepare('SELECT s.hostname FROM bench_runs b JOIN snapshots s ON s.id = b.snapshot_id')
          .all(),
      ).toEqual([{ hostname: rtx3090Box().os.hostname }])
      raw.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a damaged run with a one-line StoreError', () => {
    const bench = openBenchStore(':memory:')
    const saved = bench.saveBenchRun(sampleBenchDocument({ schemaVersion: 99 }))
    expect(() => bench.getBenchRun(saved.id)).toThrow(
      /newer than this build's 1; upgrade homelab-ai/,
    )
    bench.close()
  })
})

describe('latestCalibration', () => {
  it('takes each figure from the newest run that has it and skips the tiny model', () => {
    const bench = openBenchStore(':memory:')
    bench.saveBenchRun(sampleBenchDocument({ runAt: '2026-11-01T00:00:00.000Z' }))
    bench.saveBenchRun(
      sampleBenchDocument({
        runAt: '2026-11-02T00:00:00.000Z',
        sections: ['llm'],
        memory: undefined,
        llm: sampleLlmResult({ modelSource: 'tiny-generated', generationTokensPerSec: 900 }),
      }),
    )
    bench.saveBenchRun(
      sampleBenchDocument({
        runAt: '2026-11-03T00:00:00.000Z',
        sections: ['memory'],
        memory: { ...sampleBenchDocument().memory!, readGBps: 31.5 },
        llm: undefined,
      }),
    )
    expect(latestCalibration(bench)).toEqual({
      memoryBandwidthGBps: 31.5,
      llm: {
        model: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
        promptTokensPerSec: 180,
        generationTokensPerSec: 24,
      },
    })
    bench.close()
  })

  it('is empty with no runs', () => {
    const bench = openBenchStore(':memory:')
    expect(latestCalibration(bench)).toEqual({})
    bench.close()
  })
})
