import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandResult, RunCommand, RunOptions } from '../../system/run-command.js'
import { probeGpuTools, probeRuntimes } from './probe-tools.js'

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')

const answer = (stdout: string, extra: Partial<CommandResult> = {}): CommandResult => ({
  ok: true,
  stdout,
  stderr: '',
  exitCode: 0,
  notFound: false,
  timedOut: false,
  durationMs: 5,
  ...extra,
})
const missing = answer('', { ok: false, exitCode: null, notFound: true })
const hung = answer('', { ok: false, exitCode: null, timedOut: true, durationMs: 5000 })
const failed = (exitCode: number, stdout: string, stderr = '') =>
  answer(stdout, { ok: false, exitCode, stderr })

interface Call {
  readonly file: string
  readonly args: readonly string[]
  readonly options: RunOptions | undefined
}

/** A fake runner: one canned result per program, and a log of the calls. */
function fakeRun(results: Record<string, CommandResult>): { run: RunCommand; calls: Call[] } {
  const calls: Call[] = []
  const run: RunCommand = (file, args, options) => {
    calls.push({ file, args, options })
    return Promise.resolve(results[file] ?? missing)
  }
  return { run, calls }
}

describe('probeGpuTools', () => {
  it('runs both tools with the documented flags and the timeout', async () => {
    const { run, calls } = fakeRun({})
    await probeGpuTools({ run, timeoutMs: 1234 })
    expect(calls).toEqual([
      { file: 'nvidia-smi', args: ['-q', '-x'], options: { timeoutMs: 1234 } },
      {
        file: 'rocm-smi',
        args: [
          '--showproductname',
          '--showmeminfo',
          'vram',
          '--showbus',
          '--showdriverversion',
          '--json',
        ],
        options: { timeoutMs: 1234 },
      },
    ])
  })

  it('says nothing on a machine without GPU tools', async () => {
    const { run } = fakeRun({})
    expect(await probeGpuTools({ run })).toEqual({
      gpus: [],
      nvidiaSmi: { present: false, version: null, detail: null },
      rocmSmi: { present: false, version: null, detail: null },
      notes: [],
    })
  })

  it('reads NVIDIA GPUs from a recorded nvidia-smi', async () => {
    const { run } = fakeRun({
      'nvidia-smi': answer(fixture('nvidia-smi/telegraf_dual_2080-v13.xml')),
    })
    const report = await probeGpuTools({ run })
    expect(report.gpus.map((g) => g.name)).toEqual([
      'NVIDIA GeForce RTX 2080',
      'NVIDIA GeForce RTX 2080',
    ])
    expect(report.nvidiaSmi).toEqual({
      present: true,
      version: '590.44.01',
      detail: '2 GPUs, CUDA 13.1',
    })
    expect(report.notes).toEqual([])
  })

  it('reads AMD GPUs from a recorded rocm-smi', async () => {
    const { run } = fakeRun({
      'rocm-smi': answer(fixture('rocm-smi/telegraf_rx6700xt_rocm612.json')),
    })
    const report = await probeGpuTools({ run })
    expect(report.gpus).toHaveLength(1)
    expect(report.gpus[0]?.vendor).toBe('amd')
    expect(report.rocmSmi).toEqual({ present: true, version: null, detail: '1 GPU' })
  })

  it('notes a hung nvidia-smi with the timeout in seconds', async () => {
    const { run } = fakeRun({ 'nvidia-smi': hung })
    const report = await probeGpuTools({ run })
    expect(report.gpus).toEqual([])
    expect(report.nvidiaSmi).toEqual({
      present: true,
      version: null,
      detail: 'did not answer within 5 s',
    })
    expect(report.notes).toEqual([
      {
        area: 'gpu',
        message: 'nvidia-smi did not answer within 5 s: the driver may be stuck',
        fix: 'Try `nvidia-smi` by hand, or reboot after a driver update.',
      },
    ])
  })

  // The messages below are the ones nvidia-smi prints for these failures (on stdout, not stderr).
  it.each([
    [
      9,
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.",
      'modprobe nvidia',
    ],
    [18, 'Failed to initialize NVML: Driver/library version mismatch', 'Reboot'],
    [6, 'No devices were found', 'passed through'],
    [255, 'Segmentation fault', 'reinstalling'],
  ])('notes nvidia-smi exit %i with the first line and a fix', async (code, stdout, fix) => {
    const { run } = fakeRun({ 'nvidia-smi': failed(code, stdout) })
    const report = await probeGpuTools({ run })
    expect(report.gpus).toEqual([])
    expect(report.nvidiaSmi.present).toBe(true)
    expect(report.notes).toHaveLength(1)
    expect(report.notes[0]?.message).toBe(`nvidia-smi exited with code ${code}: ${stdout}`)
    expect(report.notes[0]?.fix).toContain(fix)
  })

  it('prefers the first stderr line for a failing rocm-smi', async () => {
    const { run } = fakeRun({
      'rocm-smi': failed(
        1,
        '',
        'ERROR:root:Driver not initialized (amdgpu not found in modules)\nmore',
      ),
    })
    const report = await probeGpuTools({ run })
    expect(report.notes[0]?.message).toBe(
      'rocm-smi exited with code 1: ERROR:root:Driver not initialized (amdgpu not found in modules)',
    )
    expect(report.notes[0]?.fix).toContain('render')
  })

  it('keeps GPUs that a tool printed before exiting non-zero', async () => {
    const { run } = fakeRun({
      'rocm-smi': failed(2, fixture('rocm-smi/telegraf_vega-10-XT.json')),
    })
    const report = await probeGpuTools({ run })
    expect(report.gpus).toHaveLength(1)
    expect(report.notes).toEqual([])
  })

  it('passes on the parser note for garbage on a zero exit', async () => {
    const { run } = fakeRun({ 'nvidia-smi': answer('<html><body>oops</body></html>') })
    const report = await probeGpuTools({ run })
    expect(report.gpus).toEqual([])
    expect(report.notes[0]?.message).toContain('not its XML report')
    expect(report.nvidiaSmi.detail).toBe('answered, no GPU listed')
  })

  it('asks both tools at the same time', async () => {
    let running = 0
    let peak = 0
    const run: RunCommand = async () => {
      running++
      peak = Math.max(peak, running)
      await new Promise((resolve) => setTimeout(resolve, 20))
      running--
      return missing
    }
    await probeGpuTools({ run })
    expect(peak).toBe(2)
  })
})

/** A fake fetch answering from a table of URL → body (JSON) or thrown error. */
function fakeFetch(routes: Record<string, unknown>): typeof fetch {
  return (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (!(url in routes)) {
      const refused = new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:11434'), {
          code: 'ECONNREFUSED',
        }),
      })
      return Promise.reject(refused)
    }
    const route = routes[url]
    if (route instanceof Error) return Promise.reject(route)
    if (route instanceof Response) return Promise.resolve(route)
    return Promise.resolve(Response.json(route))
  }
}

const OLLAMA = 'http://127.0.0.1:11434'
const dockerOk = { docker: answer('Docker version 27.3.1, build ce12230\n') }

describe('probeRuntimes', () => {
  it('reads docker and a local Ollama with its model count', async () => {
    const { run } = fakeRun(dockerOk)
    const report = await probeRuntimes({
      run,
      fetch: fakeFetch({
        [`${OLLAMA}/api/version`]: { version: '0.5.7' },
        [`${OLLAMA}/api/tags`]: { models: [{ name: 'llama3.2:3b' }, { name: 'qwen2.5:7b' }] },
      }),
    })
    expect(report).toEqual({
      docker: {
        present: true,
        version: '27.3.1',
        detail: 'client only: whether the daemon runs was not checked',
      },
      ollama: { present: true, version: '0.5.7', detail: '2 local models' },
      notes: [],
    })
  })

  it('says nothing when neither is there', async () => {
    const { run } = fakeRun({})
    const report = await probeRuntimes({ run, fetch: fakeFetch({}) })
    expect(report).toEqual({
      docker: { present: false, version: null, detail: null },
      ollama: { present: false, version: null, detail: null },
      notes: [],
    })
  })

  it('recognises podman behind the docker command', async () => {
    const { run } = fakeRun({ docker: answer('podman version 5.2.2\n') })
    const report = await probeRuntimes({ run, fetch: fakeFetch({}) })
    expect(report.docker.version).toBe('5.2.2')
    expect(report.docker.detail).toContain('podman')
  })

  it('notes a broken docker command', async () => {
    const { run } = fakeRun({ docker: failed(126, '', 'permission denied') })
    const report = await probeRuntimes({ run, fetch: fakeFetch({}) })
    expect(report.docker.present).toBe(true)
    expect(report.notes[0]?.message).toBe(
      'docker --version exited with code 126: permission denied',
    )
  })

  it('notes a port that answers too slowly', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    const { run } = fakeRun({})
    const report = await probeRuntimes({
      run,
      fetch: fakeFetch({ [`${OLLAMA}/api/version`]: timeout, [`${OLLAMA}/api/tags`]: timeout }),
    })
    expect(report.ollama.present).toBe(false)
    expect(report.notes[0]?.message).toBe(
      `Something listens on ${OLLAMA} but did not answer within 0.3 s`,
    )
  })

  it('notes another program on the Ollama port', async () => {
    const { run } = fakeRun({})
    const report = await probeRuntimes({
      run,
      fetch: fakeFetch({
        [`${OLLAMA}/api/version`]: new Response('<h1>Not Found</h1>', { status: 404 }),
      }),
    })
    expect(report.ollama.present).toBe(false)
    expect(report.notes[0]?.message).toContain('not like Ollama (HTTP 404)')
  })

  it('still reports Ollama when the model list fails', async () => {
    const { run } = fakeRun({})
    const report = await probeRuntimes({
      run,
      fetch: fakeFetch({ [`${OLLAMA}/api/version`]: { version: '0.6.0' } }),
    })
    expect(report.ollama).toEqual({
      present: true,
      version: '0.6.0',
      detail: 'model list unavailable',
    })
  })
})

// Binds a port, so it is an integration test; it stays here because it tests this file alone.
describe('probeRuntimes against a real HTTP server that imitates Ollama', () => {
  let baseUrl = ''
  // Shapes from Ollama's API docs: GET /api/version and GET /api/tags.
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json')
    if (req.url === '/api/version') res.end(JSON.stringify({ version: '0.12.3' }))
    else if (req.url === '/api/tags')
      res.end(
        JSON.stringify({
          models: [
            {
              name: 'gemma3:4b',
              model: 'gemma3:4b',
              modified_at: '2025-10-03T23:34:03.409490317-07:00',
              size: 3338801804,
              digest: 'a2af6cc3eb7fa8be8504abaf9b04e88f17a119ec3f04a3addf55f92841195f5a',
              details: {
                format: 'gguf',
                family: 'gemma',
                families: ['gemma'],
                parameter_size: '4.3B',
                quantization_level: 'Q4_K_M',
              },
            },
          ],
        }),
      )
    else {
      res.statusCode = 404
      res.end('{"error":"not found"}')
    }
  })
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('finds the server and counts its models', async () => {
    const { run } = fakeRun({})
    const report = await probeRuntimes({ run, fetch, ollamaUrl: baseUrl, ollamaTimeoutMs: 2000 })
    expect(report.ollama).toEqual({ present: true, version: '0.12.3', detail: '1 local model' })
    expect(report.notes).toEqual([])
  })

  it('treats a closed port as no Ollama, without a note', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const { run } = fakeRun({})
    const report = await probeRuntimes({ run, fetch, ollamaUrl: `http://127.0.0.1:${port}` })
    expect(report.ollama.present).toBe(false)
    expect(report.notes).toEqual([])
  })
})
