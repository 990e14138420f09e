/**
 * Waiting for a vSphere Task: poll `info` through the PropertyCollector and report progress.
 * Polling (not WaitForUpdatesEx) because a filter is session state that a dropped connection
 * would leave behind, and our tasks are few and short.
 */
import type { VsphereClient } from './client.js'
import { retrieveObjects } from './property-collector.js'
import { child, methodFault, moRef, text, type MoRef, type XmlNode } from './soap-envelope.js'
import { faultToError, VsphereConnectionError, VsphereProtocolError } from './vsphere-errors.js'

/** One progress report: the task's state and percent (null while vSphere does not say). */
export interface TaskProgress {
  readonly task: string
  readonly state: 'queued' | 'running' | 'success' | 'error'
  readonly percent: number | null
}

export interface WaitOptions {
  readonly onProgress?: (progress: TaskProgress) => void
  /** Give up after this long (the task may still finish on the server). */
  readonly timeoutMs?: number
  readonly pollMs?: number
  /** Injected for tests; defaults to setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>
  readonly now?: () => number
}

const TASK_PATHS = ['info.state', 'info.progress', 'info.error', 'info.result']
const STATES = new Set(['queued', 'running', 'success', 'error'])

/** Reads the MoRef a `XxxTask` call returned. */
export function taskRef(response: XmlNode): MoRef {
  const ret = child(response, 'returnval')
  if (ret == null) throw new VsphereProtocolError(`${response.name}: no task in the reply`)
  return moRef(ret)
}

/**
 * Waits until the task succeeds (returns `info.result` as a MoRef when it is one) or fails
 * (throws the task's fault as a typed error, with `label` as context).
 */
export async function waitForTask(
  client: VsphereClient,
  task: MoRef,
  label: string,
  options: WaitOptions = {},
): Promise<MoRef | null> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const now = options.now ?? (() => Date.now())
  const deadline = now() + (options.timeoutMs ?? 30 * 60_000)
  let pollMs = options.pollMs ?? 100
  let last = ''
  for (;;) {
    const [content] = await retrieveObjects(client, [task], TASK_PATHS)
    if (content == null) throw new VsphereProtocolError(`${label}: task ${task.value} vanished`)
    const state = content.props.get('info.state')?.text ?? ''
    if (!STATES.has(state))
      throw new VsphereProtocolError(`${label}: unknown task state "${state}"`)
    const progressNode = content.props.get('info.progress')
    const percent =
      progressNode == null || progressNode.text === '' ? null : Number(progressNode.text)
    const report: TaskProgress = {
      task: task.value,
      state: state as TaskProgress['state'],
      percent: state === 'success' ? 100 : percent,
    }
    const key = `${report.state}/${report.percent}`
    if (key !== last) {
      last = key
      options.onProgress?.(report)
    }
    if (state === 'success') {
      const result = content.props.get('info.result')
      return result?.attrs.type != null && result.text !== '' ? moRef(result) : null
    }
    if (state === 'error') {
      const error = content.props.get('info.error')
      const { faultType, message } =
        error == null ? { faultType: 'SystemError', message: '' } : methodFault(error)
      throw faultToError(
        faultType,
        message || (error == null ? '' : (text(error, 'localizedMessage') ?? '')),
        label,
      )
    }
    if (now() > deadline) {
      throw new VsphereConnectionError(
        `${label}: still ${state} after the time limit; check it in the vSphere client`,
      )
    }
    await sleep(pollMs)
    // Back off gently: quick tasks finish in the first polls, long ones need not be polled fast.
    pollMs = Math.min(pollMs * 2, 2_000)
  }
}
