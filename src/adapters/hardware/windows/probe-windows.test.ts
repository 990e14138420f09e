import { describe, expect, it } from 'vitest'
import type { CommandResult, RunCommand } from '../../system/run-command.js'
import { WINDOWS_CIM_SCRIPT } from './cim-script.js'
import { probeWindows } from './probe-windows.js'

const result = (extra: Partial<CommandResult>): CommandResult => ({
  ok: true,
  stdout: '',
  stderr: '',
  exitCode: 0,
  notFound: false,
  timedOut: false,
  durationMs: 900,
  ...extra,
})

// Written for this test in the script's output shape (see parse-windows-cim.test.ts).
const OUTPUT = JSON.stringify({
  processors: [
    {
      Name: 'AMD Ryzen 9 7950X 16-Core Processor',
      NumberOfCores: 16,
      NumberOfLogicalProcessors: 32,
      Architecture: 9,
    },
  ],
  computerSystem: {
    Name: 'RIG',
    Manufacturer: 'ASUS',
    Model: 'System Product Name',
    TotalPhysicalMemory: 137438953472,
  },
  cpuFeatures: [38, 39, 40, 41],
  errors: [],
})

describe('probeWindows', () => {
  it('runs the CIM script once through PowerShell, encoded', async () => {
    const calls: { file: string; args: readonly string[] }[] = []
    const run: RunCommand = (file, args) => {
      calls.push({ file, args })
      return Promise.resolve(result({ stdout: OUTPUT }))
    }
    const probe = await probeWindows({ run })
    expect(calls).toHaveLength(1)
    const [call] = calls
    expect(call?.file).toBe('powershell.exe')
    expect(call?.args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-EncodedCommand'])
    expect(Buffer.from(call?.args[3] ?? '', 'base64').toString('utf16le')).toBe(WINDOWS_CIM_SCRIPT)
    expect(probe.cpu).toMatchObject({
      cores: 16,
      threads: 32,
      simd: ['sse4.2', 'avx', 'avx2', 'avx512f'],
    })
    expect(probe.memory.totalGiB).toBe(128)
  })

  it('says why when PowerShell hangs', async () => {
    const run: RunCommand = () =>
      Promise.resolve(result({ ok: false, exitCode: null, timedOut: true }))
    const probe = await probeWindows({ run })
    expect(probe.notes.map((n) => n.message)).toEqual(['PowerShell did not answer within 30 s'])
    expect(probe.notes[0]?.fix).toContain('Windows Management Instrumentation')
  })

  it('says why when PowerShell is missing', async () => {
    const run: RunCommand = () =>
      Promise.resolve(result({ ok: false, exitCode: null, notFound: true }))
    const probe = await probeWindows({ run })
    expect(probe.notes[0]?.message).toBe('PowerShell is not installed')
    expect(probe.gpus).toEqual([])
  })
})
