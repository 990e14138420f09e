import { defineCommand } from 'citty'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GgufHeader } from '../../adapters/gguf/gguf-types.js'
import { readGgufHeader } from '../../adapters/gguf/read-gguf-header.js'
import { writeTinyLlamaModel } from '../../adapters/gguf/tiny-model.js'
import type { HardwareProfile } from '../../core/hardware.js'
import { miniPcNoGpu, rtx3090Box } from '../../core/test-hardware.js'
import { runCli } from '../run-cli.js'
import { createTestContext } from '../test-context.js'
import { inspectCommand, type InspectFileResult, type InspectOllamaResult } from './inspect.js'

const dir = mkdtempSync(path.join(tmpdir(), 'inspect-'))
let tiny = ''
let fake8b = ''
beforeAll(async () => {
  tiny = (await writeTinyLlamaModel(path.join(dir, 'tiny.gguf'), { type: 'q8_0' })).file
  fake8b = (
    await writeTinyLlamaModel(path.join(dir, 'llama3-8b-q4_k_m.gguf'), {
      embd: 4096,
      layers: 32,
      ff: 14336,
      heads: 32,
      kvHeads: 8,
      vocab: 128256,
      type: 'q4_k',
      contextLength: 8192,
      headerOnly: true,
    })
  ).file
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Options {
  machine?: HardwareProfile
  ollama?: { name: string; header: GgufHeader | null }[]
}

async function inspect(args: string[], { machine = rtx3090Box(), ollama }: Options = {}) {
  const base = createTestContext(machine)
  const ctx = {
    ...base,
    listOllamaModels: () =>
      Promise.resolve({
        stores: ['/home/ann/.ollama/models'],
        models: (ollama ?? []).map((m) => ({
          ...m,
          manifest: `/m/${m.name}`,
          blob: `/b/${m.name}`,
          sizeBytes: m.header?.fileBytes ?? 0,
        })),
        notes: ollama?.some((m) => m.header == null) === true ? ['gone:latest: blob missing'] : [],
      }),
  }
  const root = defineCommand({ subCommands: { inspect: () => inspectCommand(ctx) } })
  const code = await runCli(root, ['inspect', ...args], ctx.io)
  return { code, out: base.stdoutText(), err: base.err.join('\n'), probes: base.probeCalls.length }
}

describe('homelab-ai inspect FILE', () => {
  it('prints the architecture, tensor types, exact weights and the fit answer', async () => {
    const { code, out } = await inspect([fake8b, '--ctx', '8k'])
    expect(code).toBe(0)
    expect(out).toContain('homelab-ai tiny llama 4096x32 (random weights) (GGUF v3')
    expect(out).toMatch(
      /Architecture +llama, 32 layers, embedding 4096, 32 heads \/ 8 KV heads of 128, FFN 14336, vocabulary 128256/,
    )
    expect(out).toContain('Parameters    8.03 B')
    expect(out).toContain(
      'Weights       4.21 GiB (4,517,937,152 bytes), Q4_K_M (general.file_type)',
    )
    expect(out).toContain('Tensor types  291 tensors: Q4_K 226× 4.21 GiB, F32 65× 1.0 MiB')
    expect(out).toContain('header-only or cut-off file')
    expect(out).toMatch(
      /Runs well: Q4_K_M with 8K context, all 32 layers on NVIDIA GeForce RTX 3090/,
    )
    expect(out).toMatch(/Generation +\d+ tokens\/s/)
  })

  it('--json prints the header, the fit result and the notes', async () => {
    const { code, out } = await inspect([tiny, '--json', '--kv', 'q8_0', '--ctx', '1024'])
    expect(code).toBe(0)
    const doc = JSON.parse(out) as InspectFileResult
    expect(doc.schemaVersion).toBe(1)
    expect(doc.header.fileType.name).toBe('Q8_0')
    expect(doc.header.tensors).toHaveLength(21)
    expect(doc.fit).toMatchObject({
      quant: 'Q8_0',
      contextTokens: 1024,
      kvCacheType: 'q8_0',
      fits: true,
    })
    expect(doc.fit.memory.weightsGiB * 2 ** 30).toBeCloseTo(doc.header.weightsBytes, -1)
    expect(doc.notes).toEqual([])
  })

  it('answers for what-if hardware', async () => {
    const { code, out } = await inspect([fake8b, '--gpu', 'RTX 4060', '--json'], {
      machine: miniPcNoGpu(),
    })
    expect(code).toBe(0)
    const doc = JSON.parse(out) as InspectFileResult
    expect(doc.fit.memory.perDevice[0]?.name).toMatch(/4060/)
  })

  it.each([
    [[], /name a GGUF file/],
    [['x.gguf', '--ollama'], /not both/],
    [['x.gguf', '--kv', 'q5'], /--kv must be one of f16, q8_0, q4_0/],
    [['x.gguf', '--ctx', 'lots'], /--ctx must be a whole number/],
  ])('%j is a usage error', async (args, message) => {
    const { code, err, probes } = await inspect(args)
    expect(code).toBe(2)
    expect(err).toMatch(message)
    expect(probes).toBe(0)
  })

  it('rejects a context beyond what the model was trained for', async () => {
    const { code, err } = await inspect([tiny, '--ctx', '4096'])
    expect(code).toBe(2)
    expect(err).toContain('--ctx 4096 is more than homelab-ai tiny llama 64x2')
  })

  it('reports a file that is not GGUF in one line, before probing', async () => {
    const bad = path.join(dir, 'notes.txt')
    writeFileSync(bad, 'just some text, not a model')
    const { code, err, probes } = await inspect([bad])
    expect(code).toBe(2)
    expect(err).toBe('homelab-ai: notes.txt: not a GGUF file: it does not start with "GGUF"')
    expect(probes).toBe(0)
  })
})

describe('homelab-ai inspect --ollama', () => {
  it('lists every store model with its verdict, and the unreadable ones', async () => {
    const header = await readGgufHeader(fake8b)
    const { code, out } = await inspect(['--ollama'], {
      ollama: [
        { name: 'llama3:8b', header },
        { name: 'gone:latest', header: null },
      ],
    })
    expect(code).toBe(0)
    expect(out).toContain('Ollama models in /home/ann/.ollama/models on this machine')
    expect(out).toMatch(/llama3:8b +llama Q4_K_M 4\.21 GiB: Runs well at 8K context, all 32 layers/)
    expect(out).toMatch(/gone:latest +unreadable \(see notes\)/)
    expect(out).toContain('note gone:latest: blob missing')
  })

  it('--json caps --ctx at each model maximum', async () => {
    const tinyHeader = await readGgufHeader(tiny)
    const { code, out } = await inspect(['--ollama', '--json', '--ctx', '32k'], {
      ollama: [{ name: 'tiny:latest', header: tinyHeader }],
    })
    expect(code).toBe(0)
    const doc = JSON.parse(out) as InspectOllamaResult
    expect(doc.models[0]).toMatchObject({
      name: 'tiny:latest',
      architecture: 'llama',
      fileType: 'Q8_0',
      weightsBytes: tinyHeader.weightsBytes,
      fit: { contextTokens: 2048, fits: true },
    })
  })

  it('says so when there is no store', async () => {
    const base = createTestContext(rtx3090Box())
    const ctx = {
      ...base,
      listOllamaModels: () => Promise.resolve({ stores: [], models: [], notes: [] }),
    }
    const root = defineCommand({ subCommands: { inspect: () => inspectCommand(ctx) } })
    expect(await runCli(root, ['inspect', '--ollama'], ctx.io)).toBe(0)
    expect(base.stdoutText()).toBe('No Ollama model store found.')
  })
})
