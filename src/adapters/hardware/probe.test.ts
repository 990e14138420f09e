import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { probeHardware } from './probe.js'
import type { CommandResult, RunCommand } from '../system/run-command.js'

const fixture = (name: string) =>
  fileURLToPath(new URL(`./linux/fixtures/${name}`, import.meta.url))
const recorded = (name: string) =>
  readFileSync(new URL(`./tools/fixtures/nvidia-smi/${name}`, import.meta.url), 'utf8')

const result = (over: Partial<CommandResult>): CommandResult => ({
  ok: true,
  stdout: '',
  stderr: '',
  exitCode: 0,
  notFound: false,
  timedOut: false,
  durationMs: 1,
  ...over,
})

/** A fake machine's tools: answers by command line; anything else is "not installed". */
function fakeRun(
  answers: Record<string, Partial<CommandResult>>,
): RunCommand & { calls: string[] } {
  const calls: string[] = []
  const run = (file: string, args: readonly string[]) => {
    const line = [file, ...args].join(' ')
    calls.push(line)
    const a = answers[line] ?? answers[file]
    return Promise.resolve(
      a != null ? result(a) : result({ ok: false, notFound: true, exitCode: null }),
    )
  }
  return Object.assign(run, { calls })
}

const noFetch: typeof fetch = () => Promise.reject(new TypeError('fetch failed: ECONNREFUSED'))
const fixedNow = () => new Date('2026-11-30T10:00:00Z')
const statfs = () => Promise.resolve({ bsize: 4096, blocks: 262_144_000, bavail: 131_072_000 })

describe('probeHardware on Linux fixture trees', () => {
  it('merges nvidia-smi into the sysfs GPU of a VMware VM with a passed-through RTX 3090', async () => {
    // The recorded card sat at 00:10.0; the fixture VM has it at 0b:00.0 (as nvidia-smi prints it).
    const xml = recorded('telegraf_rtx-3090-v12.xml').replaceAll(
      '00000000:00:10.0',
      '00000000:0B:00.0',
    )
    const run = fakeRun({
      'nvidia-smi -q -x': { stdout: xml },
      'systemd-detect-virt': { stdout: 'vmware\n' },
      'systemd-detect-virt --vm': { stdout: 'vmware\n' },
    })
    const hw = await probeHardware({
      platform: 'linux',
      root: fixture('vmware-vm-rtx3090-passthrough'),
      tools: true,
      run,
      fetch: noFetch,
      statfs,
      now: fixedNow,
    })
    expect(hw.probedAt).toBe('2026-11-30T10:00:00.000Z')
    expect(hw.virtualization).toMatchObject({ kind: 'vmware', role: 'vm', isVmwareGuest: true })
    expect(hw.gpus).toHaveLength(1)
    expect(hw.gpus[0]).toMatchObject({
      vendor: 'nvidia',
      busId: '0000:0b:00.0',
      pciId: '10de:2204',
      attachment: 'passthrough',
      vramMiB: 24576,
      driver: '525.147.05',
      cudaVersion: '12.0',
    })
    expect(hw.gpus[0]?.source).toContain('nvidia-smi')
    expect(hw.runtimes.nvidiaSmi.present).toBe(true)
  })

  it('does not run this machine’s tools against a fixture root by default', async () => {
    const run = fakeRun({})
    const hw = await probeHardware({
      platform: 'linux',
      root: fixture('empty-machine'),
      run,
      fetch: noFetch,
      statfs,
    })
    expect(run.calls).toEqual([])
    expect(hw.gpus).toEqual([])
    expect(hw.schemaVersion).toBe(1)
  })

  it('keeps a partial result with a note when nvidia-smi hangs', async () => {
    const run = fakeRun({
      'nvidia-smi -q -x': { ok: false, timedOut: true, exitCode: null },
    })
    const hw = await probeHardware({
      platform: 'linux',
      root: fixture('baremetal-2gpu'),
      tools: true,
      run,
      fetch: noFetch,
      statfs,
      timeoutMs: 500,
    })
    expect(hw.gpus.length).toBe(2)
    expect(hw.gpus.every((g) => g.vramMiB == null)).toBe(true)
    expect(hw.notes.map((n) => n.message).join('\n')).toMatch(/nvidia-smi did not answer/)
  })
})

describe('probeHardware on macOS', () => {
  it('reads df for storage and kern.hv_vmm_present for virtualization', async () => {
    const run = fakeRun({
      'df -kP': {
        stdout:
          'Filesystem     1024-blocks      Used Available Capacity  Mounted on\n' +
          '/dev/disk3s1s1   971350180  10000000 500000000     3%    /\n' +
          '/dev/disk3s5     971350180 400000000 500000000    45%    /System/Volumes/Data\n' +
          '/dev/disk3s6     971350180   2097152 500000000     1%    /System/Volumes/VM\n' +
          'map auto_home            0         0         0   100%    /System/Volumes/Data/home\n',
      },
      'sysctl -n kern.hv_vmm_present': { stdout: '0\n' },
    })
    const hw = await probeHardware({ platform: 'darwin', run, fetch: noFetch })
    expect(hw.storage.map((s) => s.mount)).toEqual(['/', '/System/Volumes/Data'])
    expect(hw.virtualization).toMatchObject({ kind: 'none', role: 'bare-metal' })
  })
})
