import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { CommandResult, RunCommand } from '../../system/run-command.js'
import { parseSysctl, parseVmStatAvailableBytes, simdFromSysctl } from './parse-sysctl.js'
import { probeDarwin } from './probe-darwin.js'

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

/** system_profiler prints one JSON object holding both data types when asked for both. */
const combined = (hardwareFile: string, displaysFile: string) =>
  JSON.stringify({
    ...(JSON.parse(fixture(hardwareFile)) as object),
    ...(JSON.parse(fixture(displaysFile)) as object),
  })

// Written for these tests in the shape of real `sysctl` and `vm_stat` output (`name: value` lines;
// unknown names go to stderr and make sysctl exit 1). No recorded copy with a usable licence was found.
const M1_PRO_SYSCTL = [
  'hw.physicalcpu: 10',
  'hw.logicalcpu: 10',
  'hw.packages: 1',
  'hw.memsize: 34359738368',
  'hw.optional.arm64: 1',
  'hw.optional.neon: 1',
  'hw.optional.AdvSIMD: 1',
  'hw.optional.arm.FEAT_DotProd: 1',
  'hw.optional.arm.FEAT_I8MM: 0',
  'machdep.cpu.brand_string: Apple M1 Pro',
  'kern.osproductversion: 14.5',
  'kern.osrelease: 23.5.0',
  'kern.hostname: studio.local',
  '',
].join('\n')
const M1_PRO_SYSCTL_STDERR =
  "sysctl: unknown oid 'hw.cpufrequency'\nsysctl: unknown oid 'hw.optional.x86_64'\n"
const VM_STAT = [
  'Mach Virtual Memory Statistics: (page size of 16384 bytes)',
  'Pages free:                               65536.',
  'Pages active:                            400000.',
  'Pages inactive:                          131072.',
  'Pages speculative:                        65536.',
  'Pages wired down:                        200000.',
  '',
].join('\n')

function fakeRun(results: Record<string, CommandResult>): RunCommand {
  const missing = answer('', { ok: false, exitCode: null, notFound: true })
  return (file) => Promise.resolve(results[file] ?? missing)
}

describe('probeDarwin', () => {
  it('describes an Apple Silicon Mac', async () => {
    const probe = await probeDarwin({
      run: fakeRun({
        system_profiler: answer(
          combined(
            'tirekick_SPHardwareDataType_apple-m5-max_macbookpro-mac17-6.json',
            'tirekick_SPDisplaysDataType_apple-m1-pro_macbookpro_plus-2-dell.json',
          ),
        ),
        sysctl: answer(M1_PRO_SYSCTL, { ok: false, exitCode: 1, stderr: M1_PRO_SYSCTL_STDERR }),
        vm_stat: answer(VM_STAT),
      }),
    })
    expect(probe.os).toEqual({
      platform: 'darwin',
      name: 'macOS 14.5',
      kernel: 'Darwin 23.5.0',
      hostname: 'studio.local',
    })
    expect(probe.cpu).toEqual({
      vendor: 'Apple',
      model: 'Apple M1 Pro',
      arch: 'arm64',
      cores: 10,
      threads: 10,
      sockets: 1,
      simd: ['neon', 'dotprod'],
      clockMHz: null,
      maxClockMHz: null,
    })
    expect(probe.memory).toEqual({
      totalGiB: 32,
      availableGiB: 4,
      type: null,
      speedMTs: null,
      channels: null,
    })
    expect(probe.gpus.map((g) => [g.name, g.attachment, g.vramMiB])).toEqual([
      ['Apple M1 Pro (14-core GPU)', 'unified', null],
    ])
    expect(probe.notes.map((n) => n.area)).toEqual(['gpu'])
  })

  it('notes a macOS VM and falls back to system_profiler without sysctl', async () => {
    const probe = await probeDarwin({
      run: fakeRun({
        system_profiler: answer(
          combined(
            'tirekick_SPHardwareDataType_github-runner-macos15-intel-vm.json',
            'tirekick_SPDisplaysDataType_github-runner-macos15-intel-vm_paravirt-gpu.json',
          ),
        ),
      }),
    })
    expect(probe.gpus).toEqual([])
    expect(probe.cpu).toMatchObject({ cores: 4, threads: 4, arch: 'x86-64', clockMHz: 3190 })
    expect(probe.memory.totalGiB).toBe(14)
    expect(probe.notes.map((n) => n.message)).toEqual([
      'sysctl is not installed',
      'This Mac is a virtual machine with a paravirtual display adapter (Apple Paravirtualized Graphics Device): no GPU for AI',
      'Could not read free memory (vm_stat is not installed)',
    ])
  })

  it('notes the Apple-silicon runner VM', async () => {
    const probe = await probeDarwin({
      run: fakeRun({
        system_profiler: answer(
          fixture(
            'tirekick_SPHardwareDataType_github-runner-macos26-arm64-vm_apple-m1-virtual.json',
          ),
        ),
        vm_stat: answer(VM_STAT),
      }),
    })
    expect(probe.cpu.arch).toBe('arm64')
    expect(probe.notes.find((n) => n.area === 'virtualization')?.message).toBe(
      'This Mac is a virtual machine (Apple M1 (Virtual), VirtualMac2,1): GPU speed and memory limits differ from the physical Mac',
    )
  })

  it('notes Rosetta and a hung system_profiler', async () => {
    const probe = await probeDarwin({
      run: fakeRun({
        system_profiler: answer('', { ok: false, exitCode: null, timedOut: true }),
        sysctl: answer(`${M1_PRO_SYSCTL}sysctl.proc_translated: 1\n`),
        vm_stat: answer(VM_STAT),
      }),
    })
    expect(probe.cpu.model).toBe('Apple M1 Pro')
    expect(probe.notes.map((n) => n.message)).toEqual([
      'system_profiler did not answer within 20 s',
      'Node runs under Rosetta 2 (an x64 build on Apple Silicon): tools started from it may run as slower x86 code',
    ])
  })
})

describe('sysctl and vm_stat parsers', () => {
  it('reads Intel SIMD flags and AVX-512 VNNI from leaf 7', () => {
    const values = parseSysctl(
      [
        'hw.optional.sse4_2: 1',
        'hw.optional.avx1_0: 1',
        'hw.optional.avx2_0: 1',
        'hw.optional.fma: 1',
        'hw.optional.f16c: 1',
        'hw.optional.avx512f: 0',
        'machdep.cpu.leaf7_features: RDWRFSGS BMI1 AVX2 SMEP BMI2 ERMS',
        'hw.osenvironment: ',
      ].join('\n'),
    )
    expect(values.get('hw.osenvironment')).toBe('')
    expect(simdFromSysctl(values)).toEqual(['sse4.2', 'avx', 'f16c', 'fma', 'avx2'])
    expect(simdFromSysctl(parseSysctl('machdep.cpu.leaf7_features: AVX512F AVX512VNNI'))).toEqual([
      'avx512-vnni',
    ])
  })

  it('reads available memory from vm_stat, or null for other text', () => {
    expect(parseVmStatAvailableBytes(VM_STAT)).toBe((65536 + 131072 + 65536) * 16384)
    expect(parseVmStatAvailableBytes('vm_stat: command not found')).toBeNull()
    expect(parseVmStatAvailableBytes('')).toBeNull()
  })
})
