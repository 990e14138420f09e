import { runCommand } from 'citty'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../core/errors.js'
import type { HardwareProfile } from '../../core/hardware.js'
import { miniPcNoGpu, rtx3090Box } from '../../core/test-hardware.js'
import { createTestContext } from '../test-context.js'
import { modelsCommand, type AuxModelsJson, type ModelsJson } from './models.js'

async function models(rawArgs: string[], machine: HardwareProfile = rtx3090Box()) {
  const ctx = createTestContext(machine)
  const { result } = await runCommand(modelsCommand(ctx), { rawArgs })
  return { doc: result as ModelsJson, out: ctx.stdoutText() }
}

describe('homelab-ai models', () => {
  it('--json ranks every catalog LLM: fitting models first, ranks in order', async () => {
    const { out, doc } = await models(['--json'])
    const printed = JSON.parse(out) as ModelsJson
    expect(printed).toEqual(JSON.parse(JSON.stringify(doc)))
    expect(printed.schemaVersion).toBe(1)
    expect(printed.kind).toBe('llm')
    expect(printed.models.length).toBeGreaterThan(40)
    expect(printed.models.map((m) => m.rank)).toEqual(printed.models.map((_, i) => i + 1))
    const fits = printed.models.map((m) => m.fit.fits)
    // Once the first model that does not fit appears, no fitting one follows.
    expect(fits.slice(fits.indexOf(false)).every((f) => !f)).toBe(true)
    const first = printed.models[0]
    expect(first?.fit.level).toBe('runs-well')
    expect(first?.byContext[0]).toMatchObject({ contextTokens: 4096 })
  })

  it('--fits keeps only what fits; --limit cuts the list', async () => {
    const { doc } = await models(['--fits'], miniPcNoGpu())
    expect(doc.models.every((m) => m.fit.fits)).toBe(true)
    expect(doc.models.some((m) => m.fit.model.id === 'llama-3.1-70b-instruct')).toBe(false)
    const { doc: top } = await models(['--limit', '3'])
    expect(top.models).toHaveLength(3)
  })

  it('--quant and --ctx apply to every model', async () => {
    const { doc } = await models(['--quant', 'Q4_K_M', '--ctx', '4096', '--fits'])
    expect(doc.models.length).toBeGreaterThan(20)
    for (const m of doc.models) {
      expect(m.fit.quant).toBe('Q4_K_M')
      expect(m.fit.contextTokens).toBeLessThanOrEqual(4096)
    }
  })

  it('what-if hardware changes the ranking: a 70B fits on two RTX 3090', async () => {
    const { doc } = await models(['--gpu', '2x RTX 3090', '--json'])
    expect(doc.hardware).toBe('what-if hardware (--gpu "2x RTX 3090")')
    const llama70 = doc.models.find((m) => m.fit.model.id === 'llama-3.1-70b-instruct')
    expect(llama70?.fit).toMatchObject({ fits: true, placement: 'multi-gpu' })
  })

  it('prints an aligned table with params, quant, context, placement, verdict and speeds', async () => {
    const { out } = await models(['--limit', '5'])
    const lines = out.split('\n')
    expect(lines[0]).toBe('Models ranked for this machine (gpu-box)')
    expect(lines[2]).toMatch(
      /^ ?# {2}model +params +quant +ctx +max ctx +runs on +verdict +gen tok\/s +prompt tok\/s$/,
    )
    const rows = lines.slice(3, 8)
    expect(rows).toHaveLength(5)
    for (const row of rows)
      expect(row).toMatch(
        /^ ?\d {2}\S+ +\S.* +(GPU|multi-GPU|GPU\+RAM|CPU) +Runs well +[\d.]+ +[\d.]+$/,
      )
    expect(out).toMatch(/\d+ more not shown \(see --fits, --limit\)\./)
  })

  it('shows MoE models with their active parameters', async () => {
    const { out } = await models([])
    expect(out).toMatch(/qwen3-30b-a3b +31B \(3\.4B active\)/)
  })

  it.each([
    [['--kind', 'video'], /^--kind must be one of llm, image, speech, embedding; got "video"$/],
    [['--kind', 'image', '--quant', 'Q4_K_M'], /^--quant applies to language models only/],
    [['--kind', 'speech', '--ctx', '8k'], /^--ctx applies to language models only/],
    [['--limit', '0'], /^--limit must be a whole number from 1; got "0"$/],
    [['--ctx', '0'], /^--ctx must be a whole number/],
    [['--quant', 'Q9_K'], /^--quant must be one of /],
    [['--kv', 'f32'], /^--kv must be one of f16, q8_0, q4_0/],
  ])('%j → one-line UsageError', async (args, message) => {
    const run = models(args)
    await expect(run).rejects.toThrow(UsageError)
    await expect(run).rejects.toThrow(message)
  })

  it.each(['image', 'speech', 'embedding'] as const)(
    '--kind %s ranks that kind with its own speed figure',
    async (kind) => {
      const ctx = createTestContext(rtx3090Box())
      const { result } = await runCommand(modelsCommand(ctx), {
        rawArgs: ['--kind', kind, '--json'],
      })
      const doc = JSON.parse(ctx.stdoutText()) as AuxModelsJson
      expect(doc).toEqual(JSON.parse(JSON.stringify(result)))
      expect(doc.kind).toBe(kind)
      expect(doc.models.map((m) => m.rank)).toEqual(doc.models.map((_, i) => i + 1))
      for (const m of doc.models) {
        expect(m.fit.model.kind).toBe(kind)
        if (m.fit.speed != null) expect(m.fit.speed.kind).toBe(kind)
      }
    },
  )

  it('--kind speech prints a table with the real-time factor', async () => {
    const ctx = createTestContext(miniPcNoGpu())
    await runCommand(modelsCommand(ctx), { rawArgs: ['--kind', 'speech'] })
    const lines = ctx.stdoutText().split('\n')
    expect(lines[0]).toBe('Speech models ranked for this machine (minipc)')
    expect(lines[2]).toMatch(/^ ?# {2}model +params +memory +runs on +verdict +speed$/)
    expect(ctx.stdoutText()).toMatch(
      /whisper-tiny +39M +[\d.]+ GiB +CPU +Runs well +\d+x real time/,
    )
  })
})
