import type { CpuInfo, ProbeNote } from '../../../core/hardware.js'
import { archFromMachine, khzToMHz, parseCpuinfo } from './parse-cpuinfo.js'
import { listDir, readText, readValue } from './read-tree.js'

/** The CPU facts plus the `hypervisor` flag, which the virtualization verdict needs. */
export interface CpuReading {
  readonly cpu: CpuInfo
  readonly hypervisorFlag: boolean | null
  readonly notes: readonly ProbeNote[]
}

interface SysfsTopology {
  readonly threads: number
  readonly cores: number | null
  readonly sockets: number | null
}

// Used when cpuinfo lacks `physical id`/`core id` (arm64, some hypervisors): the kernel's
// topology files say the same thing for every architecture.
async function readTopology(root: string): Promise<SysfsTopology> {
  const cpus = (await listDir(root, 'sys/devices/system/cpu')).filter((n) => /^cpu\d+$/.test(n))
  const ids = await Promise.all(
    cpus.map((cpu) =>
      Promise.all([
        readValue(root, `sys/devices/system/cpu/${cpu}/topology/physical_package_id`),
        readValue(root, `sys/devices/system/cpu/${cpu}/topology/core_id`),
      ]),
    ),
  )
  const complete = ids.length > 0 && ids.every(([pkg, core]) => pkg != null && core != null)
  if (!complete) return { threads: cpus.length, cores: null, sockets: null }
  return {
    threads: cpus.length,
    cores: new Set(ids.map(([pkg, core]) => `${pkg}:${core}`)).size,
    sockets: new Set(ids.map(([pkg]) => pkg)).size,
  }
}

/** Reads /proc/cpuinfo, the kernel arch and cpufreq/topology sysfs under `root`. */
export async function readCpu(root: string): Promise<CpuReading> {
  const [text, machine, maxKHz] = await Promise.all([
    readText(root, 'proc/cpuinfo'),
    readValue(root, 'proc/sys/kernel/arch'),
    readValue(root, 'sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq'),
  ])
  const notes: ProbeNote[] = []
  const parsed = text != null ? parseCpuinfo(text) : null
  // Two reads per logical CPU: only worth it when cpuinfo left the topology open.
  const topology =
    parsed?.coresFromIds != null && parsed.threads > 0
      ? { threads: 0, cores: null, sockets: null }
      : await readTopology(root)
  if (parsed == null)
    notes.push({
      area: 'cpu',
      message: 'Could not read /proc/cpuinfo: CPU model and SIMD features are unknown',
      fix: 'Run the probe on the Linux host itself, with /proc mounted',
    })
  const threads = parsed != null && parsed.threads > 0 ? parsed.threads : topology.threads
  const cores = parsed?.coresFromIds ?? topology.cores ?? parsed?.coresFromCount ?? threads
  if (threads === 0)
    notes.push({
      area: 'cpu',
      message: 'No CPU count found in /proc/cpuinfo or /sys/devices/system/cpu',
      fix: null,
    })
  const arch =
    machine != null && machine !== '' ? archFromMachine(machine) : (parsed?.arch ?? 'other')
  return {
    cpu: {
      vendor: parsed?.vendor ?? null,
      model: parsed?.model ?? null,
      arch,
      cores,
      threads,
      sockets: parsed?.sockets ?? topology.sockets,
      simd: parsed?.simd ?? [],
      clockMHz: parsed?.clockMHz ?? null,
      maxClockMHz: khzToMHz(maxKHz),
    },
    hypervisorFlag: parsed?.hypervisorFlag ?? null,
    notes,
  }
}
