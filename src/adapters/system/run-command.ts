import { spawn } from 'node:child_process'

/** What came back from an external tool; never throws, so a broken tool is just a partial result. */
export interface CommandResult {
  readonly ok: boolean
  readonly stdout: string
  readonly stderr: string
  readonly exitCode: number | null
  /** The tool is not installed (ENOENT). */
  readonly notFound: boolean
  readonly timedOut: boolean
  readonly durationMs: number
}

export interface RunOptions {
  readonly timeoutMs?: number
  readonly env?: NodeJS.ProcessEnv
  /** Stop reading past this many bytes of stdout, so a runaway tool cannot eat memory. */
  readonly maxOutputBytes?: number
}

/** Runs one external command; the type the probe and benchmarks take as a parameter. */
export type RunCommand = (
  file: string,
  args: readonly string[],
  options?: RunOptions,
) => Promise<CommandResult>

/** Default timeout for a machine tool: long enough for a cold nvidia-smi, short enough not to hang. */
export const DEFAULT_TOOL_TIMEOUT_MS = 5_000

/**
 * The real runner: spawn without a shell (no quoting traps), kill the whole process on timeout
 * with SIGKILL (a hung nvidia-smi ignores SIGTERM while the driver is stuck), and never reject.
 */
export const runCommand: RunCommand = (file, args, options = {}) => {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS
  const maxBytes = options.maxOutputBytes ?? 32 * 1024 * 1024
  const started = performance.now()
  return new Promise((resolve) => {
    let stdout = ''
    let stderr = ''
    let stdoutBytes = 0
    let settled = false
    let timedOut = false
    const finish = (
      result: Omit<CommandResult, 'durationMs' | 'stdout' | 'stderr' | 'timedOut'>,
    ) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...result, stdout, stderr, timedOut, durationMs: performance.now() - started })
    }
    let child: ReturnType<typeof spawn>
    try {
      child = spawn(file, args, {
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      })
    } catch (error) {
      // spawn throws synchronously only for invalid arguments; report it like a missing tool.
      stderr = String(error)
      resolve({
        ok: false,
        stdout,
        stderr,
        exitCode: null,
        notFound: true,
        timedOut: false,
        durationMs: 0,
      })
      return
    }
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
      finish({ ok: false, exitCode: null, notFound: false })
    }, timeoutMs)
    child.stdout?.setEncoding('utf8')
    child.stderr?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      stdoutBytes += chunk.length
      if (stdoutBytes <= maxBytes) stdout += chunk
      else child.kill('SIGKILL')
    })
    child.stderr?.on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({ ok: false, exitCode: null, notFound: error.code === 'ENOENT' })
    })
    child.on('close', (code) => {
      finish({ ok: code === 0 && stdoutBytes <= maxBytes, exitCode: code, notFound: false })
    })
  })
}
