import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createMain } from '../main.js'
import { runCli } from '../run-cli.js'
import { createTestContext } from '../test-context.js'
import {
  esxiVmWithPassthrough,
  miniPcNoGpu,
  rtx3090Box,
  ryzenApuMiniPc,
} from '../../core/test-hardware.js'
import type { HardwareProfile } from '../../core/hardware.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function cli(args: string[], machine?: HardwareProfile) {
  const ctx = createTestContext(machine)
  const code = await runCli(createMain(ctx), args, ctx.io)
  return { ctx, code, out: ctx.stdoutText(), err: ctx.err.join('\n') }
}

describe('homelab-ai (main job)', () => {
  it('probes, saves a snapshot and prints the machine and the readiness report', async () => {
    const { ctx, code, out } = await cli([])
    expect(code).toBe(0)
    expect(out).toContain('NVIDIA GeForce RTX 3090')
    expect(out).toContain('Readiness for AI')
    expect(out).toContain('Saved as snapshot #1')
    expect(ctx.store.listSnapshots()).toHaveLength(1)
  })

  it("shows an AMD iGPU's GTT, and fit counts it for the model", async () => {
    const probe = await cli([], ryzenApuMiniPc())
    expect(probe.out).toMatch(/AMD GPU 1002:150e .*\n.*GTT 30\.7 GiB/)
    const fit = await cli(['fit', 'llama-3.1-8b-instruct', '--json'], ryzenApuMiniPc())
    expect(fit.code).toBe(0)
    const doc = JSON.parse(fit.out) as { placement: string; reasons: string[] }
    expect(doc.placement).toBe('gpu')
    expect(doc.reasons.join(' ')).toMatch(/30\.7 GiB of system RAM mapped for the GPU \(GTT\)/)
  })

  it('--json prints one document with hardware, readiness and the snapshot', async () => {
    const { code, out } = await cli(['--json'])
    expect(code).toBe(0)
    const doc = JSON.parse(out) as {
      schemaVersion: number
      hardware: HardwareProfile
      readiness: { verdict: string }
      snapshot: { id: number }
    }
    expect(doc.schemaVersion).toBe(1)
    expect(doc.hardware.gpus[0]?.name).toBe('NVIDIA GeForce RTX 3090')
    expect(doc.snapshot.id).toBe(1)
    expect(['ready', 'usable', 'not-ready']).toContain(doc.readiness.verdict)
  })

  it('--no-save and what-if flags keep the history clean', async () => {
    const a = await cli(['--no-save'])
    expect(a.ctx.store.listSnapshots()).toHaveLength(0)
    const b = await cli(['--ram', '128', '--json'])
    expect(b.code).toBe(0)
    const doc = JSON.parse(b.out) as { hardware: HardwareProfile; snapshot: null }
    expect(doc.snapshot).toBeNull()
    expect(doc.hardware.source).toBe('what-if')
    expect(doc.hardware.memory.totalGiB).toBe(128)
  })

  it('--markdown prints a shareable report', async () => {
    const { code, out } = await cli(['--markdown'], esxiVmWithPassthrough())
    expect(code).toBe(0)
    expect(out).toMatch(/^# homelab-ai report/)
    expect(out).toContain('## Readiness')
  })

  it.each([
    [['--vram', '-3'], /--vram/],
    [['--frobnicate'], /unknown option "--frobnicate"/],
    [['--gpu', 'RTX 9999 Ultra'], /unknown GPU "RTX 9999 Ultra"/],
    [['--json', '--markdown'], /choose one of --json and --markdown/],
    [['--timeout', 'soon'], /--timeout must be/],
    [['frobnicate'], /Unknown command/],
  ])('bad input %j is a one-line usage error with exit code 2', async (args, message) => {
    const { code, err, out } = await cli(args)
    expect(code).toBe(2)
    expect(err).toMatch(message)
    expect(err.split('\n')).toHaveLength(1)
    expect(out).toBe('')
  })
})

describe('homelab-ai check', () => {
  it('--json prints the findings', async () => {
    const { code, out } = await cli(['check', '--json'], miniPcNoGpu())
    expect(code).toBe(0)
    const report = JSON.parse(out) as { verdict: string; findings: { id: string }[] }
    expect(report.verdict).toBe('usable')
    expect(report.findings.map((f) => f.id)).toContain('gpu-present')
  })

  it('what-if GPUs change the verdict', async () => {
    const { out } = await cli(
      ['check', '--json', '--gpu', '2x RTX 3090', '--ram', '128'],
      miniPcNoGpu(),
    )
    const report = JSON.parse(out) as { findings: { id: string; status: string; value: string }[] }
    const vram = report.findings.find((f) => f.id === 'vram')
    expect(vram?.status).toBe('pass')
    expect(vram?.value).toContain('over 2 GPUs')
  })

  it('--profile reads a saved probe, and a malformed one is a one-line error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hl-profile-'))
    dirs.push(dir)
    const good = path.join(dir, 'host.json')
    writeFileSync(good, JSON.stringify(esxiVmWithPassthrough()))
    const ok = await cli(['check', '--json', '--profile', good], miniPcNoGpu())
    expect(ok.code).toBe(0)
    expect(ok.ctx.probeCalls).toHaveLength(0)
    const ids = (JSON.parse(ok.out) as { findings: { id: string }[] }).findings.map((f) => f.id)
    expect(ids).toContain('vm-gpu')
    const bad = path.join(dir, 'bad.json')
    writeFileSync(bad, '{"schemaVersion": 1, "cpu": ')
    const r = await cli(['check', '--profile', bad])
    expect(r.code).toBe(2)
    expect(r.err).toContain('bad.json')
    expect(r.err.split('\n')).toHaveLength(1)
  })
})

describe('homelab-ai probe', () => {
  it('--json prints the HardwareProfile and does not save by default', async () => {
    const { ctx, code, out } = await cli(['probe', '--json', '--timeout', '2000'])
    expect(code).toBe(0)
    expect((JSON.parse(out) as HardwareProfile).schemaVersion).toBe(1)
    expect(ctx.probeCalls).toEqual([{ timeoutMs: 2000, root: undefined }])
    expect(ctx.store.listSnapshots()).toHaveLength(0)
  })
})

describe('homelab-ai history', () => {
  it('lists snapshots and diffs the two newest', async () => {
    const ctx = createTestContext(rtx3090Box())
    const main = createMain(ctx)
    ctx.store.saveSnapshot(miniPcNoGpu())
    ctx.store.saveSnapshot(rtx3090Box())
    expect(await runCli(main, ['history', '--limit', '5'], ctx.io)).toBe(0)
    expect(ctx.stdoutText()).toMatch(/#2 .*#1 /s)
    ctx.out.length = 0
    expect(await runCli(main, ['history', 'diff', '--json'], ctx.io)).toBe(0)
    const diff = JSON.parse(ctx.stdoutText()) as { changes: { area: string; kind: string }[] }
    expect(diff.changes).toContainEqual(expect.objectContaining({ area: 'gpu', kind: 'added' }))
  })

  it('explains what is missing instead of failing obscurely', async () => {
    const one = await cli(['history', 'diff'])
    expect(one.code).toBe(2)
    expect(one.err).toContain('need at least two snapshots')
    const show = await cli(['history', 'show', 'abc'])
    expect(show.code).toBe(2)
    expect(show.err).toContain('snapshot id')
  })
})
