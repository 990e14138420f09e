import type { RunCommand } from '../../system/run-command.js'
import { describeFailure } from '../tools/command-failure.js'
import { WINDOWS_CIM_SCRIPT } from './cim-script.js'
import type { WindowsCim } from './parse-windows-cim.js'
import { parseWindowsCim } from './parse-windows-cim.js'

// PowerShell 5.1 starts in about a second, and a cold WMI can take several more.
const POWERSHELL_TIMEOUT_MS = 30_000

/**
 * Probes Windows with one PowerShell run. The script goes in as -EncodedCommand (UTF-16LE,
 * base64): passed as plain -Command text, its double quotes would be re-quoted on the way through
 * CreateProcess and PowerShell's own argument parsing.
 */
export async function probeWindows(deps: { run: RunCommand }): Promise<WindowsCim> {
  const result = await deps.run(
    'powershell.exe',
    [
      '-NoProfile',
      '-NonInteractive',
      '-EncodedCommand',
      Buffer.from(WINDOWS_CIM_SCRIPT, 'utf16le').toString('base64'),
    ],
    { timeoutMs: POWERSHELL_TIMEOUT_MS },
  )
  const cim = parseWindowsCim(result.stdout)
  if (result.ok) return cim
  // Without output, say why PowerShell failed instead of "printed nothing".
  const notes = result.stdout.trim() === '' ? [] : cim.notes
  return {
    ...cim,
    notes: [
      {
        area: 'os',
        message: describeFailure('PowerShell', result, POWERSHELL_TIMEOUT_MS),
        fix: result.timedOut
          ? 'WMI may be stuck: restart the "Windows Management Instrumentation" service or reboot.'
          : 'Check that powershell.exe runs (`powershell -NoProfile -Command "$PSVersionTable"`).',
      },
      ...notes,
    ],
  }
}
