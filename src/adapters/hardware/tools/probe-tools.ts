import type { Gpu, ProbeNote, RuntimeStatus } from '../../../core/hardware.js'
import { RUNTIME_ABSENT } from '../../../core/hardware.js'
import type { CommandResult, RunCommand } from '../../system/run-command.js'
import { DEFAULT_TOOL_TIMEOUT_MS } from '../../system/run-command.js'
import { describeFailure, seconds } from './command-failure.js'
import { parseNvidiaSmiXml } from './parse-nvidia-smi-xml.js'
import { parseRocmSmiJson } from './parse-rocm-smi.js'
import { asList, asText, field, firstLine, parseJson } from './read-unknown.js'

/** GPUs as the vendor tools describe them, plus whether the tools answered. */
export interface GpuToolsReport {
  readonly gpus: Gpu[]
  readonly nvidiaSmi: RuntimeStatus
  readonly rocmSmi: RuntimeStatus
  readonly notes: ProbeNote[]
}

/** The flags are the ones telegraf and the nvidia-smi help (`-q` query, `-x` XML) document. */
const NVIDIA_SMI_ARGS = ['-q', '-x'] as const
const ROCM_SMI_ARGS = [
  '--showproductname',
  '--showmeminfo',
  'vram',
  '--showbus',
  '--showdriverversion',
  '--json',
] as const

/**
 * Asks `nvidia-smi` and `rocm-smi` at the same time, each with a timeout (a wedged driver makes
 * nvidia-smi hang for minutes). A missing tool is normal and gives no note; a stuck or failing
 * one gives a note with a fix.
 */
export async function probeGpuTools(deps: {
  run: RunCommand
  timeoutMs?: number
}): Promise<GpuToolsReport> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS
  const [nvidia, rocm] = await Promise.all([
    deps.run('nvidia-smi', NVIDIA_SMI_ARGS, { timeoutMs }),
    deps.run('rocm-smi', ROCM_SMI_ARGS, { timeoutMs }),
  ])
  const notes: ProbeNote[] = []
  const gpus: Gpu[] = []

  let nvidiaSmi = RUNTIME_ABSENT
  if (!nvidia.notFound) {
    const report = usableOutput(nvidia) ? parseNvidiaSmiXml(nvidia.stdout) : null
    if (report != null && report.gpus.length > 0) {
      gpus.push(...report.gpus)
      notes.push(...report.notes)
    } else if (nvidia.ok && report != null) {
      notes.push(...report.notes)
    } else {
      notes.push(nvidiaFailureNote(nvidia, timeoutMs))
    }
    nvidiaSmi = {
      present: true,
      version: report?.driver ?? null,
      detail: statusDetail(report?.gpus.length ?? 0, report?.cudaVersion, nvidia, timeoutMs),
    }
  }

  let rocmSmi = RUNTIME_ABSENT
  if (!rocm.notFound) {
    const report = usableOutput(rocm) ? parseRocmSmiJson(rocm.stdout) : null
    if (report != null && report.gpus.length > 0) {
      gpus.push(...report.gpus)
      notes.push(...report.notes)
    } else if (rocm.ok && report != null) {
      notes.push(...report.notes)
    } else {
      notes.push({
        area: 'gpu',
        message: describeFailure('rocm-smi', rocm, timeoutMs),
        fix: rocm.timedOut
          ? 'Try `rocm-smi` by hand; a stuck amdgpu driver usually needs a reboot.'
          : 'Check that the amdgpu driver is loaded (`lsmod | grep amdgpu`) and that your user is in the `render` and `video` groups.',
      })
    }
    rocmSmi = {
      present: true,
      version: report?.rocmVersion ?? null,
      detail: statusDetail(report?.gpus.length ?? 0, null, rocm, timeoutMs),
    }
  }
  return { gpus, nvidiaSmi, rocmSmi, notes }
}

/** A tool that fails with an exit code may still have printed a full report (rocm-smi warnings). */
function usableOutput(result: CommandResult): boolean {
  return !result.timedOut && result.stdout.trim() !== ''
}

function statusDetail(
  gpuCount: number,
  cudaVersion: string | null | undefined,
  result: CommandResult,
  timeoutMs: number,
): string {
  if (result.timedOut) return `did not answer within ${seconds(timeoutMs)}`
  if (gpuCount === 0) return result.ok ? 'answered, no GPU listed' : 'failed, see notes'
  const gpus = `${gpuCount} GPU${gpuCount === 1 ? '' : 's'}`
  return cudaVersion == null ? gpus : `${gpus}, CUDA ${cudaVersion}`
}

/** nvidia-smi's common failures, each with the fix that usually works. */
function nvidiaFailureNote(result: CommandResult, timeoutMs: number): ProbeNote {
  if (result.timedOut) {
    return {
      area: 'gpu',
      message: `nvidia-smi did not answer within ${seconds(timeoutMs)}: the driver may be stuck`,
      fix: 'Try `nvidia-smi` by hand, or reboot after a driver update.',
    }
  }
  const message = describeFailure('nvidia-smi', result, timeoutMs)
  const text = `${result.stdout}\n${result.stderr}`
  let fix = 'Run `nvidia-smi` by hand; reinstalling the NVIDIA driver usually fixes it.'
  if (/version mismatch/i.test(text)) {
    fix = 'Reboot: the loaded kernel module is older than the driver libraries after an update.'
  } else if (
    /couldn't communicate|could not communicate|driver.*not (loaded|running)/i.test(text)
  ) {
    fix =
      'Load or install the NVIDIA driver (`sudo modprobe nvidia`); with Secure Boot, enroll the module key or rebuild it with DKMS.'
  } else if (/No devices were found/i.test(text)) {
    fix =
      'The driver sees no NVIDIA GPU: check the card is seated and powered, or that the VM really has it passed through.'
  }
  return { area: 'gpu', message, fix }
}

/** Container and LLM runtimes found on this machine. */
export interface RuntimesReport {
  readonly docker: RuntimeStatus
  readonly ollama: RuntimeStatus
  readonly notes: ProbeNote[]
}

const OLLAMA_URL = 'http://127.0.0.1:11434'
/** Ollama on localhost answers in a few ms; anything slower is not worth holding the probe for. */
const OLLAMA_TIMEOUT_MS = 300

/**
 * Checks Docker (`docker --version`, client only) and a local Ollama (`/api/version`, `/api/tags`).
 * Nothing installed or listening is normal and gives no note.
 */
export async function probeRuntimes(deps: {
  run: RunCommand
  fetch: typeof fetch
  timeoutMs?: number
  ollamaUrl?: string
  ollamaTimeoutMs?: number
}): Promise<RuntimesReport> {
  const notes: ProbeNote[] = []
  const [docker, ollama] = await Promise.all([
    probeDocker(deps.run, deps.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS, notes),
    probeOllama(
      deps.fetch,
      deps.ollamaUrl ?? OLLAMA_URL,
      deps.ollamaTimeoutMs ?? OLLAMA_TIMEOUT_MS,
      notes,
    ),
  ])
  return { docker, ollama, notes }
}

async function probeDocker(
  run: RunCommand,
  timeoutMs: number,
  notes: ProbeNote[],
): Promise<RuntimeStatus> {
  const result = await run('docker', ['--version'], { timeoutMs })
  if (result.notFound) return RUNTIME_ABSENT
  // `Docker version 27.3.1, build ce12230`; podman's docker shim says `podman version 5.2.2`.
  const match = /\b(docker|podman) version v?(\d[\w.+-]*)/i.exec(result.stdout)
  if (!result.ok || match?.[2] == null) {
    notes.push({
      area: 'runtime',
      message: describeFailure('docker --version', result, timeoutMs),
      fix: 'Run `docker --version` by hand; reinstall Docker if it fails.',
    })
    return { present: true, version: null, detail: 'the docker command is broken' }
  }
  const podman = match[1]?.toLowerCase() === 'podman'
  return {
    present: true,
    version: match[2].replace(/,$/, ''),
    detail:
      (podman ? 'podman behind the docker command; ' : '') +
      'client only: whether the daemon runs was not checked',
  }
}

async function probeOllama(
  fetchFn: typeof fetch,
  baseUrl: string,
  timeoutMs: number,
  notes: ProbeNote[],
): Promise<RuntimeStatus> {
  const [version, tags] = await Promise.all([
    getJson(fetchFn, `${baseUrl}/api/version`, timeoutMs),
    getJson(fetchFn, `${baseUrl}/api/tags`, timeoutMs),
  ])
  if (version.kind === 'unreachable') return RUNTIME_ABSENT
  if (version.kind === 'timeout') {
    notes.push({
      area: 'runtime',
      message: `Something listens on ${baseUrl} but did not answer within ${seconds(timeoutMs)}`,
      fix: 'If it is Ollama, check it with `ollama ps`, or restart it (`systemctl restart ollama`).',
    })
    return { present: false, version: null, detail: 'port open, no answer' }
  }
  const versionText = version.kind === 'json' ? asText(field(version.value, 'version')) : null
  if (versionText == null) {
    notes.push({
      area: 'runtime',
      message: `${baseUrl} answers, but not like Ollama (${version.kind === 'json' ? 'no version field' : version.reason})`,
      fix: 'Another program uses Ollama’s port 11434; stop it or move Ollama with OLLAMA_HOST.',
    })
    return { present: false, version: null, detail: 'port 11434 used by another program' }
  }
  const models = tags.kind === 'json' ? field(tags.value, 'models') : undefined
  const detail = Array.isArray(models)
    ? `${asList(models).length} local model${models.length === 1 ? '' : 's'}`
    : 'model list unavailable'
  return { present: true, version: versionText, detail }
}

type HttpAnswer =
  | { kind: 'json'; value: unknown }
  | { kind: 'bad'; reason: string }
  | { kind: 'timeout' }
  | { kind: 'unreachable' }

async function getJson(fetchFn: typeof fetch, url: string, timeoutMs: number): Promise<HttpAnswer> {
  let response: Response
  try {
    response = await fetchFn(url, { signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    const name = error instanceof Error ? error.name : ''
    // Refused, reset or unresolvable: nothing is there, which is the common case.
    return name === 'TimeoutError' || name === 'AbortError'
      ? { kind: 'timeout' }
      : { kind: 'unreachable' }
  }
  let body: string
  try {
    body = await response.text()
  } catch (error) {
    const name = error instanceof Error ? error.name : ''
    return name === 'TimeoutError' || name === 'AbortError'
      ? { kind: 'timeout' }
      : { kind: 'bad', reason: 'the answer broke off' }
  }
  if (!response.ok) return { kind: 'bad', reason: `HTTP ${response.status}` }
  const parsed = parseJson(body)
  return parsed.ok
    ? { kind: 'json', value: parsed.value }
    : { kind: 'bad', reason: `not JSON: ${firstLine(body, 60)}` }
}
