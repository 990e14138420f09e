import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCommand } from 'citty'
import { describe, expect, it } from 'vitest'
import { loadGpuCatalog } from '../../adapters/catalog/load-gpu-catalog.js'
import { loadModelCatalog } from '../../adapters/catalog/load-model-catalog.js'
import { gzipBytes } from '../../adapters/lab/encode-guestinfo.js'
import { loadStackCatalog } from '../../adapters/lab/load-stack-catalog.js'
import { renderExports, writeExports } from '../../adapters/lab/write-exports.js'
import { labCommand, type LabContext } from '../../cli/commands/lab.js'
import { bestFit } from '../../core/fit.js'
import type { LabPlan } from '../../core/lab-plan-types.js'
import { rtx3090Box } from '../../core/test-hardware.js'
import type { LabExportsResponse, StacksResponse } from '../api-types.js'
import { createApp } from '../app.js'
import { testServerDeps } from '../test-server.js'

const ORIGIN = 'http://127.0.0.1:8765'
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHhomelabTestKeyNotARealOneAtAll0000000000 me@lab'

function setup() {
  const t = testServerDeps()
  const app = createApp(t.deps)
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(`${ORIGIN}${path}`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  return { ...t, app, post }
}

/** `homelab-ai lab plan ARGS --json` with the same catalogs and fit data as the test server. */
async function cliPlan(args: string[]): Promise<LabPlan> {
  const out: string[] = []
  const fitData = await testServerDeps().deps.loadFitData()
  const lab: LabContext = {
    io: { stdout: (t) => out.push(t), stderr: () => undefined },
    gzip: gzipBytes,
    async loadCatalogs() {
      const [stacks, models, gpus] = await Promise.all([
        loadStackCatalog(),
        loadModelCatalog(),
        loadGpuCatalog(),
      ])
      return { stacks, models, gpus }
    },
    loadTarget: () => Promise.reject(new Error('no target in this test')),
    probeHardware: () => Promise.resolve(rtx3090Box()),
    readTextFile: (f) => (f === 'key.pub' ? Promise.resolve(KEY) : Promise.reject(new Error(f))),
    writeExports,
    loadFit: () => Promise.resolve((model, vm) => bestFit(model, vm, fitData).result),
  }
  await runCommand(labCommand(lab), { rawArgs: ['plan', ...args, '--json'] })
  return JSON.parse(out.join('\n')) as LabPlan
}

describe('GET /api/stacks', () => {
  it('lists the stack catalog with needs, ports and model kinds', async () => {
    const { app } = setup()
    const res = await app.request(`${ORIGIN}/api/stacks`)
    expect(res.status).toBe(200)
    const { stacks, models } = (await res.json()) as StacksResponse
    const chat = stacks.find((s) => s.id === 'chat')
    expect(chat).toMatchObject({
      accelerator: 'nvidia-gpu',
      model: { kind: 'llm', runtime: 'ollama' },
      requirements: { minVramGiB: 8, minRamGiB: 8 },
    })
    expect(chat?.ports.map((p) => p.port)).toEqual(expect.arrayContaining([3000, 11434]))
    expect(stacks.find((s) => s.id === 'coral')?.model.kind).toBeNull()
    // The model picker offers the models of the stack's kind.
    expect(models.some((m) => m.id === 'llama-3.1-8b-instruct' && m.kind === 'llm')).toBe(true)
    expect(models.some((m) => m.kind === 'image')).toBe(true)
    // The install details stay on the server: the picker does not need them.
    expect(Object.keys(chat ?? {})).not.toContain('install')
  })
})

describe('POST /api/lab/plan', () => {
  it('answers the same plan as `lab plan --json` for the same request', async () => {
    const { post } = setup()
    const res = await post('/api/lab/plan', {
      stackId: 'chat',
      name: 'ai-chat',
      sshKey: KEY,
      ip: '192.168.1.50/24',
      gateway: '192.168.1.1',
      dns: '1.1.1.1',
      ram: '64',
      cores: '16',
    })
    expect(res.status).toBe(200)
    const plan = (await res.json()) as LabPlan
    const cli = await cliPlan([
      'chat',
      '--name',
      'ai-chat',
      '--ssh-key',
      'key.pub',
      '--ip',
      '192.168.1.50/24',
      '--gateway',
      '192.168.1.1',
      '--dns',
      '1.1.1.1',
      '--ram',
      '64',
      '--cores',
      '16',
    ])
    expect(plan).toEqual(cli)
    expect(plan.reasons.map((r) => r.setting)).toContain('memoryMiB')
  })

  it('plans a generic VM from the stack id alone, with the CLI defaults', async () => {
    const { post, probes } = setup()
    const plan = (await (await post('/api/lab/plan', { stackId: 'chat' })).json()) as LabPlan
    expect(plan).toEqual(await cliPlan(['chat']))
    expect(plan.vm.name).toBe('ai-lab-chat')
    expect(plan.guest.request.user).toBe('labadmin')
    expect(plan.warnings.some((w) => w.includes('No --ssh-key'))).toBe(true)
    // No what-if values: no target, so this machine is not probed.
    expect(probes()).toBe(0)
  })

  it.each([
    [{}, 'stackId is required'],
    [{ stackId: 'chat', gpuMode: 'magic' }, 'gpuMode must be one of passthrough, dynamic'],
    [{ stackId: 'chat', ubuntu: '20.04' }, 'ubuntu must be one of 22.04, 24.04'],
    [{ stackId: 'chat', mmioGB: 'big' }, 'mmioGB must be a whole number'],
    [{ stackId: 'chat', consumerGpu: 'yes' }, 'consumerGpu must be true or false'],
    [{ stackId: 'chat', name: 5 }, 'name must be a string'],
    [{ stackId: 'chat', extra: 1 }, 'the body has an unknown field "extra"'],
    [{ stackId: 'chat', gateway: '10.0.0.1' }, 'gateway and dns need ip'],
    [{ stackId: 'chat', user: 'Root!' }, 'user must be a Linux user name'],
    [{ stackId: 'chat', sshKey: 'not a key' }, 'sshKey: not an OpenSSH public key line'],
    [{ stackId: 'chat', ip: '10.0.0.5/24' }, 'ip needs gateway'],
    [{ stackId: 'chat', mmioGB: 48, gpu: 'RTX 3090' }, 'mmioGB must be a power of two'],
    [{ stackId: 'chat', ram: 'lots' }, 'ram'],
  ])('refuses %j with a one-line 400 naming the field', async (body, message) => {
    const { post } = setup()
    const res = await post('/api/lab/plan', body)
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as { error: string }
    expect(error).toContain(message)
    expect(error).not.toContain('--')
  })

  it('answers 404 with suggestions for an unknown stack or model', async () => {
    const { post } = setup()
    const stack = await post('/api/lab/plan', { stackId: 'chatt' })
    expect(stack.status).toBe(404)
    expect(((await stack.json()) as { error: string }).error).toContain('unknown stack "chatt"')
    const model = await post('/api/lab/plan', { stackId: 'chat', modelId: 'no-such-model-x' })
    expect(model.status).toBe(404)
  })

  it('refuses a planning host when no vCenter is configured', async () => {
    const { post } = setup()
    const res = await post('/api/lab/plan', { stackId: 'chat', host: 'esx01' })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: string }).error).toContain('no vCenter configured')
  })

  it('is refused from another origin, like every POST', async () => {
    const { post } = setup()
    const res = await post('/api/lab/plan', { stackId: 'chat' }, { origin: 'http://evil.example' })
    expect(res.status).toBe(403)
  })
})

describe('POST /api/lab/exports', () => {
  it('returns every file `lab plan --out` writes, in order, with its text', async () => {
    const { post } = setup()
    const body = { stackId: 'chat', name: 'ai-chat', sshKey: KEY }
    const { files } = (await (await post('/api/lab/exports', body)).json()) as LabExportsResponse
    const plan = (await (await post('/api/lab/plan', body)).json()) as LabPlan
    expect(files).toEqual(
      Object.entries(renderExports(plan)).map(([name, content]) => ({ name, content })),
    )
    expect(files.map((f) => f.name)).toEqual([
      'user-data',
      'meta-data',
      'govc.sh',
      'powercli.ps1',
      'main.tf',
      'variables.tf',
      'playbook.yml',
      'README.md',
      'plan.json',
    ])
  })
})

describe('POST /api/lab/exports.zip', () => {
  it('is a ZIP of the exports in a folder named after the VM, which unzip reads', async () => {
    const { post } = setup()
    const body = { stackId: 'chat', name: 'ai chat/1', sshKey: KEY }
    const res = await post('/api/lab/exports.zip', body)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/zip')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="ai_chat_1.zip"')
    const bytes = new Uint8Array(await res.arrayBuffer())
    const { files } = (await (await post('/api/lab/exports', body)).json()) as LabExportsResponse
    const dir = await mkdtemp(join(tmpdir(), 'homelab-ai-labzip-'))
    try {
      const file = join(dir, 'lab.zip')
      await writeFile(file, bytes)
      const read = execFileSync(
        'python3',
        [
          '-c',
          'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: [z.read(i).decode(), i.external_attr >> 16] for i in z.infolist()}))',
          file,
        ],
        { encoding: 'utf8' },
      )
      const entries = JSON.parse(read) as Record<string, [string, number]>
      expect(Object.keys(entries)).toEqual(files.map((f) => `ai_chat_1/${f.name}`))
      for (const f of files) expect(entries[`ai_chat_1/${f.name}`]![0]).toBe(f.content)
      expect(entries['ai_chat_1/govc.sh']![1]).toBe(0o100755)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('answers a bad body with JSON, not a broken zip', async () => {
    const { post } = setup()
    const res = await post('/api/lab/exports.zip', { stackId: 'nope' })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  })
})
