import { EventEmitter } from 'node:events'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runDiskBench } from './disk-bench.js'
import { BenchAbortedError } from './worker-team.js'

const MiB = 1024 * 1024
let dir: string

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'homelab-ai-disk-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('runDiskBench', () => {
  it('measures sequential and random IO and removes its file', async () => {
    const result = await runDiskBench({ dir, fileBytes: 8 * MiB, randDurationMs: 100 })
    expect(result.seqWriteMBps).toBeGreaterThan(0)
    expect(result.seqReadMBps).toBeGreaterThan(0)
    expect(result.randReadIops).toBeGreaterThan(0)
    expect(result.params).toMatchObject({
      fileMiB: 8,
      seqBlockKiB: 1024,
      randBlockKiB: 4,
      queueDepth: 1,
    })
    if (!result.params.directIo) expect(result.notes.join(' ')).toContain('page cache not bypassed')
    expect(readdirSync(dir)).toEqual([])
  })

  it('notes the page cache when direct IO is off', async () => {
    const result = await runDiskBench({
      dir,
      fileBytes: 4 * MiB,
      randDurationMs: 50,
      direct: false,
    })
    expect(result.params.directIo).toBe(false)
    expect(result.notes[0]).toBe('page cache not bypassed: direct IO was turned off')
    expect(readdirSync(dir)).toEqual([])
  })

  it('removes the file when aborted part-way', async () => {
    const controller = new AbortController()
    let seen = 0
    const run = runDiskBench({
      dir,
      fileBytes: 64 * MiB,
      randDurationMs: 5000,
      signal: controller.signal,
      onProgress: () => {
        if (++seen === 1) {
          expect(readdirSync(dir)).toHaveLength(1)
          controller.abort()
        }
      },
    })
    await expect(run).rejects.toBeInstanceOf(BenchAbortedError)
    expect(readdirSync(dir)).toEqual([])
  })

  it('removes the file on Ctrl-C (SIGINT)', async () => {
    const sigint = new EventEmitter()
    const run = runDiskBench({
      dir,
      fileBytes: 64 * MiB,
      randDurationMs: 5000,
      sigint,
      onProgress: () => sigint.emit('SIGINT'),
    })
    await expect(run).rejects.toThrow('benchmark stopped; temporary files were removed')
    expect(readdirSync(dir)).toEqual([])
    expect(sigint.listenerCount('SIGINT')).toBe(0)
  })

  it('refuses when the file system has too little free space', async () => {
    await expect(
      runDiskBench({
        dir,
        fileBytes: 64 * MiB,
        freeBytes: () => ({ freeBytes: 100 * MiB, fsType: 0xef53 }),
      }),
    ).rejects.toThrow(/not enough free space in .* it needs 576 MiB .* and 100 MiB are free/)
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses a folder that does not exist', async () => {
    await expect(runDiskBench({ dir: path.join(dir, 'nope') })).rejects.toThrow(/does not exist/)
  })
})
