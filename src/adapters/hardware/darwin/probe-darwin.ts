import type { CpuInfo, Gpu, MemoryInfo, OsInfo, ProbeNote } from '../../../core/hardware.js'
import type { RunCommand } from '../../system/run-command.js'
import { DEFAULT_TOOL_TIMEOUT_MS } from '../../system/run-command.js'
import { describeFailure } from '../tools/command-failure.js'
import { parseSpDisplays, parseSpHardware } from './parse-system-profiler.js'
import {
  DARWIN_SYSCTL_NAMES,
  archFromSysctl,
  parseSysctl,
  parseVmStatAvailableBytes,
  simdFromSysctl,
  sysctlInteger,
} from './parse-sysctl.js'

/** What the macOS probe finds. */
export interface DarwinProbe {
  readonly os: OsInfo
  readonly cpu: CpuInfo
  readonly memory: MemoryInfo
  readonly gpus: Gpu[]
  readonly notes: ProbeNote[]
}

const BYTES_PER_GIB = 1024 ** 3
// system_profiler's display section takes one to a few seconds on a cold start.
const SYSTEM_PROFILER_TIMEOUT_MS = 20_000

/** Probes a Mac with `system_profiler`, `sysctl` and `vm_stat`, all at once; never throws. */
export async function probeDarwin(deps: { run: RunCommand }): Promise<DarwinProbe> {
  const [profiler, sysctl, vmStat] = await Promise.all([
    deps.run('system_profiler', ['-json', 'SPHardwareDataType', 'SPDisplaysDataType'], {
      timeoutMs: SYSTEM_PROFILER_TIMEOUT_MS,
    }),
    deps.run('sysctl', DARWIN_SYSCTL_NAMES),
    deps.run('vm_stat', []),
  ])
  const notes: ProbeNote[] = []
  // sysctl exits non-zero when one name is unknown on this Mac but still prints the others.
  if (sysctl.stdout.trim() === '') {
    notes.push({
      area: 'cpu',
      message: describeFailure('sysctl', sysctl, DEFAULT_TOOL_TIMEOUT_MS),
      fix: 'Run `sysctl hw` by hand; CPU facts come from it.',
    })
  }
  let hardware = parseSpHardware('')
  let displays: { gpus: Gpu[]; notes: ProbeNote[] } = { gpus: [], notes: [] }
  if (profiler.stdout.trim() === '') {
    notes.push({
      area: 'gpu',
      message: describeFailure('system_profiler', profiler, SYSTEM_PROFILER_TIMEOUT_MS),
      fix: 'Run `system_profiler SPDisplaysDataType` by hand; GPU facts come from it.',
    })
  } else {
    hardware = parseSpHardware(profiler.stdout)
    displays = parseSpDisplays(profiler.stdout)
    notes.push(...hardware.notes, ...displays.notes)
  }
  const values = parseSysctl(sysctl.stdout)

  if (hardware.isVirtual) {
    notes.push({
      area: 'virtualization',
      message: `This Mac is a virtual machine (${hardware.chip ?? 'chip hidden'}, ${hardware.machineModel ?? 'unknown model'}): GPU speed and memory limits differ from the physical Mac`,
      fix: 'Run the probe on the host Mac for numbers that match the hardware.',
    })
  }
  if (values.get('sysctl.proc_translated') === '1') {
    notes.push({
      area: 'cpu',
      message:
        'Node runs under Rosetta 2 (an x64 build on Apple Silicon): tools started from it may run as slower x86 code',
      fix: 'Install the arm64 build of Node.js (nodejs.org, or `brew install node`).',
    })
  }

  const threads = sysctlInteger(values, 'hw.logicalcpu') ?? hardware.cores
  const cores = sysctlInteger(values, 'hw.physicalcpu') ?? hardware.cores
  if (cores == null || threads == null) {
    notes.push({
      area: 'cpu',
      message: 'Neither sysctl nor system_profiler said how many CPU cores this Mac has',
      fix: 'Run `sysctl hw.physicalcpu hw.logicalcpu` by hand.',
    })
  }
  const brand = values.get('machdep.cpu.brand_string') ?? hardware.chip
  const arch =
    archFromSysctl(values) ??
    (hardware.isAppleSilicon === true
      ? 'arm64'
      : hardware.isAppleSilicon === false
        ? 'x86-64'
        : 'other')
  const hz = sysctlInteger(values, 'hw.cpufrequency')
  const hzMax = sysctlInteger(values, 'hw.cpufrequency_max')
  const cpu: CpuInfo = {
    vendor:
      values.get('machdep.cpu.vendor') ?? (brand?.startsWith('Apple') === true ? 'Apple' : null),
    model: brand ?? null,
    arch,
    cores: cores ?? 0,
    threads: threads ?? 0,
    sockets: sysctlInteger(values, 'hw.packages') ?? hardware.packages,
    simd: simdFromSysctl(values),
    // Apple Silicon does not publish clocks through sysctl; Intel Macs do, in Hz.
    clockMHz: hz == null ? hardware.clockMHz : Math.round(hz / 1e6),
    maxClockMHz: hzMax == null ? null : Math.round(hzMax / 1e6),
  }

  const memsize = sysctlInteger(values, 'hw.memsize')
  const totalGiB = memsize == null ? (hardware.memoryGiB ?? 0) : memsize / BYTES_PER_GIB
  const availableBytes = parseVmStatAvailableBytes(vmStat.stdout)
  if (memsize == null && hardware.memoryGiB == null) {
    notes.push({
      area: 'memory',
      message: 'Could not read the memory size of this Mac',
      fix: 'Run `sysctl hw.memsize` by hand.',
    })
  }
  if (availableBytes == null) {
    notes.push({
      area: 'memory',
      message: `Could not read free memory (${vmStat.ok ? 'vm_stat printed no page counts' : describeFailure('vm_stat', vmStat, DEFAULT_TOOL_TIMEOUT_MS)})`,
      fix: 'Run `vm_stat` by hand.',
    })
  }
  const memory: MemoryInfo = {
    totalGiB,
    availableGiB:
      availableBytes == null ? totalGiB : Math.min(totalGiB, availableBytes / BYTES_PER_GIB),
    type: null,
    speedMTs: null,
    channels: null,
  }

  const version = values.get('kern.osproductversion')
  const release = values.get('kern.osrelease')
  const os: OsInfo = {
    platform: 'darwin',
    name: version == null ? 'macOS' : `macOS ${version}`,
    kernel: release == null ? null : `Darwin ${release}`,
    hostname: values.get('kern.hostname') ?? null,
  }
  return { os, cpu, memory, gpus: displays.gpus, notes }
}
