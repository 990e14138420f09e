import type { CommandResult } from '../../system/run-command.js'
import { firstLine } from './read-unknown.js'

/** `5000` → `5 s`, `500` → `0.5 s`: timeouts as people read them. */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`
}

/**
 * One line saying why a tool gave no usable answer, for a note's message:
 * `nvidia-smi did not answer within 5 s` or `rocm-smi exited with code 2: <first error line>`.
 * Tools differ in where they print errors (nvidia-smi uses stdout), so stderr comes first, then stdout.
 */
export function describeFailure(tool: string, result: CommandResult, timeoutMs: number): string {
  if (result.timedOut) return `${tool} did not answer within ${seconds(timeoutMs)}`
  if (result.notFound) return `${tool} is not installed`
  const detail = firstLine(result.stderr) || firstLine(result.stdout)
  const status = result.exitCode == null ? 'failed' : `exited with code ${result.exitCode}`
  return detail === '' ? `${tool} ${status}` : `${tool} ${status}: ${detail}`
}
