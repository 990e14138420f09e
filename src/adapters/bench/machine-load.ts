import { readFileSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { LoadSnapshot } from '../../core/bench-types.js'

/** The 1-minute load average (from /proc/loadavg on Linux, `os.loadavg()` elsewhere) and CPU count. */
export function readLoad(root = '/'): LoadSnapshot {
  const logicalCpus = os.availableParallelism()
  try {
    const first = readFileSync(path.join(root, 'proc/loadavg'), 'utf8').split(' ')[0]
    const value = Number(first)
    if (Number.isFinite(value)) return { loadAverage1m: value, logicalCpus }
  } catch {
    // Not Linux (or /proc hidden): fall through to Node's figure, which is 0 on Windows.
  }
  return process.platform === 'win32'
    ? { loadAverage1m: null, logicalCpus }
    : { loadAverage1m: os.loadavg()[0] ?? null, logicalCpus }
}

/**
 * The total size of the last-level cache over the whole machine, in bytes, from sysfs:
 * one instance per distinct `shared_cpu_list`, so a multi-CCX EPYC counts every L3 slice.
 * Null when sysfs does not say (macOS, Windows, some containers).
 */
export function readLastLevelCacheBytes(root = '/'): number | null {
  const cpuDir = path.join(root, 'sys/devices/system/cpu')
  let cpus: string[]
  try {
    cpus = readdirSync(cpuDir).filter((name) => /^cpu\d+$/.test(name))
  } catch {
    return null
  }
  const instances = new Map<string, { level: number; bytes: number }>()
  for (const cpu of cpus) {
    const cacheDir = path.join(cpuDir, cpu, 'cache')
    let indexes: string[]
    try {
      indexes = readdirSync(cacheDir).filter((name) => name.startsWith('index'))
    } catch {
      continue
    }
    for (const index of indexes) {
      const read = (file: string) => readText(path.join(cacheDir, index, file))
      const level = Number(read('level'))
      const bytes = parseCacheSize(read('size'))
      const type = read('type')
      if (!Number.isFinite(level) || bytes == null || type === 'Instruction') continue
      instances.set(`${level}:${read('shared_cpu_list') ?? cpu}`, { level, bytes })
    }
  }
  const all = [...instances.values()]
  if (all.length === 0) return null
  const top = Math.max(...all.map((c) => c.level))
  return all.filter((c) => c.level === top).reduce((sum, c) => sum + c.bytes, 0)
}

/** Physical cores: distinct (package, core) pairs in sysfs, else the logical CPU count. */
export function readPhysicalCores(root = '/'): number {
  const cpuDir = path.join(root, 'sys/devices/system/cpu')
  try {
    const pairs = new Set<string>()
    for (const cpu of readdirSync(cpuDir).filter((name) => /^cpu\d+$/.test(name))) {
      const topo = path.join(cpuDir, cpu, 'topology')
      const core = readText(path.join(topo, 'core_id'))
      if (core == null) continue
      pairs.add(`${readText(path.join(topo, 'physical_package_id')) ?? '0'}:${core}`)
    }
    if (pairs.size > 0) return pairs.size
  } catch {
    // No sysfs: fall back below.
  }
  return os.availableParallelism()
}

/** Parses sysfs cache sizes such as `32768K` or `1M`. */
export function parseCacheSize(text: string | null): number | null {
  const match = /^(\d+)\s*([KMG]?)/i.exec(text ?? '')
  if (match == null) return null
  const unit = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[(match[2] ?? '').toUpperCase()] ?? 1
  return Number(match[1]) * unit
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    return null
  }
}
